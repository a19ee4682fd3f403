import * as z from 'zod/mini';
import { ChatError } from './chat-error.ts';
import { Emitter } from './emitter.ts';
import { createMemoryStorage, type AsyncStorageLike, type StorageLike } from './memory-storage.ts';
import { parseOrThrow } from './parse-or-throw.ts';
import { randomId } from './random-id.ts';
import { requestJson } from './request-json.ts';
import {
  Attachment,
  ChatAck,
  ChatHistoryResponse,
  ChatServerFrame,
  ChatTokenResponse,
  PreChatResponse,
  StartChatResponse,
  chatAttachmentLimits,
  type Attachment as AttachmentT,
  type ChatAck as ChatAckT,
  type ChatClientFrame,
  type ChatEvent,
  type ChatMessage,
  type ChatServerFrame as ChatServerFrameT,
  type MessageStatus,
  type PreChatRequest,
  type PreChatResponse as PreChatResponseT,
  type StartChatRequest,
  type StartChatResponse as StartChatResponseT,
} from './wire-schemas.ts';

type Bivariant<F extends (arg: never) => void> = { fn(...args: Parameters<F>): void }['fn'];

/** The part of the WebSocket API the client uses: the browser's `WebSocket` and the `ws` package both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: Bivariant<(ev: unknown) => void> | null;
  onmessage: Bivariant<(ev: { data: unknown }) => void> | null;
  onclose: Bivariant<(ev: unknown) => void> | null;
  onerror: Bivariant<(ev: unknown) => void> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketCtor = new (url: string) => WebSocketLike;

export type ConnectionState = 'online' | 'offline';

/** A message the customer sent that the server has not echoed back yet. */
export interface OutboxItem {
  clientMsgId: string;
  text: string;
  attachmentIds: string[];
  /** `sent`: acknowledged, waiting for the message event; `failed`: give up or `retry()`. */
  state: 'sending' | 'sent' | 'failed';
  messageId?: number;
}

export type ChatClientEvents = {
  /** A message seen for the first time (history, replay and live are de-duplicated by id). */
  message: ChatMessage;
  /** A known message moved to a later status (e.g. the customer's message was read: `read`). */
  status: { messageId: number; status: MessageStatus };
  /** The operator started (`true`) or stopped (`false`, ~4 s later or on their message) typing. */
  typing: boolean;
  connection: ConnectionState;
  /** The list of pending outgoing messages changed. */
  outbox: OutboxItem[];
  /** The customer's place in the queue changed; null once an operator has taken the conversation. */
  queue: QueueState | null;
};

/** Where the customer's conversation waits: 1 is next; `waitMinutes` null while there is no estimate. */
export interface QueueState {
  position: number;
  waitMinutes: number | null;
}

export interface ChatClientOptions {
  /** Origin of the Frontline server, e.g. `https://support.example.com`. */
  baseUrl: string;
  /** Entry point slug, e.g. `general`. */
  entryPoint: string;
  /**
   * Where the visitor token and cursor persist: `localStorage`-like (sync) or `AsyncStorage`-like (promises).
   * Default: `localStorage` when available, else memory.
   */
  storage?: StorageLike | AsyncStorageLike;
  /**
   * The signed-in customer: a JWT your backend signs (HS256 with the widget secret; `sub`, `exp`, and the
   * `phone` / `email` / `name` it vouches for), or a function that fetches a fresh one (called whenever a session
   * starts, so a short `exp` is fine). See docs/chat-protocol.md.
   */
  identityToken?: string | (() => string | Promise<string>);
  /** The visitor's own name / phone / e-mail (e.g. from a pre-chat form): shown to the operator, never verified. */
  name?: string;
  phone?: string;
  email?: string;
  locale?: 'ru' | 'en';
  /** WebSocket constructor. Default: the global one (pass `ws` in Node < 22). */
  WebSocket?: WebSocketCtor;
  fetch?: typeof fetch;
  /** How long to wait for a WebSocket ack before re-sending over HTTP. Default 5000. */
  ackTimeoutMs?: number;
  /** Reconnect backoff bounds in ms. Default `{ min: 500, max: 30000 }`. */
  reconnectDelayMs?: { min: number; max: number };
  logger?: { warn(message: string, detail?: unknown): void };
}

