import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ChatClientFrame,
  ChatSendRequest,
  StartChatRequest,
  type ChatAck,
  type ChatEvent,
  type ChatMessage,
  type MessageStatus,
} from '@frontline/shared';

/**
 * A protocol-faithful, in-memory chat server for one visitor at a time (see docs/chat-protocol.md).
 * Knobs let tests misbehave on purpose: swallow acks, replay too much, drop connections.
 */
export interface FakeChatServer {
  baseUrl: string;
  events: { seq: number; event: ChatEvent }[];
  /** `since` of every WebSocket connection, in order. */
  wsSince: number[];
  httpMessagePosts: string[];
  /** 'process-no-ack': store the message but lose the ack; 'ignore': drop the frame. */
  wsMessageMode: 'normal' | 'process-no-ack' | 'ignore';
  /** Replay from 0 regardless of `since` (an at-least-once server). */
  replayEverything: boolean;
  /** Invalid frames to send right after `ready`. */
  junkAfterReady: string[];
  /** The token of every WebSocket connection, in order, and the tokens handed over in `token` frames. */
  wsTokens: string[];
  tokenFrames: string[];
  refreshes: number;
  /** Answer the next N message posts with 429 RATE_LIMITED and `Retry-After: 1`. */
  rateLimitNext: number;
  /** Answer the next N `message` frames with an `error` frame STORE_UNAVAILABLE (the database is away). */
  wsStoreUnavailableNext: number;
  /** Every token issued so far expires (401 CHAT_TOKEN_EXPIRED; sockets opened with them are closed 4401). */
  expireTokens(): void;
  /** Closes every open socket with 4401, as the server does when a socket's token runs out. */
  closeSocketsExpired(): void;
  operatorSays(text: string): ChatMessage;
  setStatus(messageId: number, status: MessageStatus): void;
  /**
   * The conversation's place in the queue (null: taken by an operator): an ephemeral frame to the open sockets,
   * and to each socket that connects later, after `ready`, as the server does.
   */
  queuePosition(position: number | null, waitMinutes: number | null): void;
  /** A `queue.position` stored in the history, as servers before the ephemeral frame wrote it. */
  storedQueuePosition(position: number | null, waitMinutes: number | null): void;
  operatorTyping(): void;
  dropConnections(): void;
  /** Refuse new WebSocket connections until called with false. */
  refuseConnections(refuse: boolean): void;
  messages(): ChatMessage[];
  close(): Promise<void>;
}

