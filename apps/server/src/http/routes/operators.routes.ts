import {
  CreateOperatorRequest,
  EntryPoint,
  ErrorBody,
  LocaleRequest,
  Operator,
  PresenceRequest,
  PresenceState,
  Queue,
  ShiftEndResponse,
  UpdateOperatorRequest,
} from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store/store.ts';
import type { AuditLog } from '../../modules/audit/audit-log.ts';
import type { SessionService } from '../../modules/auth/session-service.ts';
import type { OperatorService } from '../../modules/operators/operator-service.ts';
import type { PresenceService } from '../../modules/presence/presence-service.ts';
import type { QueueDirectory } from '../../modules/queues/queue-directory.ts';
import { requireRole, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';

/** What the operator, queue and audit routes use. */
export interface OperatorRouteDeps {
  guard: AuthGuardDeps;
  store: Store;
  operators: OperatorService;
  presence: Pick<PresenceService, 'state' | 'set' | 'endShift'>;
  sessions: Pick<SessionService, 'endAllOf'>;
  queues: QueueDirectory;
  audit: AuditLog;
  /** The entry points customers may pick (the web chat's list). */
  entryPoints: () => Promise<EntryPoint[]>;
}

/** Operators (list, create, disable, own presence and language), queues, entry points, the audit log. */
export function operatorRoutes(deps: OperatorRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const anyone = requireRole(deps.guard);
    const admin = requireRole(deps.guard, ['admin']);
    const supervisor = requireRole(deps.guard, ['supervisor', 'admin']);

    app.get(
      '/operators',
      { preHandler: anyone, schema: { tags: ['operators'], response: { 200: z.array(Operator) } } },
      () => deps.operators.list(),
    );

    app.post(
      '/operators',
      {
        preHandler: admin,
        schema: {
          tags: ['operators'],
          summary: 'Create an operator (admin)',
          body: CreateOperatorRequest,
          response: { 201: Operator, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        const created = await deps.operators.create(request.body, sessionOf(request).operator.id);
        return reply.status(201).send(created);
      },
    );

    app.patch(
      '/operators/:id',
      {
        preHandler: admin,
        schema: {
          tags: ['operators'],
          summary: 'Disable or enable an operator (admin); disabling closes their sessions and sockets',
          params: z.object({ id: z.coerce.number().int().min(1) }),
          body: UpdateOperatorRequest,
          response: { 200: Operator, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => {
        const { id } = request.params;
        const updated = await deps.operators.setDisabled(
          id,
          request.body.disabled,
          sessionOf(request).operator.id,
        );
        if (request.body.disabled) await deps.sessions.endAllOf(id, 'disabled');
        return updated;
      },
    );

    app.get(
      '/operators/me/presence',
      {
        preHandler: anyone,
        schema: {
          tags: ['operators'],
          summary: 'Your presence and the break reasons you may choose from',
          response: { 200: PresenceState },
        },
      },
      (request) => deps.presence.state(sessionOf(request).operator.id),
    );

    app.put(
      '/operators/me/presence',
      {
        preHandler: anyone,
        schema: {
          tags: ['operators'],
          summary:
            'Set your presence: online, away (optionally with a break reason), offline (your unstarted cases go back to the queue)',
          body: PresenceRequest,
          response: { 200: Operator, 400: ErrorBody, 422: ErrorBody },
        },
      },
      (request) => deps.presence.set(sessionOf(request).operator.id, request.body),
    );

    app.post(
      '/operators/me/shift-end',
      {
        preHandler: anyone,
        schema: {
          tags: ['operators'],
          summary: 'End your shift: you go offline and all your open cases go back to their queues',
          response: { 200: ShiftEndResponse },
        },
      },
      (request) => deps.presence.endShift(sessionOf(request).operator.id),
    );

    app.put(
      '/operators/me/locale',
      {
        preHandler: anyone,
        schema: { tags: ['operators'], body: LocaleRequest, response: { 200: Operator } },
      },
      (request) => deps.operators.setLocale(sessionOf(request).operator.id, request.body.locale),
    );

    app.get(
      '/queues',
      { preHandler: anyone, schema: { tags: ['queues'], response: { 200: z.array(Queue) } } },
      () => deps.queues.list(),
    );

    app.get(
      '/entry-points',
      { preHandler: anyone, schema: { tags: ['queues'], response: { 200: z.array(EntryPoint) } } },
      () => deps.entryPoints(),
    );

    app.get(
      '/audit',
      {
        preHandler: supervisor,
        schema: {
          tags: ['audit'],
          summary: 'The audit log, newest first (supervisor, admin)',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: {
            200: z.array(
              z.object({
                id: z.number(),
                actorOperatorId: z.number().nullable(),
                action: z.string(),
                targetType: z.string(),
                targetId: z.string(),
                details: z.unknown(),
                createdAt: z.string(),
              }),
            ),
            403: ErrorBody,
          },
        },
      },
      (request) => deps.audit.recent(deps.store.db, request.query.limit),
    );
  };
}
