import { OperatorClientFrame, operatorSocketClose, type OperatorServerFrame } from '@frontline/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireRole, sessionCookie, sessionOf } from '../http/auth-guard.ts';
import { AppError } from '../lib/errors.ts';
import type { SessionEndReason, SessionEnded } from '../modules/auth/session-service.ts';
import type { Services } from '../services.ts';
import type { PublishedEvent } from './event-bus.ts';
import { keepAlive, streamEvents } from './stream-socket.ts';
import type { WebSocket } from 'ws';

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

/**
 * How often an open socket re-reads its session from the store: a logout or a disabled operator on
 * another node closes the socket within this time (on this node it is closed at once).
 */
const revalidateEveryMs = 60_000;

const closeFor: Record<SessionEndReason, { code: number; reason: string }> = {
  logout: { code: operatorSocketClose.sessionEnded, reason: 'session ended: logged out' },
  expired: { code: operatorSocketClose.sessionEnded, reason: 'session expired' },
  disabled: { code: operatorSocketClose.operatorDisabled, reason: 'operator disabled' },
  password_changed: { code: operatorSocketClose.sessionEnded, reason: 'session ended: password changed' },
};

/** Closes an operator socket because its session ended; nothing is sent on it afterwards. */
function endSocket(socket: WebSocket, reason: SessionEndReason): void {
  if (socket.readyState !== socket.OPEN && socket.readyState !== socket.CONNECTING) return;
  const { code, reason: text } = closeFor[reason];
  socket.close(code, text);
}

/** `/api/v1/realtime`: operators' live events, resumable from a cursor (`since`). */
export function registerOperatorGateway(app: FastifyInstance, services: Services): void {
  const auth = requireRole(services);
  /** This node's open operator sockets, so that a logout or a disabled operator closes them at once. */
  const open = new Set<{ socket: WebSocket; sessionId: string; operatorId: number }>();
  const offEnded = services.sessions.onEnded((ended: SessionEnded) => {
    for (const entry of open) {
      if (entry.operatorId !== ended.operatorId) continue;
      if (ended.sessionId !== undefined && entry.sessionId !== ended.sessionId) continue;
      endSocket(entry.socket, ended.reason);
    }
  });
  app.addHook('onClose', async () => {
    offEnded();
  });
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
      const entry = { socket, sessionId: session.id, operatorId: me.id };
      open.add(entry);
      /** The session is checked against the clock before anything is sent, so an expired one gets nothing. */
      const live = () => {
        if (services.clock.now().toISOString() < session.expiresAt) return true;
        endSocket(socket, 'expired');
        return false;
      };
      const revalidate = setInterval(() => {
        const token = request.cookies[sessionCookie] ?? '';
        services.sessions.resolve(token).then(
          (current) => {
            if (current) return void live();
            // Gone or disabled: tell which, when the operator row says so.
            void services.operators.findById(me.id).then(
              (row) => endSocket(socket, row?.disabled ? 'disabled' : 'logout'),
              () => endSocket(socket, 'logout'),
            );
          },
          (error: unknown) => request.log.warn({ err: error }, 'operator session check failed'),
        );
      }, revalidateEveryMs);
      revalidate.unref();
      const visible = (e: Pick<PublishedEvent, 'audience' | 'queue_id' | 'operator_id'>) =>
        e.audience === 'operators' &&
        (me.role !== 'operator' ||
          e.operator_id === me.id ||
          (e.queue_id !== null && session.queueIds.includes(e.queue_id))) &&
        live();

      const offSignal = services.bus.onSignal((s) => {
        if (s.to.audience !== 'operators') return;
        if (!visible({ audience: 'operators', queue_id: s.to.queueId, operator_id: s.to.operatorId })) return;
        const frame: OperatorServerFrame = { type: 'typing', caseId: s.caseId, who: 'customer' };
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
      });
      let offEvents = () => {};
      socket.on('close', () => {
        open.delete(entry);
        clearInterval(revalidate);
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
        if (parsed.type === 'typing')
          // Best effort (typing is not stored); a store that is away must not take the process down.
          relayTyping(parsed.caseId).catch((error: unknown) =>
            request.log.debug({ err: error }, 'typing not relayed'),
          );
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