const statusRank: Record<MessageStatus, number> = {
  received: 0,
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};
const typingThrottleMs = 2000;
const operatorTypingMs = 4000;
const pingEveryMs = 25_000;
const httpRetryDelaysMs = [500, 1500];
/**
 * The HTTP status of the socket's retryable error codes (as the same failure answers over HTTP): a message
 * refused with one of them goes on to the HTTP path and its retries; any other error frame is final (400).
 */
const frameErrorStatus: Partial<Record<string, number>> = {
  RATE_LIMITED: 429,
  INTERNAL: 500,
  STORE_UNAVAILABLE: 503,
  INSUFFICIENT_STORAGE: 507,
};
/** A server's `Retry-After` longer than this fails the send (the customer can retry it). */
const maxRetryWaitMs = 30_000;
const wsOpen = 1;

/** What persists per (baseUrl, entry point): storage is outside data too, so it is parsed. */
const SavedSession = z.object({
  visitorToken: z.string(),
  seq: z.int(),
  readUpTo: z.int(),
  visitorId: z.optional(z.string()),
  expiresAt: z.optional(z.string()),
});
/** How the server's WebSocket close event looks (`code` is what matters). */
const CloseEvent = z.object({ code: z.number() });
/** The chat socket's close code for an expired visitor token (refresh, then reconnect). */
const closeTokenExpired = 4401;
/** Refresh a visitor token when this share of its lifetime has passed. */
const refreshAtShare = 0.8;
type Saved = z.infer<typeof SavedSession>;

/**
 * Customer chat client: WebSocket for live events, HTTP for the rest and as the fallback for sending.
 *
 * @example
 * const chat = new ChatClient({ baseUrl: 'https://support.example.com', entryPoint: 'general' });
 * chat.on('message', (m) => render(m));
 * await chat.start();
 * await chat.send('Hello');
 */
export class ChatClient extends Emitter<ChatClientEvents> {
  /** The session after `start()`: visitor id, entry point, whether the identity was verified. */
  session: StartChatResponseT | null = null;

