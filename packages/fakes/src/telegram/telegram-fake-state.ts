import { randomBytes } from 'node:crypto';
import type { UploadedFile } from './read-request-params.ts';

/** A Bot API update as the fake stores and delivers it (any JSON object with an `update_id`). */
export type TelegramUpdate = { update_id: number } & Record<string, unknown>;

export interface FloodWindow {
  /** Messages allowed within `windowMs`; one more is answered with 429. */
  limit: number;
  windowMs: number;
}

/** Telegram's throttling: per chat (~1 msg/s) and per bot (~30 msg/s). `null` disables a limit. */
export interface FloodLimits {
  perChat: FloodWindow | null;
  global: FloodWindow | null;
  /** `parameters.retry_after` to answer with; by default the seconds left in the window (≥ 1). */
  retryAfterSeconds: number | null;
}

export interface WebhookTiming {
  /** First retry delay after a failed delivery (Telegram: 1 s), doubled per attempt. */
  initialRetryMs: number;
  /** Cap of the doubling backoff (Telegram: 60–120 s). */
  maxRetryMs: number;
  /** How long one second of a `Retry-After` response header lasts (Telegram: 1000 ms, clamped to 3600 s). */
  retryAfterUnitMs: number;
  /** An update not delivered within this time after it was pushed is dropped (Telegram: 24 h). */
  updateTtlMs: number;
  /** Per-attempt HTTP timeout. */
  requestTimeoutMs: number;
}

export interface TelegramFakeOptions {
  flood?: Partial<FloodLimits>;
  webhook?: Partial<WebhookTiming>;
  /** `sendVoice` with an upload that is not OGG: sent as a document (default) or rejected with 400. */
  voiceNonOgg?: 'document' | 'reject';
  now?: () => number;
}

export interface FakeBot {
  id: number;
  token: string;
  username: string;
  firstName: string;
  webhook: {
    url: string;
    secretToken: string | null;
    allowedUpdates: string[] | null;
  } | null;
  lastErrorDate: number | null;
  lastErrorMessage: string | null;
  /** Flood wait: every method of this bot answers 429 until this time (ms). */
  floodUntil: number;
  /** Updates waiting for `getUpdates` (no webhook set). */
  pollQueue: TelegramUpdate[];
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  first_name?: string;
  last_name?: string;
  username?: string;
  title?: string;
}

export interface FakeFile {
  fileId: string;
  fileUniqueId: string;
  filePath: string;
  bytes: Buffer;
  size: number;
}

/** Every Bot API request the fake received, for exact-request assertions. */
export interface RecordedApiRequest {
  token: string;
  /** The Bot API method as called (e.g. `sendPhoto`). */
  method: string;
  httpMethod: string;
  contentType: string;
  params: Record<string, unknown>;
  files: UploadedFile[];
  response: { status: number; body: unknown };
}

export interface WebhookAttempt {
  token: string;
  updateId: number;
  chatKey: string;
  status: number | null;
  error: string | null;
  at: number;
  /** When the attempt failed: the delay before the next one (the doubling backoff, or `retry_after`). */
  retryInMs: number | null;
}

export interface ScriptedFailure {
  error_code: number;
  description: string;
  parameters?: Record<string, unknown>;
}

/** A network fault on Bot API requests, as seen from the caller. */
export interface TransportFault {
  /**
   * `hang`: the request is held open, never answered nor carried out, until the caller gives up;
   * `drop-answer`: the request is carried out (the message is sent), then the connection is cut before
   * the answer — the caller cannot know that it worked.
   */
  kind: 'hang' | 'drop-answer';
  /** Only requests to this chat (`chat_id`); any chat when absent. */
  chatId?: number;
  /** Only this method (case-insensitive); any method when absent. */
  method?: string;
  /** How many requests it affects (default 1). */
  times?: number;
}

export type PushOutcome = 'delivered' | 'dropped' | 'polling' | 'filtered';

interface QueuedUpdate {
  update: TelegramUpdate;
  expiresAt: number;
  nextDelayMs: number;
  resolve: (outcome: PushOutcome) => void;
}

