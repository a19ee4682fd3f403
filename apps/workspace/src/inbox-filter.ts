import type { CaseSummary } from '@frontline/shared';

export const inboxTabs = ['mine', 'queue', 'open', 'resolved'] as const;
export type InboxTab = (typeof inboxTabs)[number];

export interface InboxFilter {
  tab: InboxTab;
  /** Only cases of this queue; `null` for all queues. */
  queueId: number | null;
}

/**
 * Whether a case belongs in the inbox list for `filter`, as seen by operator `meId`.
 * The realtime reducer uses it to add, keep or drop a case when it changes.
 */
export function matchesFilter(c: CaseSummary, filter: InboxFilter, meId: number): boolean {
  if (filter.queueId !== null && c.queueId !== filter.queueId) return false;
  switch (filter.tab) {
    case 'mine':
      return c.assigneeId === meId && c.status !== 'resolved';
    case 'queue':
      return c.status === 'queued';
    case 'open':
      return c.status !== 'resolved';
    case 'resolved':
      return c.status === 'resolved';
  }
}