  private readonly base: string;
  private readonly storage: StorageLike | AsyncStorageLike;
  private writes: Promise<void> = Promise.resolve();
  private refreshing: Promise<void> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly storageKey: string;
  private readonly byId = new Map<number, ChatMessage>();
  private readonly pending = new Map<string, OutboxItem>();
  private readonly ackWaiters = new Map<string, (result: ChatAckT | ChatError | null) => void>();
  private token: string | null = null;
  private expiresAt: string | undefined;
  private seq = 0;
  private readUpTo = 0;
  private queueState: QueueState | null = null;
  private ws: WebSocketLike | null = null;
  private online = false;
  private closed = false;
  private attempt = 0;
  private lastTypingAt = 0;
  private lastFrameAt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ChatClientOptions) {
    super();
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.storage = options.storage ?? defaultStorage();
    this.storageKey = `frontline.chat:${this.base}|${options.entryPoint}`;
  }

  /** All messages seen so far, oldest first. */
  get messages(): ChatMessage[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  /** Outgoing messages not yet echoed by the server. */
  get outbox(): OutboxItem[] {
    return [...this.pending.values()];
  }

  /** The customer's place in the queue while the conversation waits for an operator (null otherwise). */
  get queue(): QueueState | null {
    return this.queueState;
  }

  get connection(): ConnectionState {
    return this.online ? 'online' : 'offline';
  }

  /** The last stream `seq` applied: the resume point. */
  get cursor(): number {
    return this.seq;
  }

  /** Highest operator message id marked read by this customer. */
  get readUpToMessageId(): number {
    return this.readUpTo;
  }

  /**
   * Starts (or resumes, with the stored visitor token) the conversation, loads the history and
   * opens the live connection. Throws `ChatError` (e.g. `CHAT_IDENTITY_INVALID`, `CHAT_NETWORK`).
   */
  async start(): Promise<StartChatResponseT> {
    if (this.closed) throw new ChatError('CHAT_CLOSED', 'this chat client was closed: create a new one');
    if (this.session) return this.session;
    const saved = await this.load();
    let session: StartChatResponseT;
    try {
      session = await this.startSession(saved?.visitorToken);
    } catch (err) {
      // A stale token (server reset, visitor removed): start afresh, unless the identity itself is the problem.
      const staleToken =
        saved &&
        err instanceof ChatError &&
        err.status >= 400 &&
        err.status < 500 &&
        !err.code.startsWith('CHAT_IDENTITY_');
      if (!staleToken) throw err;
      await this.storage.removeItem(this.storageKey);
      session = await this.startSession(undefined);
    }
    if (session.visitorId === saved?.visitorId) this.readUpTo = saved.readUpTo;
    this.setToken(session.visitorToken, session.expiresAt);
    const history = parseOrThrow(
      ChatHistoryResponse,
      await this.authed((token) =>
        requestJson(`${this.base}/api/v1/chat/history?since=0`, { token, fetch: this.options.fetch }),
      ),
      'chat history',
    );
    if (this.closed) return session;
    this.session = session;
    for (const item of history.items) this.apply(item.event);
    this.seq = history.cursor;
    this.save();
    this.connect();
    return session;
  }

  /**
   * Sends a message and resolves with the server's ack. Goes over the WebSocket when it is open; when it
   * is not, or no ack arrives within `ackTimeoutMs`, re-sends over HTTP with the same `clientMsgId`
   * (the server de-duplicates by it, so a retry never creates a second message).
   */
  async send(text: string, attachmentIds: string[] = []): Promise<ChatAckT> {
    const item: OutboxItem = { clientMsgId: randomId(), text, attachmentIds, state: 'sending' };
    this.pending.set(item.clientMsgId, item);
    return this.deliver(item);
  }

  /** Re-sends a failed outbox item with its original `clientMsgId`. */
  async retry(clientMsgId: string): Promise<ChatAckT> {
    const item = this.pending.get(clientMsgId);
    if (!item) throw new ChatError('CHAT_NOT_STARTED', `no pending message ${clientMsgId}`);
    return this.deliver(item);
  }

  /**
   * Uploads a file; send it with `send(text, [attachment.id])`. Checks size and declared type locally
   * (`CHAT_ATTACHMENT_TOO_LARGE`, `CHAT_ATTACHMENT_TYPE`); the server re-checks the real content.
   */
  async uploadAttachment(file: Blob, filename: string): Promise<AttachmentT> {
    this.requireToken();
    if (file.size > chatAttachmentLimits.maxBytes) {
      throw new ChatError('CHAT_ATTACHMENT_TOO_LARGE', `${filename} is larger than 10 MB`, 413);
    }
    const allowed: readonly string[] = chatAttachmentLimits.allowedTypes;
    if (file.type && !allowed.includes(file.type)) {
      throw new ChatError(
        'CHAT_ATTACHMENT_TYPE',
        `${filename}: only images, PDF and text files can be sent`,
        415,
      );
    }
    const form = new FormData();
    form.append('file', file, filename);
    const data = await this.authed((current) =>
      requestJson(`${this.base}/api/v1/chat/attachments`, {
        method: 'POST',
        token: current,
        body: form,
        fetch: this.options.fetch,
      }),
    );
    return parseOrThrow(Attachment, data, 'attachment');
  }

  /**
   * Answers the entry point's pre-chat form (`session.pendingPreChat` lists the fields; once per visitor).
   * Resolves with what was stored and clears `session.pendingPreChat`; a refusal is a `ChatError`
   * (`PRE_CHAT_INVALID` with `details: [{field, problem}]`, `PRE_CHAT_ALREADY_ANSWERED`, `PRE_CHAT_NOT_EXPECTED`).
   */
  async submitPreChat(answers: PreChatRequest): Promise<PreChatResponseT> {
    const stored = parseOrThrow(PreChatResponse, await this.post('/pre-chat', answers), 'pre-chat answer');
    if (this.session) {
      const { pendingPreChat: _answered, ...rest } = this.session;
      this.session = rest;
    }
    return stored;
  }

  /** Tells the operator the customer is typing. Call on every keystroke: it is throttled to one per 2 s. */
  typing(): void {
    const now = Date.now();
    if (!this.token || now - this.lastTypingAt < typingThrottleMs) return;
    this.lastTypingAt = now;
    if (this.sendFrame({ type: 'typing' })) return;
    this.post('/typing', undefined).catch((err: unknown) => this.warn('typing failed', err));
  }

  /** Marks operator messages up to `upToMessageId` as read. No-op if already marked. */
  async markRead(upToMessageId: number): Promise<void> {
    if (!this.token || upToMessageId <= this.readUpTo) return;
    this.readUpTo = upToMessageId;
    this.save();
    if (this.sendFrame({ type: 'read', upToMessageId })) return;
    await this.post('/read', { upToMessageId });
  }

  /** Closes the connection for good; pending sends reject with `CHAT_CLOSED`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.typingTimer);
    clearTimeout(this.refreshTimer);
    clearInterval(this.pingTimer);
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000, 'client closed');
    this.resolveWaiters(new ChatError('CHAT_CLOSED', 'the chat client was closed'));
    this.setOnline(false);
  }

  private async startSession(visitorToken: string | undefined): Promise<StartChatResponseT> {
    const { identityToken } = this.options;
    const body: StartChatRequest = {
      entryPoint: this.options.entryPoint,
      visitorToken,
      identityToken: typeof identityToken === 'function' ? await identityToken() : identityToken,
      name: this.options.name,
      phone: this.options.phone,
      email: this.options.email,
      locale: this.options.locale,
    };
    const data = await requestJson(`${this.base}/api/v1/chat/sessions`, {
      method: 'POST',
      body,
      fetch: this.options.fetch,
    });
    return parseOrThrow(StartChatResponse, data, 'chat session');
  }

  /** Runs an authenticated call; when the server says the token expired, refreshes it and runs it once more. */
  private async authed<T>(call: (token: string) => Promise<T>): Promise<T> {
    try {
      return await call(this.requireToken());
    } catch (err) {
      if (!(err instanceof ChatError) || err.code !== 'CHAT_TOKEN_EXPIRED') throw err;
      await this.refreshToken();
      return call(this.requireToken());
    }
  }

  private setToken(token: string, expiresAt: string): void {
    this.token = token;
    this.expiresAt = expiresAt;
    clearTimeout(this.refreshTimer);
    if (this.closed) return;
    // Local clocks may be off: refresh after a share of the lifetime as seen now, within sane bounds.
    const lifetime = Date.parse(expiresAt) - Date.now();
    const delay = Math.min(24 * 3600_000, Math.max(30_000, (lifetime || 0) * refreshAtShare));
    this.refreshTimer = setTimeout(() => {
      this.refreshToken().catch((err: unknown) => this.warn('visitor token refresh failed', err));
    }, delay);
  }

  /**
   * Exchanges the visitor token for a fresh one (one call at a time) and hands it to the open socket. Past the
   * refresh horizon the server refuses: then a new session starts (with a fresh identity token, if any).
   */
  private refreshToken(): Promise<void> {
    this.refreshing ??= (async () => {
      const token = this.requireToken();
      try {
        const data = await requestJson(`${this.base}/api/v1/chat/sessions/refresh`, {
          method: 'POST',
          token,
          fetch: this.options.fetch,
        });
        const next = parseOrThrow(ChatTokenResponse, data, 'token refresh');
        this.setToken(next.visitorToken, next.expiresAt);
      } catch (err) {
        if (!(err instanceof ChatError) || err.retryable || err.status < 400) throw err;
        const session = await this.startSession(undefined);
        this.session = session;
        this.setToken(session.visitorToken, session.expiresAt);
      }
      this.save();
      this.sendFrame({ type: 'token', token: this.requireToken() });
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async deliver(item: OutboxItem): Promise<ChatAckT> {
    item.state = 'sending';
    this.emitOutbox();
    try {
      this.requireToken();
      const ack = (await this.sendOverSocket(item)) ?? (await this.sendOverHttp(item));
      item.state = 'sent';
      item.messageId = ack.messageId;
      if (this.byId.has(ack.messageId)) this.pending.delete(item.clientMsgId);
      this.emitOutbox();
      return ack;
    } catch (err) {
      item.state = 'failed';
      this.emitOutbox();
      throw err;
    }
  }

  /** Resolves with the ack, or `null` when the socket is unusable or silent (caller falls back to HTTP). */
  private async sendOverSocket(item: OutboxItem): Promise<ChatAckT | null> {
    const frame: ChatClientFrame = {
      type: 'message',
      message: { clientMsgId: item.clientMsgId, text: item.text, attachmentIds: item.attachmentIds },
    };
    const result = await new Promise<ChatAckT | ChatError | null>((resolve) => {
      if (!this.sendFrame(frame)) return resolve(null);
      const timer = setTimeout(() => done(null), this.options.ackTimeoutMs ?? 5000);
      const done = (r: ChatAckT | ChatError | null): void => {
        clearTimeout(timer);
        this.ackWaiters.delete(item.clientMsgId);
        resolve(r);
      };
      this.ackWaiters.set(item.clientMsgId, done);
    });
    if (result instanceof ChatError) {
      if (result.retryable) return null;
      throw result;
    }
    return result;
  }

  private async sendOverHttp(item: OutboxItem): Promise<ChatAckT> {
    const body = { clientMsgId: item.clientMsgId, text: item.text, attachmentIds: item.attachmentIds };
    for (let i = 0; ; i++) {
      try {
        return parseOrThrow(ChatAck, await this.post('/messages', body), 'message ack');
      } catch (err) {
        const delay = httpRetryDelaysMs[i];
        if (this.closed || delay === undefined || !(err instanceof ChatError) || !err.retryable) throw err;
        const wait = Math.min(maxRetryWaitMs, Math.max(delay, err.retryAfterMs ?? 0));
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    return this.authed((token) =>
      requestJson(`${this.base}/api/v1/chat${path}`, {
        method: 'POST',
        token,
        body,
        fetch: this.options.fetch,
      }),
    );
  }

  private connect(): void {
    if (this.closed || !this.token) return;
    const Ctor: WebSocketCtor | undefined = this.options.WebSocket ?? globalThis.WebSocket;
    if (!Ctor) {
      this.warn('no WebSocket available: live updates are off');
      return;
    }
    const url = `${this.base.replace(/^http/, 'ws')}/api/v1/chat/ws?token=${encodeURIComponent(this.token)}&since=${this.seq}`;
    let ws: WebSocketLike;
    try {
      ws = new Ctor(url);
    } catch (err) {
      this.warn('cannot open the chat WebSocket', err);
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.lastFrameAt = Date.now();
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.keepAlive(ws), pingEveryMs);
    };
    ws.onmessage = (ev) => this.onFrame(ev.data);
    ws.onerror = () => undefined; // a close event follows
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.pingTimer);
      this.setOnline(false);
      this.resolveWaiters(new ChatError('CHAT_NETWORK', 'connection lost', 0, true));
      const close = CloseEvent.safeParse(ev);
      if (close.success && close.data.code === closeTokenExpired) {
        // The token ran out (e.g. the device slept through the refresh): refresh, then reconnect at once.
        this.refreshToken().then(
          () => this.connect(),
          (err: unknown) => {
            this.warn('visitor token refresh failed', err);
            this.scheduleReconnect();
          },
        );
        return;
      }
      this.scheduleReconnect();
    };
  }

  private keepAlive(ws: WebSocketLike): void {
    if (Date.now() - this.lastFrameAt > pingEveryMs * 2.5) {
      ws.close(4000, 'no answer to ping'); // a dead connection (sleeping laptop, modem switch): reconnect
      return;
    }
    this.sendFrame({ type: 'ping' });
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const { min, max } = this.options.reconnectDelayMs ?? { min: 500, max: 30_000 };
    const delay = Math.min(max, min * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
    this.attempt++;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private onFrame(data: unknown): void {
    this.lastFrameAt = Date.now();
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      json = undefined;
    }
    const parsed = ChatServerFrame.safeParse(json);
    if (!parsed.success) {
      this.warn('ignored an invalid chat frame', { data, issues: parsed.error.issues });
      return;
    }
    this.handleFrame(parsed.data);
  }

  private handleFrame(frame: ChatServerFrameT): void {
    switch (frame.type) {
      case 'event':
        this.apply(frame.event);
        if (frame.seq > this.seq) {
          this.seq = frame.seq;
          this.save();
        }
        return;
      case 'ready':
        this.attempt = 0;
        this.setOnline(true);
        return;
      case 'ack':
        this.ackWaiters.get(frame.ack.clientMsgId)?.(frame.ack);
        return;
      case 'error': {
        const status = frameErrorStatus[frame.code] ?? 400;
        const error = new ChatError(frame.code, frame.message, status, status === 429 || status >= 500, {
          retryAfterMs: frame.retryAfterMs,
        });
        if (frame.clientMsgId) this.ackWaiters.get(frame.clientMsgId)?.(error);
        else this.warn(`chat server error ${frame.code}: ${frame.message}`);
        return;
      }
      case 'queue.position':
        this.apply(frame);
        return;
      case 'typing':
        if (!this.typingTimer) this.emit('typing', true);
        clearTimeout(this.typingTimer);
        this.typingTimer = setTimeout(() => this.stopOperatorTyping(), operatorTypingMs);
        return;
      case 'pong':
        return;
    }
  }

  private apply(event: ChatEvent): void {
    if (event.type === 'status') {
      this.updateStatus(event.messageId, event.status);
      return;
    }
    if (event.type === 'queue.position') {
      this.updateQueue(
        event.position === null ? null : { position: event.position, waitMinutes: event.waitMinutes },
      );
      return;
    }
    const message = event.message;
    if (this.byId.has(message.id)) {
      this.updateStatus(message.id, message.status);
      return;
    }
    this.byId.set(message.id, message);
    if (message.clientMsgId && this.pending.delete(message.clientMsgId)) this.emitOutbox();
    if (message.direction === 'out') {
      this.stopOperatorTyping();
      // An operator is answering: the conversation no longer waits (even if its clearing event was missed).
      this.updateQueue(null);
    }
    this.emit('message', message);
  }

  private updateStatus(messageId: number, status: MessageStatus): void {
    const known = this.byId.get(messageId);
    if (!known || statusRank[status] <= statusRank[known.status]) return;
    this.byId.set(messageId, { ...known, status });
    this.emit('status', { messageId, status });
  }

  private updateQueue(next: QueueState | null): void {
    const now = this.queueState;
    if (
      now === next ||
      (now && next && now.position === next.position && now.waitMinutes === next.waitMinutes)
    )
      return;
    this.queueState = next;
    this.emit('queue', next);
  }

  private stopOperatorTyping(): void {
    if (!this.typingTimer) return;
    clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    this.emit('typing', false);
  }

  private sendFrame(frame: ChatClientFrame): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== wsOpen) return false;
    try {
      ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  private resolveWaiters(result: ChatError): void {
    for (const done of [...this.ackWaiters.values()]) done(result);
  }

  private setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.emit('connection', online ? 'online' : 'offline');
  }

  private emitOutbox(): void {
    this.emit('outbox', this.outbox);
  }

  private requireToken(): string {
    if (this.closed) throw new ChatError('CHAT_CLOSED', 'the chat client was closed');
    if (!this.token) throw new ChatError('CHAT_NOT_STARTED', 'call start() before using the chat');
    return this.token;
  }

  private async load(): Promise<Saved | null> {
    try {
      const raw = await this.storage.getItem(this.storageKey);
      const parsed = SavedSession.safeParse(JSON.parse(raw ?? 'null'));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Persists the session; writes are queued, so an async storage never ends with an older state. */
  private save(): void {
    if (!this.token) return;
    const saved: Saved = {
      visitorToken: this.token,
      visitorId: this.session?.visitorId,
      seq: this.seq,
      readUpTo: this.readUpTo,
      expiresAt: this.expiresAt,
    };
    const value = JSON.stringify(saved);
    this.writes = this.writes
      .then(() => this.storage.setItem(this.storageKey, value))
      .catch((err: unknown) => this.warn('cannot persist the chat session', err));
  }

  private warn(message: string, detail?: unknown): void {
    (this.options.logger ?? console).warn(`[frontline] ${message}`, detail);
  }
}

function defaultStorage(): StorageLike {
  try {
    const storage = globalThis.localStorage;
    if (storage) return storage;
  } catch {
    // localStorage access throws in some sandboxed iframes
  }
  return createMemoryStorage();
}
