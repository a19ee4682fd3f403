import type { SearchKind, SearchResults } from '@frontline/shared';
import type { PhoneRegion } from '../../lib/normalize-phone.ts';
import type { Store } from '../../store/store.ts';
import type { Viewer } from '../cases/case-visibility.ts';
import { buildSnippet } from './build-snippet.ts';
import { createMessageSearch } from './create-message-search.ts';
import type { MessageSearch } from './message-search.ts';
import { parseSearchQuery } from './parse-search-query.ts';
import { searchCases } from './search-cases.ts';
import { searchCustomers } from './search-customers.ts';

/**
 * Search across customers, cases and message text (docs/search.md), always within what the viewer may see.
 *
 * @example await search.search(actor, { q: 'оплатить', kind: 'messages', limit: 10 })
 */
export class SearchService {
  private readonly messages: MessageSearch;

  constructor(private readonly deps: { store: Store; region: PhoneRegion; messages?: MessageSearch }) {
    this.messages = deps.messages ?? createMessageSearch(deps.store);
  }

  /** Results grouped by kind; `q` that is blank, too long or has nothing to look for is 400 `SEARCH_QUERY_INVALID`. */
  async search(
    viewer: Viewer,
    request: { q: string; kind: SearchKind; limit: number },
  ): Promise<SearchResults> {
    const query = parseSearchQuery(request.q, this.deps.region);
    const wants = (kind: SearchKind) => request.kind === 'all' || request.kind === kind;
    const { store } = this.deps;
    const [customers, cases, messages, index] = await Promise.all([
      wants('customers') ? searchCustomers(store, viewer, query, request.limit) : [],
      wants('cases') ? searchCases(store.db, viewer, query.caseId) : [],
      wants('messages') ? this.messages.find(viewer, query, request.limit) : [],
      wants('messages') ? this.messages.state() : { fresh: true, pendingMessages: 0 },
    ]);
    return {
      customers,
      cases,
      messages: messages.map(({ text, ...m }) => ({ ...m, snippet: buildSnippet(text, query.terms) })),
      index,
    };
  }
}
