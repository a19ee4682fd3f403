import { OperatorClientFrame, type OperatorServerFrame } from '@frontline/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireRole, sessionOf } from '../http/auth-guard.ts';
import { AppError } from '../lib/errors.ts';
import type { Services } from '../services.ts';
import type { PublishedEvent } from './event-bus.ts';
import { keepAlive, streamEvents } from './stream-socket.ts';

/** Without `since` the stream starts now (the client loads current state over REST first). */
const Query = z.object({ since: z.coerce.number().int().min(0).optional() });

/** Rejects cross-site WebSocket hijacking: a browser sends Origin; it must be this host. */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true; // not a browser
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** `/api/v1/realtime`: operators' live events, resumable from a cursor (`since`). */
export function registerOperatorGateway(app: FastifyInstance, services: Services): void {
  const auth = requireRole(services);
  app.get(
    '/api/v1/realtime',
    {
      websocket: true,
      schema: { hide: true },
      preValidation: async (request, reply) => {
        if (!sameOrigin(request.headers.origin, request.headers.host))
          throw new AppError('FORBIDDEN', 'cross-origin socket refused');
        await auth(request, reply);
      },
    },
    async (socket, request) => {
      const session = sessionOf(request);
      const me = session.operator;
      const query = Query.parse(request.query);
      keepAlive(socket);
      const visible = (e: Pick<PublishedEvent, 'audience' | 'queue_id' | 'operator_id'>) =>
        e.audience === 'operators' &&
        (me.role !== 'operator' ||
          e.operator_id === me.id ||
          (e.queue_id !== null && session.queueIds.includes(e.queue_id)));

      const offSignal = services.bus.onSignal((s) => {
        if (s.to.audience !== 'operators') return;
        if (!visible({ audience: 'operators', queue_id: s.to.queueId, operator_id: s.to.operatorId })) return;
        const frame: OperatorServerFrame = { type: 'typing', caseId: s.caseId, who: 'customer' };
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
      });
      let offEvents = () => {};
      socket.on('close', () => {
        offSignal();
        offEvents();
      });
      socket.on('message', (data: Buffer) => {
        let parsed: OperatorClientFrame;
        try {
          parsed = OperatorClientFrame.parse(JSON.parse(data.toString('utf8')));
        } catch {
          socket.send(JSON.stringify({ type: 'error', code: 'VALIDATION_FAILED', message: 'unknown frame' }));
          return;
        }
        if (parsed.type === 'typing') void relayTyping(parsed.caseId);
      });

      async function relayTyping(caseId: number) {
        const row = await services.store.db
          .selectFrom('cases')
          .select(['id', 'queue_id', 'assignee_id', 'last_identity_id', 'status'])
          .where('id', '=', caseId)
          .executeTakeFirst();
        if (
          !row ||
          row.last_identity_id === null ||
          !services.cases.canSee({ id: me.id, name: me.name, role: me.role, queueIds: session.queueIds }, row)
        )
          return;
        services.bus.signal({
          kind: 'typing',
          caseId,
          to: { audience: 'customer', identityId: row.last_identity_id },
        });
      }

      try {
        const since =
          query.since ??
          Number(
            (
              await services.store.db
                .selectFrom('outbox_events')
                .select((eb) => eb.fn.max('seq').as('s'))
                .executeTakeFirst()
            )?.s ?? 0,
          );
        offEvents = await streamEvents({
          socket,
          bus: services.bus,
          since,
          visible,
          readBacklog: async (after, limit) => {
            let q = services.store.db
              .selectFrom('outbox_events')
              .select(['seq', 'type', 'audience', 'queue_id', 'operator_id', 'identity_id', 'payload'])
              .where('audience', '=', 'operators')
              .where('seq', '>', after);
            if (me.role === 'operator') {
              q = q.where((eb) =>
                eb.or([
                  eb('operator_id', '=', me.id),
                  ...(session.queueIds.length ? [eb('queue_id', 'in', session.queueIds)] : []),
                ]),
              );
            }
            const rows = await q.orderBy('seq').limit(limit).execute();
            return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
          },
          frame: (e) => {
            const event: unknown = JSON.parse(e.payload);
            services.files.refreshIn(event);
            return { type: 'event', id: e.seq, event };
          },
          ready: (cursor) => ({ type: 'ready', cursor }),
        });
        if (socket.readyState !== socket.OPEN) offEvents();
      } catch (error) {
        request.log.error({ err: error }, 'operator stream failed');
        socket.close(1011, 'stream failed');
      }
    },
  );
}
