import type { CaseSummary } from '@frontline/shared';

/** `activity`: newest activity first (most tabs); `queue`: the queue tab's routing order. */
export type CaseOrder = 'activity' | 'queue';

function activityTime(c: CaseSummary): number {
  const t = Date.parse(c.lastMessageAt ?? c.openedAt);
  return Number.isNaN(t) ? 0 : t;
}

/** When the case began to wait (`queuedAt`, else `openedAt`), as ms. */
export function waitingSince(c: Pick<CaseSummary, 'queuedAt' | 'openedAt'>): number {
  const t = Date.parse(c.queuedAt ?? c.openedAt);
  return Number.isNaN(t) ? 0 : t;
}

/**
 * Inbox order: newest activity first, then newest case; or, for the queue tab, the server's queue order —
 * highest priority, then longest waiting, then lowest id. Returns a new array.
 */
export function sortCases(cases: readonly CaseSummary[], order: CaseOrder = 'activity'): CaseSummary[] {
  if (order === 'queue')
    return [...cases].sort(
      (a, b) => b.priority - a.priority || waitingSince(a) - waitingSince(b) || a.id - b.id,
    );
  return [...cases].sort((a, b) => activityTime(b) - activityTime(a) || b.id - a.id);
}
