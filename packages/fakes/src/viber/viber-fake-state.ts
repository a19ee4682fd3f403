import { randomBytes } from 'node:crypto';
import { signViberBody } from './sign-viber-body.ts';
import { stringifyViberJson } from './stringify-viber-json.ts';
import type { FakeViberUser, ViberCallback } from './viber-callbacks.ts';

export interface ViberFakeOptions {
  /** Messages to one user within an hour without a reply before `status:12` (Viber: 100). `null` disables. */
  perUserPerHour?: number | null;
  /** `get_user_details` calls per user within 12 h before `status:12` (Viber: about 2). */
  userDetailsPer12h?: number | null;
  webhook?: Partial<ViberWebhookTiming>;
  now?: () => number;
}

export interface ViberWebhookTiming {
  /** Delay between redeliveries of a callback that did not get a 2xx ("several times for an hour"). */
  retryDelayMs: number;
  /** Deliveries of one callback before it is dropped. */
  maxAttempts: number;
  requestTimeoutMs: number;
}

export interface FakeViberBot {
  authToken: string;
  id: string;
  name: string;
  uri: string;
  webhook: { url: string; eventTypes: string[]; sendName: boolean; sendPhoto: boolean } | null;
}

/** Every `/pa/<method>` request the fake received, for exact-request assertions. */
export interface RecordedViberRequest {
  authToken: string | null;
  method: string;
  rawBody: string;
  /** The body parsed with plain `JSON.parse` (Frontline never sends 64-bit numbers), `null` if not JSON. */
  params: Record<string, unknown> | null;
  response: { httpStatus: number; body: Record<string, unknown>; raw: string };
}

export interface ViberCallbackAttempt {
  authToken: string;
  event: string;
  /** Exact decimal string. */
  messageToken: string | null;
  status: number | null;
  error: string | null;
  at: number;
}

/** A canned answer for the next call of a method: Viber's HTTP 200 + status, or a bare HTTP error. */
export type ScriptedViberAnswer = { status: number; status_message: string } | { httpStatus: number };

export type ViberPushOutcome = 'delivered' | 'dropped' | 'filtered' | 'no-webhook';

interface HostedMedia {
  bytes: Buffer;
  contentType: string;
  expiresAt: number;
}

/** The events `set_webhook` subscribes to when `event_types` is omitted (`message` and `webhook` always come). */
export const allViberEventTypes = [
  'delivered',
  'seen',
  'failed',
  'subscribed',
  'unsubscribed',
  'conversation_started',
];

/**
 * The fake's world: bots, users and their subscriptions, hosted media, recorded requests and callback
 * deliveries. Tests drive it directly (`addBot`, `addUser`, `push`, `hostMedia`, `scriptAnswer` …).
 */
export class ViberFakeState {
  readonly bots = new Map<string, FakeViberBot>();
  readonly users = new Map<string, FakeViberUser>();
  readonly requests: RecordedViberRequest[] = [];
  readonly callbackAttempts: ViberCallbackAttempt[] = [];
  readonly webhookTiming: ViberWebhookTiming;
  perUserPerHour: number | null;
  userDetailsPer12h: number | null;
  readonly now: () => number;
  /** Set by `startViberFake` once listening: media URLs are built from it. */
  baseUrl = '';

  private readonly subscribed = new Set<string>();
  private readonly unanswered = new Map<string, number[]>();
  private readonly detailsCalls = new Map<string, number[]>();
  private readonly media = new Map<string, HostedMedia>();
  private readonly scripted = new Map<string, ScriptedViberAnswer[]>();
  private readonly sleepers = new Map<NodeJS.Timeout, () => void>();
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(options: ViberFakeOptions = {}) {
    this.now = options.now ?? Date.now;
    this.perUserPerHour = options.perUserPerHour === undefined ? 100 : options.perUserPerHour;
    this.userDetailsPer12h = options.userDetailsPer12h === undefined ? 2 : options.userDetailsPer12h;
    this.webhookTiming = { retryDelayMs: 1000, maxAttempts: 5, requestTimeoutMs: 10_000, ...options.webhook };
  }

  addBot(options: { authToken: string; name?: string; uri?: string }): FakeViberBot {
    const bot: FakeViberBot = {
      authToken: options.authToken,
      id: `pa:${BigInt(`0x${randomBytes(7).toString('hex')}`)}`,
      name: options.name ?? 'Fake bot',
      uri: options.uri ?? 'fakebot',
      webhook: null,
    };
    this.bots.set(options.authToken, bot);
    return bot;
  }

  /** Registers a Viber user; `subscribedTo` subscribes them to these bots (as after their first message). */
  addUser(user: FakeViberUser, options: { subscribedTo?: string[] } = {}): FakeViberUser {
    this.users.set(user.id, user);
    for (const token of options.subscribedTo ?? []) this.subscribed.add(`${token}|${user.id}`);
    return user;
  }

  isSubscribed(authToken: string, userId: string): boolean {
    return this.subscribed.has(`${authToken}|${userId}`);
  }

  /** Serves `bytes` at a URL of the fake until `ttlMs` passes (then 404, like Viber's temporary media URLs). */
  hostMedia(bytes: Buffer, options: { filename: string; contentType: string; ttlMs?: number }): string {
    const id = randomBytes(8).toString('hex');
    this.media.set(id, {
      bytes,
      contentType: options.contentType,
      expiresAt: this.now() + (options.ttlMs ?? 3_600_000),
    });
    return `${this.baseUrl}/media/${id}/${encodeURIComponent(options.filename)}`;
  }

