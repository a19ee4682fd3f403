import type { CaseSummary } from '@frontline/shared';

function activityTime(c: CaseSummary): number {
  const t = Date.parse(c.lastMessageAt ?? c.openedAt);
  return Number.isNaN(t) ? 0 : t;
}

/** Inbox order: newest activity first, then newest case. Returns a new array. */
export function sortCases(cases: readonly CaseSummary[]): CaseSummary[] {
  return [...cases].sort((a, b) => activityTime(b) - activityTime(a) || b.id - a.id);
}
