import {
  maxViewedCases,
  OperatorClientFrame,
  OperatorEvent,
  operatorSocketClose,
  type ResyncReason,
} from '@frontline/shared';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { readLatestSeq } from '../../modules/events/read-latest-seq.ts';
import { readTypingTarget } from '../../modules/events/read-typing-target.ts';
import type { PublishedEvent } from '../../modules/events/event-bus.ts';
import type { Config } from '../../config.ts';
import type { Clock } from '../../lib/clock.ts';
import { mayHoldFileUrls, type AttachmentUrls } from '../../modules/attachments/attachment-urls.ts';
import type { SessionEndReason, SessionEnded, SessionService } from '../../modules/auth/session-service.ts';
import type { CaseService } from '../../modules/cases/case-service.ts';
import type { EventBus } from '../../modules/events/event-bus.ts';
import type { OperatorService } from '../../modules/operators/operator-service.ts';
import type { SocketPresence } from '../../modules/presence/socket-presence.ts';
import type { Store } from '../../store/store.ts';
import { requireRole, sessionCookie, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';
import { CaseCollision, viewPermission } from './case-collision.ts';
import { OperatorHub, type OperatorConnection, type PreparedEvent } from './operator-hub.ts';
import { replayOperatorBacklog } from './replay-operator-backlog.ts';
import { batchFrame, SocketWriter } from './socket-writer.ts';
import { keepAlive } from './stream-socket.ts';

/**
 * Without `since` the stream starts now (the client loads current state over REST first). `view` lists
 * the cases the client has open (comma-separated), so a resume replays their full events.
 */
const Query = z.object({
  since: z.coerce.number().int().min(0).optional(),
  view: z
    .string()
    .max(400)
    .optional()
    .transform((v) => (v ? v.split(',').map(Number) : []))
    .pipe(z.array(z.number().int().min(1)).max(maxViewedCases)),
});

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

/** What the operator gateway uses. */
export interface OperatorGatewayDeps extends AuthGuardDeps {
  sessions: Pick<SessionService, 'resolve' | 'onEnded'>;
  operators: Pick<OperatorService, 'findById'>;
  cases: Pick<CaseService, 'canSee'>;
  bus: EventBus;
  files: Pick<AttachmentUrls, 'refreshIn'>;
  clock: Clock;
  store: Store;
  config: Pick<Config, 'realtime'>;
  /** Counts this node's sockets per operator: the last one gone for the grace sets them offline. */
  presenceSockets: Pick<SocketPresence, 'opened'>;
}

/** `/api/v1/realtime`: operators' live events, resumable from a cursor (`since`); docs/realtime.md. */
export function registerOperatorGateway(app: FastifyInstance, services: OperatorGatewayDeps): void {
  const auth = requireRole(services);
  const limits = services.config.realtime;
  /** Parse once, refresh file URLs once, serialise once: the frame is shared by every recipient. */
  const prepare = (row: PublishedEvent): PreparedEvent | null => {
    // This node's own event without file URLs: the object it was written from, and the payload as the frame.
    if (row.event && !mayHoldFileUrls(row.payload))
      return {
        row,
        event: row.event as OperatorEvent,
        frame: `{"type":"event","id":${row.seq},"event":${row.payload}}`,
      };
    const parsed = OperatorEvent.safeParse(JSON.parse(row.payload));
    if (!parsed.success) {
      app.log.error({ seq: row.seq, type: row.type }, 'a stored operator event does not parse: not sent');
      return null;
    }
    const event = parsed.data;
    if (mayHoldFileUrls(row.payload)) services.files.refreshIn(event);
    return { row, event, frame: `{"type":"event","id":${row.seq},"event":${JSON.stringify(event)}}` };
  };
  const hub = new OperatorHub(prepare, limits);
  const collision = new CaseCollision({ mayView: viewPermission(services.store.db, services.cases) });
  const offEvents = services.bus.onEvents((events) => hub.onEvents(events));
  const offSignals = services.bus.onSignal((signal) => hub.onSignal(signal));
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
    offEvents();
    offSignals();
    hub.close();
    collision.close();
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
      const query = Query.safeParse(request.query);
      if (!query.success) return socket.close(1008, 'VALIDATION_FAILED: bad since or view');
      keepAlive(socket);
      const entry = { socket, sessionId: session.id, operatorId: me.id };
      open.add(entry);
      const leavePresence = services.presenceSockets.opened(me.id);
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

      /** The client's cursor never moves back: the hub's may start below it (a node that just started). */
      let floor = query.data.since ?? 0;
      const cursor = () => Math.max(floor, hub.cursor());
      const resyncFrame = (reason: ResyncReason, at: number) =>
        JSON.stringify({ type: 'resync', cursor: at, reason });
      const writer = new SocketWriter(
        socket,
        hub.scheduler,
        { kind: 'batch', cursor },
        { maxUnsentBytes: limits.maxSocketBufferBytes, maxQueuedBytes: limits.maxBatchBytes },
        () => {
          // Too slow: nothing more is queued for it; it is told to resync, then closed (and cut off if it
          // does not read the close either).
          request.log.warn({ operatorId: me.id }, 'realtime socket too slow: asked to resync');
          socket.send(batchFrame(cursor(), [resyncFrame('slow', cursor())]));
          socket.close(operatorSocketClose.resync, 'RESYNC: too slow, reload and reconnect');
          setTimeout(() => socket.terminate(), limits.closeGraceMs).unref();
        },
      );
      const connection: OperatorConnection = {
        recipient: { operatorId: me.id, role: me.role, queueIds: session.queueIds },
        writer,
        viewed: new Set(query.data.view),
        isLive: live,
      };
      // Live frames wait (bounded) while the backlog is replayed; registering first leaves no gap.
      writer.hold();
      hub.add(connection);
      collision.add(connection, me.name);
      socket.on('close', () => {
        open.delete(entry);
        leavePresence();
        clearInterval(revalidate);
        hub.remove(connection);
        collision.remove(connection);
      });
      socket.on('message', (data: Buffer) => {
        let parsed: OperatorClientFrame;
        try {
          parsed = OperatorClientFrame.parse(JSON.parse(data.toString('utf8')));
        } catch {
          socket.send(JSON.stringify({ type: 'error', code: 'VALIDATION_FAILED', message: 'unknown frame' }));
          return;
        }
        if (parsed.type === 'view') {
          hub.view(connection, parsed.caseIds);
          return collision.viewChanged(connection);
        }
        if (parsed.type === 'typing') collision.typed(connection, parsed.caseId);
        if (parsed.type === 'typing' && !parsed.note)
          // Best effort (typing is not stored); a store that is away must not take the process down.
          relayTyping(parsed.caseId).catch((error: unknown) =>
            request.log.debug({ err: error }, 'typing not relayed'),
          );
      });

      async function relayTyping(caseId: number) {
        const row = await readTypingTarget(services.store.db, caseId);
        if (
          !row ||
          row.last_identity_id === null ||
          !services.cases.canSee({ id: me.id, name: me.name, role: me.role, queueIds: session.queueIds }, row)
        )
          return;
        services.bus.signal({
          kind: 'typing',
          caseId,
          to: { audience: 'customer', identityId: row.reply_identity_id ?? row.last_identity_id },
        });
      }

      try {
        const since = query.data.since ?? (await readLatestSeq(services.store.db));
        floor = since;
        const replay = await replayOperatorBacklog({
          db: services.store.db,
          recipient: connection.recipient,
          viewed: connection.viewed,
          since,
          maxEvents: limits.maxReplayEvents,
          prepare,
        });
        if (!live()) return;
        if (replay.kind === 'behind') {
          // The client reloads over REST after this, so every event up to the log's top is in what it loads.
          floor = Math.max(cursor(), await readLatestSeq(services.store.db));
          const at = cursor();
          writer.sendNow(batchFrame(at, [resyncFrame('behind', at), `{"type":"ready","cursor":${at}}`]));
        } else {
          for (const batch of replay.batches) if (!writer.sendNow(batch)) return;
        }
        writer.release();
      } catch (error) {
        request.log.error({ err: error }, 'operator stream failed');
        socket.close(1011, 'stream failed');
      }
    },
  );
}