const defaultAllowedExclusions = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/**
 * The fake's world: bots, chats, files, recorded requests and the webhook delivery queues.
 * Tests drive it directly (`addBot`, `pushUpdate`, `blockUser`, `setFlood` …).
 */
export class TelegramFakeState {
  readonly bots = new Map<string, FakeBot>();
  readonly chats = new Map<number, FakeChat>();
  readonly files = new Map<string, FakeFile>();
  readonly requests: RecordedApiRequest[] = [];
  readonly webhookAttempts: WebhookAttempt[] = [];
  /** Every message the bots created (as returned to the caller, with its `reply_markup`), oldest first. */
  readonly sentMessages: Array<{ token: string; message: Record<string, unknown> }> = [];
  /** Callback queries answered with `answerCallbackQuery`, in order. */
  readonly callbackAnswers: Array<{ token: string; callbackQueryId: string }> = [];
  /** 2xx webhook responses whose body was a Bot API call (`{"method": …}`): Frontline must never send one. */
  readonly webhookReplies: Array<{ token: string; updateId: number; body: unknown }> = [];
  flood: FloodLimits;
  readonly webhookTiming: WebhookTiming;
  voiceNonOgg: 'document' | 'reject';
  readonly now: () => number;

  private readonly blocked = new Set<string>();
  /** `<token>|<callback query id>` of queries pushed to a bot and not answered yet. */
  private readonly openCallbackQueries = new Set<string>();
  private readonly messageIds = new Map<string, number>();
  private readonly sendTimes = new Map<string, number[]>();
  private readonly queues = new Map<string, QueuedUpdate[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly scripted = new Map<string, ScriptedFailure[]>();
  private readonly faults: Array<Required<Pick<TransportFault, 'kind' | 'times'>> & TransportFault> = [];
  /** Requests held open by a `hang` fault right now. */
  hungRequests = 0;
  /** While set, every Bot API call answers with this error (a provider outage). */
  outage: ScriptedFailure | null = null;
  private readonly pollWaiters = new Set<() => void>();
  private readonly busy = new Set<string>();
  private idleWaiters: Array<() => void> = [];
  private fileCounter = 0;
  private closed = false;

  constructor(options: TelegramFakeOptions = {}) {
    this.now = options.now ?? Date.now;
    this.flood = {
      perChat: { limit: 1, windowMs: 1000 },
      global: { limit: 30, windowMs: 1000 },
      retryAfterSeconds: null,
      ...options.flood,
    };
    this.webhookTiming = {
      initialRetryMs: 1000,
      maxRetryMs: 60_000,
      retryAfterUnitMs: 1000,
      updateTtlMs: 86_400_000,
      requestTimeoutMs: 10_000,
      ...options.webhook,
    };
    this.voiceNonOgg = options.voiceNonOgg ?? 'document';
  }

  /** Registers a bot; its id is the token's numeric prefix. */
  addBot(options: { token: string; username?: string; firstName?: string }): FakeBot {
    const id = Number(options.token.split(':')[0]);
    if (!Number.isSafeInteger(id) || !/^\d+:[A-Za-z0-9_-]+$/.test(options.token)) {
      throw new Error(`bot token must look like "<digits>:<secret>", got ${options.token}`);
    }
    const bot: FakeBot = {
      id,
      token: options.token,
      username: options.username ?? `fake${id}_bot`,
      firstName: options.firstName ?? 'Fake bot',
      webhook: null,
      lastErrorDate: null,
      lastErrorMessage: null,
      floodUntil: 0,
      pollQueue: [],
    };
    this.bots.set(options.token, bot);
    return bot;
  }

  /** Registers a user (and their private chat with every bot: chat id = user id). */
  addUser(user: { id: number; firstName: string; lastName?: string; username?: string }): FakeChat {
    return this.addChat({
      id: user.id,
      type: 'private',
      first_name: user.firstName,
      ...(user.lastName === undefined ? {} : { last_name: user.lastName }),
      ...(user.username === undefined ? {} : { username: user.username }),
    });
  }

  addChat(chat: FakeChat): FakeChat {
    this.chats.set(chat.id, chat);
    return chat;
  }

  /** The user blocks the bot (`token`) or every bot: sends answer 403 "Forbidden: bot was blocked by the user". */
  blockUser(chatId: number, token?: string): void {
    this.blocked.add(`${token ?? '*'}|${chatId}`);
  }

  unblockUser(chatId: number, token?: string): void {
    this.blocked.delete(`${token ?? '*'}|${chatId}`);
  }

  isBlocked(token: string, chatId: number): boolean {
    return this.blocked.has(`*|${chatId}`) || this.blocked.has(`${token}|${chatId}`);
  }

  /**
   * Hosts a file for `getFile` and `/file/bot<token>/<file_path>`; returns its `file_id`.
   * `size` overrides the reported size (e.g. claim 25 MB without allocating it).
   */
  addFile(bytes: Buffer, options: { file_path?: string; size?: number } = {}): string {
    this.fileCounter += 1;
    const fileId = `BQACAgIAAxkBAAI-fake-${this.fileCounter}-${randomBytes(4).toString('hex')}`;
    const file: FakeFile = {
      fileId,
      fileUniqueId: `AgAD${this.fileCounter}`,
      filePath: options.file_path ?? `documents/file_${this.fileCounter}`,
      bytes,
      size: options.size ?? bytes.length,
    };
    this.files.set(fileId, file);
    return fileId;
  }

  /** Replaces the flood limits (`setFlood({ perChat: null, global: null })` disables throttling). */
  setFlood(limits: Partial<FloodLimits>): void {
    this.flood = { ...this.flood, ...limits };
  }

  /** The next `times` calls of `method` (any bot) fail with this error. */
  scriptFailure(method: string, failure: ScriptedFailure, times = 1): void {
    const list = this.scripted.get(method.toLowerCase()) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.scripted.set(method.toLowerCase(), list);
  }

  /** Requests matching `fault` hang, or lose their answer after being carried out (see `TransportFault`). */
  injectFault(fault: TransportFault): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  /** The fault that applies to this request, consuming one of its `times`. */
  takeFault(method: string, chatId: unknown): TransportFault['kind'] | null {
    const index = this.faults.findIndex(
      (f) =>
        (f.method === undefined || f.method.toLowerCase() === method.toLowerCase()) &&
        (f.chatId === undefined || String(f.chatId) === String(chatId)),
    );
    const fault = this.faults[index];
    if (!fault) return null;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault.kind;
  }

  /** Every Bot API call fails with `failure` until `setOutage(null)` (502 Bad Gateway by default). */
  setOutage(failure: ScriptedFailure | null = { error_code: 502, description: 'Bad Gateway' }): void {
    this.outage = failure;
  }

  takeScriptedFailure(method: string): ScriptedFailure | undefined {
    return this.scripted.get(method.toLowerCase())?.shift();
  }

  requestsFor(method: string, token?: string): RecordedApiRequest[] {
    return this.requests.filter(
      (r) => r.method.toLowerCase() === method.toLowerCase() && (token === undefined || r.token === token),
    );
  }

  /** The last message a bot sent to a chat (the one a customer's button tap refers to). */
  lastSentMessage(token: string, chatId: number): Record<string, unknown> | undefined {
    return this.sentMessages.findLast(
      (s) => s.token === token && (s.message.chat as { id?: unknown } | undefined)?.id === chatId,
    )?.message;
  }

  /** Answers a pushed callback query once; false for an unknown or already answered one. */
  answerCallbackQuery(token: string, callbackQueryId: string): boolean {
    if (!this.openCallbackQueries.delete(`${token}|${callbackQueryId}`)) return false;
    this.callbackAnswers.push({ token, callbackQueryId });
    return true;
  }

  nextMessageId(token: string, chatId: number): number {
    const key = `${token}|${chatId}`;
    const id = (this.messageIds.get(key) ?? 0) + 1;
    this.messageIds.set(key, id);
    return id;
  }

  /**
   * Counts one outgoing message; returns the `retry_after` seconds when it exceeds a limit
   * (and starts a flood wait that blocks every method of the bot).
   */
  throttle(token: string, chatId: number): number | null {
    const now = this.now();
    const check = (key: string, window: FloodWindow | null): number | null => {
      if (!window) return null;
      const times = (this.sendTimes.get(key) ?? []).filter((t) => t > now - window.windowMs);
      this.sendTimes.set(key, times);
      if (times.length >= window.limit) {
        const oldest = times[0] ?? now;
        return Math.max(1, Math.ceil((oldest + window.windowMs - now) / 1000));
      }
      return null;
    };
    const wait = check(`${token}|${chatId}`, this.flood.perChat) ?? check(token, this.flood.global);
    if (wait !== null) {
      const retryAfter = this.flood.retryAfterSeconds ?? wait;
      const bot = this.bots.get(token);
      if (bot) bot.floodUntil = now + retryAfter * 1000;
      return retryAfter;
    }
    for (const key of [`${token}|${chatId}`, token]) {
      this.sendTimes.set(key, [...(this.sendTimes.get(key) ?? []), now]);
    }
    return null;
  }

  /** Undelivered updates of a bot (webhook queues, or the `getUpdates` queue). */
  pendingUpdateCount(token: string): number {
    let count = this.bots.get(token)?.pollQueue.length ?? 0;
    for (const [key, queue] of this.queues) if (key.startsWith(`${token}|`)) count += queue.length;
    return count;
  }

  /**
   * Telegram receives an update for the bot: it is pushed to the webhook (per-chat FIFO, retried with
   * doubling backoff, dropped after `updateTtlMs`) or kept for `getUpdates`. Resolves when the update leaves
   * the queue.
   */
  pushUpdate(token: string, update: TelegramUpdate): Promise<PushOutcome> {
    const bot = this.bots.get(token);
    if (!bot) throw new Error('unknown bot token');
    const query = update.callback_query as { id?: unknown } | undefined;
    if (typeof query?.id === 'string') this.openCallbackQueries.add(`${token}|${query.id}`);
    const type = Object.keys(update).find((k) => k !== 'update_id') ?? '';
    const allowed = bot.webhook?.allowedUpdates;
    if (allowed ? !allowed.includes(type) : defaultAllowedExclusions.has(type)) {
      return Promise.resolve('filtered');
    }
    if (!bot.webhook) {
      bot.pollQueue.push(update);
      this.wakePollers();
      return Promise.resolve('polling');
    }
    return new Promise((resolve) => {
      this.enqueue(bot, update, resolve, this.now() + this.webhookTiming.updateTtlMs);
    });
  }

  /** Resolves once every webhook queue is empty. */
  idle(): Promise<void> {
    if (this.queues.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Moves updates waiting for `getUpdates` to the webhook (after `setWebhook`). */
  flushPollQueueToWebhook(bot: FakeBot): void {
    const updates = bot.pollQueue.splice(0);
    for (const update of updates)
      this.enqueue(bot, update, () => {}, this.now() + this.webhookTiming.updateTtlMs);
  }

  dropPending(bot: FakeBot): void {
    bot.pollQueue.length = 0;
    for (const [key, queue] of this.queues) {
      if (!key.startsWith(`${bot.token}|`)) continue;
      // The head may be in flight; it is dropped when its attempt finishes.
      for (const item of queue.splice(this.busy.has(key) ? 1 : 0)) item.resolve('dropped');
      if (queue.length === 0) this.queues.delete(key);
    }
    this.checkIdle();
  }

  waitForPollUpdate(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.pollWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.timers.add(timer);
      this.pollWaiters.add(done);
    });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const waiter of this.pollWaiters) waiter();
    for (const queue of this.queues.values()) for (const item of queue) item.resolve('dropped');
    this.queues.clear();
    this.checkIdle();
  }

