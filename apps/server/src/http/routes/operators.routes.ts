import {
  CreateOperatorRequest,
  EntryPoint,
  ErrorBody,
  LocaleRequest,
  Operator,
  PresenceRequest,
  Queue,
  UpdateOperatorRequest,
} from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { requireRole, sessionOf } from '../auth-guard.ts';

export function operatorRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const anyone = requireRole(services);
    const admin = requireRole(services, ['admin']);
    const supervisor = requireRole(services, ['supervisor', 'admin']);

    app.get(
      '/operators',
      { preHandler: anyone, schema: { tags: ['operators'], response: { 200: z.array(Operator) } } },
      () => services.operators.list(),
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
        const created = await services.operators.create(request.body, sessionOf(request).operator.id);
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
        const updated = await services.operators.setDisabled(
          id,
          request.body.disabled,
          sessionOf(request).operator.id,
        );
        if (request.body.disabled) await services.sessions.endAllOf(id, 'disabled');
        return updated;
      },
    );

    app.put(
      '/operators/me/presence',
      {
        preHandler: anyone,
        schema: { tags: ['operators'], body: PresenceRequest, response: { 200: Operator } },
      },
      (request) => services.operators.setPresence(sessionOf(request).operator.id, request.body.presence),
    );

    app.put(
      '/operators/me/locale',
      {
        preHandler: anyone,
        schema: { tags: ['operators'], body: LocaleRequest, response: { 200: Operator } },
      },
      (request) => services.operators.setLocale(sessionOf(request).operator.id, request.body.locale),
    );

    app.get(
      '/queues',
      { preHandler: anyone, schema: { tags: ['queues'], response: { 200: z.array(Queue) } } },
      async () => {
        const rows = await services.store.db
          .selectFrom('queues')
          .leftJoin('cases', (j) =>
            j.onRef('cases.queue_id', '=', 'queues.id').on('cases.status', '=', 'queued'),
          )
          .select((eb) => [
            'queues.id',
            'queues.name',
            'queues.name_ru',
            'queues.name_en',
            eb.fn.count<number>('cases.id').as('waiting'),
          ])
          .groupBy(['queues.id', 'queues.name', 'queues.name_ru', 'queues.name_en'])
          .orderBy('queues.id')
          .execute();
        return rows.map((r) => ({
          id: r.id,
          name: r.name,
          nameRu: r.name_ru,
          nameEn: r.name_en,
          waiting: Number(r.waiting),
        }));
      },
    );

    app.get(
      '/entry-points',
      { preHandler: anyone, schema: { tags: ['queues'], response: { 200: z.array(EntryPoint) } } },
      () => services.webchat.entryPoints(),
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
      async (request) => {
        const rows = await services.store.db
          .selectFrom('audit_log')
          .selectAll()
          .orderBy('id', 'desc')
          .limit(request.query.limit)
          .execute();
        return rows.map((r) => ({
          id: r.id,
          actorOperatorId: r.actor_operator_id,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          details: JSON.parse(r.details) as unknown,
          createdAt: r.created_at,
        }));
      },
    );
  };
}
