import { ErrorBody, QueuePhrases } from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AuditLog } from '../../modules/audit/audit-log.ts';
import { updateQueuePhrases, type QueuePhrasesStore } from '../../modules/queue-position/queue-phrases.ts';
import type { Store } from '../../store/store.ts';
import { requireRole, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';

/** What the queue-phrases routes use. */
export interface QueuePhrasesRouteDeps {
  guard: AuthGuardDeps;
  store: Store;
  phrases: QueuePhrasesStore;
  audit: AuditLog;
}

/** What messenger customers are told about their place in the queue (admin only; docs/routing.md). */
export function queuePhrasesRoutes(deps: QueuePhrasesRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const admin = requireRole(deps.guard, ['admin']);
    app.get(
      '/admin/settings/queue-phrases',
      {
        preHandler: admin,
        schema: {
          tags: ['settings'],
          summary: 'The queue-position phrases (RU/EN) and the question pattern, defaults filled in',
          response: { 200: QueuePhrases, 403: ErrorBody },
        },
      },
      () => deps.phrases.read(),
    );
    app.put(
      '/admin/settings/queue-phrases',
      {
        preHandler: admin,
        schema: {
          tags: ['settings'],
          summary: 'Replace the queue-position phrases (a field left out takes its default); audited',
          body: QueuePhrases,
          response: { 200: QueuePhrases, 400: ErrorBody, 403: ErrorBody },
        },
      },
      (request) => updateQueuePhrases(deps, sessionOf(request).operator.id, request.body),
    );
  };
}