export async function startFakeChatServer(): Promise<FakeChatServer> {
  const tokens = new Set<string>();
  const expired = new Set<string>();
  let issued = 0;
  const issue = (): string => `tok-${++issued}`;
  const expiresAt = () => new Date(Date.now() + 3600_000).toISOString();
  const byClientMsgId = new Map<string, ChatAck>();
  /** The `mnp` entry point asks for the phone (required) until it is answered, as the seeded server does. */
  let preChatAnswered = false;
  const sockets = new Set<WebSocket>();
  let nextId = 1;
  let refuse = false;
  let place: { position: number | null; waitMinutes: number | null } | null = null;

  const publish = (event: ChatEvent): void => {
    const item = { seq: state.events.length + 1, event };
    state.events.push(item);
    for (const ws of sockets) ws.send(JSON.stringify({ type: 'event', ...item }));
  };

  const accept = (clientMsgId: string, text: string, attachmentIds: string[]): ChatAck => {
    const existing = byClientMsgId.get(clientMsgId);
    if (existing) return existing;
    const message: ChatMessage = {
      id: nextId++,
      direction: 'in',
      text,
      attachments: attachmentIds.map((id) => ({
        id,
        filename: 'f.txt',
        contentType: 'text/plain',
        size: 1,
        url: `/a/${id}`,
      })),
      status: 'received',
      clientMsgId,
      authorName: null,
      createdAt: new Date().toISOString(),
    };
    publish({ type: 'message', message });
    const ack = { clientMsgId, messageId: message.id };
    byClientMsgId.set(clientMsgId, ack);
    return ack;
  };

  const json = (res: ServerResponse, status: number, body?: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const readBody = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString() || 'null');
  };

  const bearer = (req: IncomingMessage): string => (req.headers.authorization ?? '').replace(/^Bearer /, '');
  const authorized = (req: IncomingMessage): boolean => tokens.has(bearer(req));

  const http = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname.replace('/api/v1/chat', '');
      if (req.method === 'POST' && path === '/sessions') {
        const body = StartChatRequest.parse(await readBody(req));
        if (body.visitorToken && !tokens.has(body.visitorToken)) {
          return json(res, 401, { error: { code: 'CHAT_TOKEN_INVALID', message: 'unknown visitor' } });
        }
        const visitorToken = issue();
        tokens.add(visitorToken);
        return json(res, 200, {
          visitorToken,
          expiresAt: expiresAt(),
          visitorId: 'v1',
          entryPoint: { id: 1, slug: body.entryPoint, nameRu: 'Общая', nameEn: 'General', queueId: 1 },
          verified: false,
          ...(body.entryPoint === 'mnp' && !preChatAnswered
            ? { pendingPreChat: { fields: [{ key: 'phone', required: true }] } }
            : {}),
        });
      }
      if (!authorized(req))
        return json(res, 401, { error: { code: 'CHAT_TOKEN_INVALID', message: 'no token' } });
      if (req.method === 'POST' && path === '/sessions/refresh') {
        state.refreshes++;
        const visitorToken = issue();
        tokens.add(visitorToken);
        return json(res, 200, { visitorToken, expiresAt: expiresAt() });
      }
      if (expired.has(bearer(req)))
        return json(res, 401, { error: { code: 'CHAT_TOKEN_EXPIRED', message: 'refresh it' } });
      if (req.method === 'GET' && path === '/history') {
        const since = Number(url.searchParams.get('since') ?? 0);
        return json(res, 200, {
          items: state.events.filter((e) => e.seq > since),
          cursor: state.events.length,
        });
      }
      if (req.method === 'POST' && path === '/messages') {
        const body = ChatSendRequest.parse(await readBody(req));
        state.httpMessagePosts.push(body.clientMsgId);
        if (state.rateLimitNext > 0) {
          state.rateLimitNext--;
          res.setHeader('retry-after', '1');
          return json(res, 429, { error: { code: 'RATE_LIMITED', message: 'too many messages' } });
        }
        return json(res, 200, accept(body.clientMsgId, body.text, body.attachmentIds));
      }
      if (req.method === 'POST' && path === '/pre-chat') {
        const body = (await readBody(req)) as { phone?: string };
        if (!body.phone) {
          const details = [{ field: 'phone', problem: 'required' }];
          return json(res, 400, { error: { code: 'PRE_CHAT_INVALID', message: 'phone: required', details } });
        }
        preChatAnswered = true;
        return json(res, 200, { name: null, phone: `+${body.phone.replace(/\D/g, '')}`, email: null });
      }
      if (req.method === 'POST' && (path === '/read' || path === '/typing')) return json(res, 204);
      return json(res, 404, { error: { code: 'NOT_FOUND', message: path } });
    })().catch((err: unknown) => json(res, 500, { error: { code: 'INTERNAL', message: String(err) } }));
  });

  const wss = new WebSocketServer({ server: http, path: '/api/v1/chat/ws' });
  wss.on('connection', (ws, req) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const token = url.searchParams.get('token') ?? '';
    if (refuse || !tokens.has(token)) return ws.close(4403, 'refused');
    state.wsTokens.push(token);
    if (expired.has(token)) return ws.close(4401, 'CHAT_TOKEN_EXPIRED: refresh the visitor token');
    const since = Number(url.searchParams.get('since') ?? 0);
    state.wsSince.push(since);
    for (const item of state.events) {
      if (state.replayEverything || item.seq > since) ws.send(JSON.stringify({ type: 'event', ...item }));
    }
    ws.send(JSON.stringify({ type: 'ready', cursor: state.events.length }));
    if (place?.position) ws.send(JSON.stringify({ type: 'queue.position', caseId: 1, ...place }));
    for (const junk of state.junkAfterReady) ws.send(junk);
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data: Buffer) => {
      const frame = ChatClientFrame.parse(JSON.parse(data.toString()));
      if (frame.type === 'ping') return ws.send(JSON.stringify({ type: 'pong' }));
      if (frame.type === 'token') return void state.tokenFrames.push(frame.token);
      if (frame.type !== 'message' || state.wsMessageMode === 'ignore') return;
      const m = frame.message;
      if (state.wsStoreUnavailableNext > 0) {
        state.wsStoreUnavailableNext -= 1;
        return ws.send(
          JSON.stringify({
            type: 'error',
            code: 'STORE_UNAVAILABLE',
            message: 'the database is not reachable right now; send the same message again shortly',
            clientMsgId: m.clientMsgId,
            retryAfterMs: 5000,
          }),
        );
      }
      const ack = accept(m.clientMsgId, m.text ?? '', m.attachmentIds ?? []);
      if (state.wsMessageMode === 'normal') ws.send(JSON.stringify({ type: 'ack', ack }));
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  const state: FakeChatServer = {
    baseUrl: `http://127.0.0.1:${port}`,
    events: [],
    wsSince: [],
    httpMessagePosts: [],
    wsMessageMode: 'normal',
    replayEverything: false,
    junkAfterReady: [],
    wsTokens: [],
    tokenFrames: [],
    refreshes: 0,
    rateLimitNext: 0,
    wsStoreUnavailableNext: 0,
    expireTokens() {
      for (const t of tokens) expired.add(t);
    },
    closeSocketsExpired() {
      for (const ws of sockets) ws.close(4401, 'CHAT_TOKEN_EXPIRED: refresh the visitor token');
    },
    operatorSays(text) {
      const message: ChatMessage = {
        id: nextId++,
        direction: 'out',
        text,
        attachments: [],
        status: 'sent',
        clientMsgId: null,
        authorName: 'Anna',
        createdAt: new Date().toISOString(),
      };
      publish({ type: 'message', message });
      return message;
    },
    setStatus(messageId, status) {
      publish({ type: 'status', messageId, status });
    },
    queuePosition(position, waitMinutes) {
      place = { position, waitMinutes };
      const frame = JSON.stringify({ type: 'queue.position', caseId: 1, position, waitMinutes });
      for (const ws of sockets) ws.send(frame);
    },
    storedQueuePosition(position, waitMinutes) {
      publish({ type: 'queue.position', caseId: 1, position, waitMinutes });
    },
    operatorTyping() {
      for (const ws of sockets) ws.send(JSON.stringify({ type: 'typing', who: 'operator' }));
    },
    dropConnections() {
      for (const ws of sockets) ws.terminate();
    },
    refuseConnections(value) {
      refuse = value;
    },
    messages() {
      return state.events.flatMap((e) => (e.event.type === 'message' ? [e.event.message] : []));
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  return state;
}
