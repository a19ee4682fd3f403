import { ChatClientFrame, type ChatServerFrame } from '@frontline/shared';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Visitor } from '../../modules/chat/webchat-service.ts';
import { AppError } from '../../lib/errors.ts';
import type { PublishedEvent } from '../../modules/events/event-bus.ts';
import { readEventBacklog } from '../../modules/events/read-event-backlog.ts';
import type { Config } from '../../config.ts';
import type { Clock } from '../../lib/clock.ts';
import { mayHoldFileUrls, type AttachmentUrls } from '../../modules/attachments/attachment-urls.ts';
import type { WebchatService } from '../../modules/chat/webchat-service.ts';
import type { EventBus } from '../../modules/events/event-bus.ts';
import type { Store } from '../../store/store.ts';
import { isStorageFull } from '../../store/is-storage-full.ts';
import { isStoreUnavailable } from '../../store/is-store-unavailable.ts';
import type { CustomerStreams } from '../../modules/chat/customer-streams.ts';
import { ChatHub, type ChatConnection } from './chat-hub.ts';
import { FlushScheduler, SocketWriter } from './socket-writer.ts';
import { keepAlive, waitForDrain } from './stream-socket.ts';

const Query = z.object({ token: z.string().max(1024), since: z.coerce.number().int().min(0).default(0) });

declare module 'fastify' {
  interface FastifyRequest {
    visitor?: Visitor;
    /** Set when the upgrade came with an expired token: the socket is accepted and closed with 4401. */
    visitorTokenExpired?: boolean;
  }
}

/** Close codes of the chat socket (the reason starts with the stable code). */
export const chatCloseCodes = {
  /** The visitor token expired: refresh it and reconnect. */
  tokenExpired: 4401,
  /** The visitor has too many open sockets. */
  tooManySockets: 4429,
  /** The socket did not read its frames fast enough: reconnect with `since=<last seq>`. */
  slowConsumer: 4408,
} as const;

/** Events of one replay page. */
const replayPage = 500;

const maxTimerMs = 2 ** 31 - 1;
const RetryDetails = z.object({ retryAfterMs: z.number().int() });
const MessageId = z.object({ message: z.object({ clientMsgId: z.string() }) });

/** How long a client waits before sending again while the database is away (as HTTP's `Retry-After: 5`). */
const storeUnavailableRetryMs = 5000;

/**
 * The `error` frame for a client frame that failed: the same codes HTTP answers with (a full disk is
 * `INSUFFICIENT_STORAGE`, a database that is away `STORE_UNAVAILABLE` with a retry hint), `INTERNAL` only
 * for what is not understood.
 */
function errorFrame(error: unknown, log: FastifyBaseLogger): Extract<ChatServerFrame, { type: 'error' }> {
  if (error instanceof AppError) {
    const retry = RetryDetails.safeParse(error.details);
    return {
      type: 'error',
      code: error.code,
      message: error.message,
      ...(retry.success ? { retryAfterMs: retry.data.retryAfterMs } : {}),
    };
  }
  if (isStorageFull(error)) {
    log.error(
      { code: errorCodeOf(error), reason: errorMessageOf(error) },
      'storage full: a chat write was refused',
    );
    return {
      type: 'error',
      code: 'INSUFFICIENT_STORAGE',
      message: 'the server has no space left to store this; nothing was saved — try again later',
    };
  }
  if (isStoreUnavailable(error)) {
    // A write cut off at its commit may or may not be stored: sending the same clientMsgId again is safe.
    log.warn({ code: errorCodeOf(error), reason: errorMessageOf(error) }, 'store unavailable');
    return {
      type: 'error',
      code: 'STORE_UNAVAILABLE',
      message: 'the database is not reachable right now; send the same message again shortly',
      retryAfterMs: storeUnavailableRetryMs,
    };
  }
  log.error({ err: error }, 'chat frame failed');
  return { type: 'error', code: 'INTERNAL', message: 'internal error' };
}

function errorCodeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function errorMessageOf(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}

