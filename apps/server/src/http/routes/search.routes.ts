import { ErrorBody, SearchQuery, SearchResults } from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SearchService } from '../../modules/search/search-service.ts';
import { actorOf, requireRole, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';

/** What the search route uses. */
export interface SearchRouteDeps {
  guard: AuthGuardDeps;
  search: SearchService;
}

/** One search box over customers, cases and message text (docs/search.md). */
export function searchRoutes(deps: SearchRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/search',
      {
        preHandler: requireRole(deps.guard),
        schema: {
          tags: ['search'],
          operationId: 'search',
          summary: 'Search customers, cases and messages I may see',
          description:
            '`q` is a name, a phone in any spelling (`8 (927) 123-45-67`, `+79271234567`), an e-mail, an external ' +
            'id, a case number (`#123` or `123`) or words of a message (Russian and English word forms: ' +
            '«оплатить» finds «оплатил» and «оплата»). Each group is ordered by relevance, then recency. ' +
            '`index.fresh` is false while new messages still wait to be indexed. A blank `q`, one longer than ' +
            '200 characters or one without a letter or digit is 400 `SEARCH_QUERY_INVALID`.',
          querystring: SearchQuery,
          response: { 200: SearchResults, 400: ErrorBody },
        },
      },
      (request) => deps.search.search(actorOf(sessionOf(request)), request.query),
    );
  };
}
