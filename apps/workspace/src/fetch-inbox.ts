import type { CaseSummary } from '@frontline/shared';
import type { Api } from './api.ts';
import type { InboxFilter } from './inbox-filter.ts';

/** Loads the inbox list for a tab + queue filter (the "All open" tab is queued ∪ assigned). */
export async function fetchInbox(api: Api, filter: InboxFilter): Promise<CaseSummary[]> {
  const queueId = filter.queueId;
  switch (filter.tab) {
    case 'mine':
      return api.listCases({ status: 'assigned', assignee: 'me', queueId });
    case 'queue':
      return api.listCases({ status: 'queued', queueId });
    case 'open': {
      const [queued, assigned] = await Promise.all([
        api.listCases({ status: 'queued', queueId }),
        api.listCases({ status: 'assigned', queueId }),
      ]);
      return [...queued, ...assigned];
    }
    case 'resolved':
      return api.listCases({ status: 'resolved', queueId });
  }
}
