import type { Api, CasePage } from './api.ts';
import type { InboxFilter } from './inbox-filter.ts';

/**
 * Loads one page of the inbox list for a tab + queue filter (the "All open" tab is queued ∪ assigned);
 * `cursor` is the `nextCursor` of the page before.
 */
export async function fetchInbox(api: Api, filter: InboxFilter, cursor?: string): Promise<CasePage> {
  const queueId = filter.queueId;
  const page = cursor === undefined ? {} : { cursor };
  switch (filter.tab) {
    case 'mine':
      return api.listCasePage({ status: 'assigned', assignee: 'me', queueId, ...page });
    case 'queue':
      return api.listCasePage({ status: 'queued', queueId, ...page });
    case 'open':
      return api.listCasePage({ status: 'open', queueId, ...page });
    case 'resolved':
      return api.listCasePage({ status: 'resolved', queueId, ...page });
  }
}