  /** The hosted file behind a `/media/<id>/…` path, or null once expired / unknown. */
  mediaAt(id: string): HostedMedia | null {
    const hosted = this.media.get(id);
    if (!hosted || hosted.expiresAt <= this.now()) return null;
    return hosted;
  }

  /** The next `times` calls of `method` (e.g. `send_message`) get this answer instead. */
  scriptAnswer(method: string, answer: ScriptedViberAnswer, times = 1): void {
    const list = this.scripted.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(answer);
    this.scripted.set(method, list);
  }

  takeScriptedAnswer(method: string): ScriptedViberAnswer | undefined {
    return this.scripted.get(method)?.shift();
  }

  requestsFor(method: string): RecordedViberRequest[] {
    return this.requests.filter((r) => r.method === method);
  }

  /** Counts a message to a user; false when the hourly "without a reply" quota is used up. */
  countUnanswered(authToken: string, userId: string): boolean {
    const key = `${authToken}|${userId}`;
    const hourAgo = this.now() - 3_600_000;
    const times = (this.unanswered.get(key) ?? []).filter((t) => t > hourAgo);
    if (this.perUserPerHour !== null && times.length >= this.perUserPerHour) {
      this.unanswered.set(key, times);
      return false;
    }
    this.unanswered.set(key, [...times, this.now()]);
    return true;
  }

  countUserDetails(authToken: string, userId: string): boolean {
    const key = `${authToken}|${userId}`;
    const since = this.now() - 12 * 3_600_000;
    const times = (this.detailsCalls.get(key) ?? []).filter((t) => t > since);
    if (this.userDetailsPer12h !== null && times.length >= this.userDetailsPer12h) return false;
    this.detailsCalls.set(key, [...times, this.now()]);
    return true;
  }

  /** Signs and POSTs one body to the bot's webhook once: the HTTP status, or the connection error. */
  async deliverOnce(
    bot: FakeViberBot,
    url: string,
    callback: ViberCallback,
  ): Promise<{ status: number | null; error: string | null }> {
    const raw = stringifyViberJson(callback);
    const attempt: ViberCallbackAttempt = {
      authToken: bot.authToken,
      event: callback.event,
      messageToken: callback.message_token === undefined ? null : String(callback.message_token),
      status: null,
      error: null,
      at: this.now(),
    };
    this.callbackAttempts.push(attempt);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-viber-content-signature': signViberBody(bot.authToken, raw),
        },
        body: raw,
        signal: AbortSignal.timeout(this.webhookTiming.requestTimeoutMs),
      });
      await res.arrayBuffer();
      attempt.status = res.status;
      if (!res.ok) attempt.error = `HTTP ${res.status}`;
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    return { status: attempt.status, error: attempt.error };
  }

  /**
   * Viber receives something for the bot and calls the webhook: signed with the auth token, redelivered on
   * non-2xx up to `maxAttempts` times. Also updates the fake's world (a message or `subscribed` subscribes
   * the user and resets their "without a reply" quota; `unsubscribed` unsubscribes). Resolves when done.
   */
  async push(authToken: string, callback: ViberCallback): Promise<ViberPushOutcome> {
    const bot = this.bots.get(authToken);
    if (!bot) throw new Error('unknown bot auth token');
    this.observe(authToken, callback);
    const webhook = bot.webhook;
    if (!webhook) return 'no-webhook';
    if (allViberEventTypes.includes(callback.event) && !webhook.eventTypes.includes(callback.event)) {
      return 'filtered';
    }
    this.pending += 1;
    try {
      for (let attempt = 1; ; attempt++) {
        if (this.closed) return 'dropped';
        const { status } = await this.deliverOnce(bot, webhook.url, callback);
        if (status !== null && status >= 200 && status < 300) return 'delivered';
        if (attempt >= this.webhookTiming.maxAttempts) return 'dropped';
        await this.sleep(this.webhookTiming.retryDelayMs);
      }
    } finally {
      this.pending -= 1;
      this.checkIdle();
    }
  }

  /** Resolves once no callback is being delivered. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const [timer, wake] of this.sleepers) {
      clearTimeout(timer);
      wake();
    }
    this.sleepers.clear();
  }

  private observe(authToken: string, callback: ViberCallback): void {
    const sender = toFakeUser(callback.sender ?? callback.user);
    if (sender && !this.users.has(sender.id)) this.users.set(sender.id, sender);
    const key = (id: string) => `${authToken}|${id}`;
    if (callback.event === 'message' && sender) {
      this.subscribed.add(key(sender.id));
      this.unanswered.delete(key(sender.id));
    }
    if (callback.event === 'subscribed' && sender) this.subscribed.add(key(sender.id));
    if (callback.event === 'unsubscribed' && typeof callback.user_id === 'string') {
      this.subscribed.delete(key(callback.user_id));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleepers.delete(timer);
        resolve();
      }, ms);
      this.sleepers.set(timer, resolve);
    });
  }

  private checkIdle(): void {
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }
}

function toFakeUser(value: unknown): FakeViberUser | null {
  if (typeof value !== 'object' || value === null) return null;
  const raw = value as Record<string, unknown>;
  if (typeof raw.id !== 'string') return null;
  return {
    id: raw.id,
    ...(typeof raw.name === 'string' ? { name: raw.name } : {}),
    ...(typeof raw.avatar === 'string' ? { avatar: raw.avatar } : {}),
    ...(typeof raw.api_version === 'number' ? { apiVersion: raw.api_version } : {}),
  };
}