/** What the customer chat gateway uses. */
export interface ChatGatewayDeps {
  webchat: WebchatService;
  bus: EventBus;
  /** Told of each socket once it is live and when it closes (the queue-position service reads it). */
  customerStreams: Pick<CustomerStreams, 'opened' | 'closed'>;
  files: Pick<AttachmentUrls, 'refreshIn'>;
  clock: Clock;
  store: Store;
  config: Pick<Config, 'realtime'>;
}

/** `/api/v1/chat/ws`: the customer's live stream and send path (docs/chat-protocol.md). */
export function registerChatGateway(app: FastifyInstance, services: ChatGatewayDeps): void {
  const { webchat } = services;
  const limits = services.config.realtime;
  const scheduler = new FlushScheduler();
  /**
   * An event without file URLs goes out as stored; one with them is parsed, its URLs refreshed and serialised
   * once. Either frame is shared by every socket of the identity.
   */
  const frameOf = (row: PublishedEvent): string => {
    if (!mayHoldFileUrls(row.payload)) return `{"type":"event","seq":${row.seq},"event":${row.payload}}`;
    const event: unknown = JSON.parse(row.payload);
    services.files.refreshIn(event);
    return `{"type":"event","seq":${row.seq},"event":${JSON.stringify(event)}}`;
  };
  const tooSlow = (socket: { close(code: number, reason: string): void; terminate(): void }) => {
    socket.close(chatCloseCodes.slowConsumer, 'SLOW_CONSUMER: reconnect with since=<last seq>');
    setTimeout(() => socket.terminate(), limits.closeGraceMs).unref();
  };
  const closers = new WeakMap<ChatConnection, () => void>();
  const hub = new ChatHub(frameOf, limits.maxBatchBytes, (c) => closers.get(c)?.());
  const offEvents = services.bus.onEvents((events) => hub.onEvents(events));
  const offSignals = services.bus.onSignal((signal) => hub.onSignal(signal));
  app.addHook('onClose', async () => {
    offEvents();
    offSignals();
  });
  app.get(
    '/api/v1/chat/ws',
    {
      websocket: true,
      schema: { hide: true },
      preValidation: async (request) => {
        const q = Query.safeParse(request.query);
        if (!q.success) throw new AppError('CHAT_TOKEN_INVALID', 'token query parameter is required');
        try {
          request.visitor = await webchat.authenticate(q.data.token);
        } catch (error) {
          // Browsers do not see the status of a refused upgrade: a close code tells the SDK to refresh.
          if (error instanceof AppError && error.code === 'CHAT_TOKEN_EXPIRED')
            request.visitorTokenExpired = true;
          else throw error;
        }
      },
    },
    async (socket, request) => {
      if (request.visitorTokenExpired)
        return socket.close(chatCloseCodes.tokenExpired, 'CHAT_TOKEN_EXPIRED: refresh the visitor token');
      const authenticated = request.visitor;
      if (!authenticated) return socket.close(1008, 'unauthenticated');
      let visitor: Visitor = authenticated;
      const release = webchat.limits.openSocket(visitor.identityId);
      if (!release) {
        return socket.close(
          chatCloseCodes.tooManySockets,
          'TOO_MANY_SOCKETS: close other chat connections of this visitor first',
        );
      }
      const { since } = Query.parse(request.query);
      keepAlive(socket);
      // The socket lives as long as its token; a `token` frame with a refreshed one extends it.
      let deadline: ReturnType<typeof setTimeout> | undefined;
      const expireAt = (ms: number): void => {
        clearTimeout(deadline);
        const left = ms - services.clock.now().getTime();
        // setTimeout holds at most ~24.8 days: a longer lifetime re-arms on the way.
        deadline = setTimeout(
          () =>
            left > maxTimerMs
              ? expireAt(ms)
              : socket.close(chatCloseCodes.tokenExpired, 'CHAT_TOKEN_EXPIRED: refresh the visitor token'),
          Math.min(maxTimerMs, Math.max(0, left)),
        );
        deadline.unref();
      };
      expireAt(visitor.tokenExpiresAt);
      const writer = new SocketWriter(
        socket,
        scheduler,
        { kind: 'frames', raw: request.raw.socket },
        { maxUnsentBytes: limits.maxSocketBufferBytes, maxQueuedBytes: limits.maxBatchBytes },
        () => tooSlow(socket),
      );
      const connection: ChatConnection = {
        identityId: visitor.identityId,
        writer,
        last: since,
        replaying: [],
        replayingBytes: 0,
      };
      closers.set(connection, () => tooSlow(socket));
      /** Answers go through the same queue as events, so they keep their order and the same bound. */
      const send = (frame: ChatServerFrame) => void writer.enqueue(JSON.stringify(frame));
      // Registered before the backlog is read: live events wait in `replaying`, so there is no gap.
      hub.add(connection);
      let live = false;
      socket.on('close', () => {
        clearTimeout(deadline);
        release();
        hub.remove(connection);
        if (live) services.customerStreams.closed(connection.identityId);
      });
      socket.on('message', (data: Buffer) => void onFrame(data));

      async function onFrame(data: Buffer) {
        let json: unknown;
        try {
          json = JSON.parse(data.toString('utf8'));
        } catch {
          return send({ type: 'error', code: 'VALIDATION_FAILED', message: 'invalid frame: not JSON' });
        }
        if (data.length > webchat.limits.maxMessageBytes) {
          const id = MessageId.safeParse(json);
          return send({
            type: 'error',
            code: 'PAYLOAD_TOO_LARGE',
            message: `frame of ${data.length} bytes is over the ${webchat.limits.maxMessageBytes} byte limit: send a shorter message`,
            ...(id.success ? { clientMsgId: id.data.message.clientMsgId } : {}),
          });
        }
        const parsed = ChatClientFrame.safeParse(json);
        if (!parsed.success) {
          const id = MessageId.safeParse(json);
          return send({
            type: 'error',
            code: 'VALIDATION_FAILED',
            message: `invalid frame: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
            ...(id.success ? { clientMsgId: id.data.message.clientMsgId } : {}),
          });
        }
        const frame = parsed.data;
        try {
          switch (frame.type) {
            case 'message': {
              // Written at once, not with this turn's batch: the customer's ack never waits behind the
              // fan-out of the same commit to operators (docs/realtime.md).
              const ack = await webchat.send(visitor, frame.message);
              return void writer.sendNow(JSON.stringify({ type: 'ack', ack } satisfies ChatServerFrame));
            }
            case 'typing':
              return await webchat.typing(visitor);
            case 'read':
              return await webchat.markRead(visitor, frame.upToMessageId);
            case 'ping':
              return send({ type: 'pong' });
            case 'token': {
              const next = await webchat.authenticate(frame.token);
              if (next.identityId !== visitor.identityId)
                throw new AppError('CHAT_TOKEN_INVALID', 'the token is for another visitor');
              visitor = next;
              return expireAt(next.tokenExpiresAt);
            }
          }
        } catch (error) {
          send({
            ...errorFrame(error, request.log),
            ...(frame.type === 'message' ? { clientMsgId: frame.message.clientMsgId } : {}),
          });
        }
      }

      try {
        let after = since;
        for (;;) {
          const page = await readEventBacklog(
            services.store.db,
            { audience: 'customer', identityId: visitor.identityId },
            after,
            replayPage,
          );
          for (const row of page) if (!writer.sendNow(frameOf(row))) return;
          after = page.at(-1)?.seq ?? after;
          connection.last = after;
          if (page.length < replayPage) break;
          // A long backlog is streamed as the socket takes it, never all held in memory.
          await waitForDrain(socket, limits.maxSocketBufferBytes / 2);
          if (writer.stopped) return;
        }
        if (!writer.sendNow(JSON.stringify({ type: 'ready', cursor: after } satisfies ChatServerFrame)))
          return;
        hub.goLive(connection);
        live = true;
        services.customerStreams.opened(visitor.identityId);
      } catch (error) {
        request.log.error({ err: error }, 'chat stream failed');
        socket.close(1011, 'stream failed');
      }
    },
  );
}