  private wakePollers(): void {
    for (const waiter of [...this.pollWaiters]) waiter();
  }

  private enqueue(
    bot: FakeBot,
    update: TelegramUpdate,
    resolve: (outcome: PushOutcome) => void,
    expiresAt: number,
  ): void {
    const key = `${bot.token}|${chatKeyOf(update)}`;
    const queue = this.queues.get(key) ?? [];
    queue.push({ update, expiresAt, nextDelayMs: this.webhookTiming.initialRetryMs, resolve });
    this.queues.set(key, queue);
    if (!this.busy.has(key)) this.schedule(key, 0);
  }

  private schedule(key: string, delayMs: number): void {
    this.busy.add(key);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliverHead(key);
    }, delayMs);
    this.timers.add(timer);
  }

  private async deliverHead(key: string): Promise<void> {
    const queue = this.queues.get(key);
    const item = queue?.[0];
    const token = key.slice(0, key.lastIndexOf('|'));
    const bot = this.bots.get(token);
    if (this.closed || !queue || !item || !bot) return this.finishQueue(key);
    if (!bot.webhook) {
      // deleteWebhook: the updates stay available to getUpdates.
      for (const queued of queue.splice(0)) {
        bot.pollQueue.push(queued.update);
        queued.resolve('polling');
      }
      this.wakePollers();
      return this.finishQueue(key);
    }
    if (this.now() > item.expiresAt) {
      queue.shift();
      item.resolve('dropped');
      return this.next(key);
    }
    const attempt: WebhookAttempt = {
      token,
      updateId: item.update.update_id,
      chatKey: key.slice(token.length + 1),
      status: null,
      error: null,
      at: this.now(),
      retryInMs: null,
    };
    this.webhookAttempts.push(attempt);
    let retryDelay: number | null = null;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (bot.webhook.secretToken !== null)
        headers['x-telegram-bot-api-secret-token'] = bot.webhook.secretToken;
      const res = await fetch(bot.webhook.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(item.update),
        signal: AbortSignal.timeout(this.webhookTiming.requestTimeoutMs),
      });
      attempt.status = res.status;
      const text = await res.text();
      if (res.ok) {
        this.recordWebhookReply(token, item.update.update_id, text);
      } else {
        attempt.error = `Wrong response from the webhook: ${res.status} ${res.statusText}`;
        const retryAfter = Number(res.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) {
          retryDelay = Math.min(retryAfter, 3600) * this.webhookTiming.retryAfterUnitMs;
        }
      }
    } catch (error) {
      attempt.error = describeConnectionError(error);
    }
    if (this.closed) return;
    if (attempt.error === null) {
      if (queue[0] === item) queue.shift();
      item.resolve('delivered');
      return this.next(key);
    }
    bot.lastErrorDate = Math.floor(this.now() / 1000);
    bot.lastErrorMessage = attempt.error;
    if (queue[0] !== item) return this.next(key); // dropped meanwhile (drop_pending_updates)
    const delay = retryDelay ?? item.nextDelayMs;
    attempt.retryInMs = delay;
    item.nextDelayMs = Math.min(item.nextDelayMs * 2, this.webhookTiming.maxRetryMs);
    this.schedule(key, delay);
  }

  private recordWebhookReply(token: string, updateId: number, text: string): void {
    if (text.trim() === '') return;
    try {
      const body: unknown = JSON.parse(text);
      if (typeof body === 'object' && body !== null && 'method' in body) {
        this.webhookReplies.push({ token, updateId, body });
      }
    } catch {
      // Not JSON: Telegram ignores the body.
    }
  }

  private next(key: string): void {
    const queue = this.queues.get(key);
    if (queue && queue.length > 0) this.schedule(key, 0);
    else this.finishQueue(key);
  }

  private finishQueue(key: string): void {
    this.busy.delete(key);
    if ((this.queues.get(key)?.length ?? 0) === 0) this.queues.delete(key);
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.queues.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }
}

function chatKeyOf(update: TelegramUpdate): string {
  for (const value of Object.values(update)) {
    if (typeof value !== 'object' || value === null) continue;
    const chat = (value as { chat?: { id?: unknown }; message?: { chat?: { id?: unknown } } }).chat;
    if (typeof chat?.id === 'number') return `chat:${chat.id}`;
    const nested = (value as { message?: { chat?: { id?: unknown } } }).message?.chat;
    if (typeof nested?.id === 'number') return `chat:${nested.id}`;
  }
  return `update:${update.update_id}`;
}

function describeConnectionError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'Connection refused';
  if (error instanceof Error && error.name === 'TimeoutError') return 'Read timeout expired';
  if (cause?.code === 'ENOTFOUND') return 'Failed to resolve host: Name or service not known';
  return error instanceof Error ? error.message : String(error);
}
