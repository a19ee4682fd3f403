import { CaseRecap, ErrorBody } from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadCaseRecap, type CaseRecapDeps } from '../../modules/recap/load-case-recap.ts';
import { actorOf, requireRole, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

/** What the recap route uses. */
export interface RecapRouteDeps extends CaseRecapDeps {
  guard: AuthGuardDeps;
}

/** The recap of a case for the operator who picks it up (docs/recap.md). */
export function recapRoutes(deps: RecapRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/cases/:id/recap',
      {
        preHandler: requireRole(deps.guard),
        schema: {
          tags: ['cases'],
          summary: 'Recap for the next operator: topic, first and unanswered question, promises, open items',
          description:
            'Computed from the case messages on every request (nothing is stored), so it is as new as they are. ' +
            'The same visibility as the case itself: a case you may not see is `CASE_NOT_FOUND`.',
          params: IdParams,
          response: { 200: CaseRecap, 404: ErrorBody },
        },
      },
      async (request) => loadCaseRecap(deps, actorOf(sessionOf(request)), request.params.id),
    );
  };
}
