import { createHash, randomBytes } from 'node:crypto';
import type { UploadedFile } from '../telegram/read-request-params.ts';
import { serializeLikeMeta } from './serialize-like-meta.ts';
import { signWhatsAppBody } from './sign-whatsapp-body.ts';
import {
  defaultDisplayPhoneNumber,
  defaultPhoneNumberId,
  whatsappPayloads,
  type WhatsAppErrorObject,
  type WhatsAppStatusName,
  type WhatsAppUser,
  type WhatsAppWebhookPayload,
} from './whatsapp-payloads.ts';

export interface RateWindow {
  /** Messages allowed within `windowMs`; one more is refused. */
  limit: number;
  windowMs: number;
}

export interface WhatsAppWebhookTiming {
  /** First retry delay after a failed delivery, doubled per attempt (Meta: exponential, for up to 7 days). */
  initialRetryMs: number;
  maxRetryMs: number;
  /** Attempts before the fake gives up on one body. */
  maxAttempts: number;
  requestTimeoutMs: number;
}

/** Status webhooks the fake pushes by itself after each accepted send. */
export interface AutoStatuses {
  /** In this order, e.g. `['read', 'sent']` for out-of-order delivery, `['sent', 'read']` without `delivered`. */
  sequence: Array<Exclude<WhatsAppStatusName, 'failed' | 'deleted'>>;
  /** Push the first status before answering the send request (failure mode F5, docs/channels.md). */
  beforeResponse?: boolean;
  delayMs?: number;
}

export interface WhatsAppFakeOptions {
  /** The system-user token every Graph call must carry as `Authorization: Bearer …`. */
  accessToken?: string;
  /** Signs webhook bodies (`X-Hub-Signature-256`). */
  appSecret?: string;
  phoneNumberId?: string;
  displayPhoneNumber?: string;
  verifiedName?: string;
  /** The callback URL configured in the Meta App dashboard (also settable with `setWebhook`). */
  webhookUrl?: string | null;
  webhook?: Partial<WhatsAppWebhookTiming>;
  /** Pair rate: messages to one user (Meta: about 1 per 6 s → 131056). `null` disables it. */
  pairRate?: RateWindow | null;
  /** Throughput per number (Meta: 80 msg/s → 130429). `null` disables it. */
  throughput?: RateWindow | null;
  /** The customer service window opened by each inbound message (24 h). */
  serviceWindowMs?: number;
  /** Free-form outside the window: 200 + wamid then a `failed` 131047 webhook (Meta's behaviour) or a sync 400. */
  outsideWindow?: 'async' | 'sync';
  autoStatuses?: AutoStatuses | null;
  /** Delay before the fake pushes an async status (131047/131026 failures, auto statuses without `delayMs`). */
  asyncStatusDelayMs?: number;
  /** How long a media download URL stays valid (Meta: 5 min). */
  mediaUrlTtlMs?: number;
  /** Approved template names (others → 132001). */
  templates?: string[];
  now?: () => number;
}

/** Every Graph request the fake received, for exact-request assertions. */
export interface RecordedGraphRequest {
  httpMethod: string;
  path: string;
  route: 'messages' | 'media.upload' | 'media.lookup' | 'media.download' | 'phone' | 'unknown';
  authorization: string | null;
  contentType: string;
  /** The JSON body (messages), or null. */
  json: unknown;
  /** Plain multipart fields (media upload). */
  fields: Record<string, string>;
  files: UploadedFile[];
  response: { status: number; body: unknown };
}

/** A message the fake accepted (200 + wamid). */
export interface AcceptedMessage {
  wamid: string;
  /** `to` (digits) or `recipient` (BSUID) as sent. */
  input: string;
  type: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeMedia {
  id: string;
  bytes: Buffer;
  mimeType: string;
  sha256: string;
  filename: string | null;
  /** Uploaded by the business (`POST /media`) rather than received from a customer. */
  uploaded: boolean;
  expired: boolean;
}

/** An error in Meta's Graph envelope, returned synchronously. */
export interface GraphError {
  status: number;
  code: number;
  message: string;
  subcode?: number;
  details?: string;
  type?: string;
  isTransient?: boolean;
}

export interface WebhookDelivery {
  raw: string;
  attempt: number;
  status: number | null;
  error: string | null;
  at: number;
}

export type PushOutcome = 'delivered' | 'dropped';

/**
 * The fake's world: the phone number, hosted media, customer service windows, rate counters, recorded
 * requests and webhook deliveries. Tests drive it directly (`push`, `addMedia`, `closeWindow`, `scriptError` …).
 */
export class WhatsAppFakeState {
  readonly accessToken: string;
  readonly appSecret: string;
  readonly phoneNumberId: string;
  readonly displayPhoneNumber: string;
  readonly verifiedName: string;
  readonly requests: RecordedGraphRequest[] = [];
  readonly accepted: AcceptedMessage[] = [];
  readonly media = new Map<string, FakeMedia>();
  readonly deliveries: WebhookDelivery[] = [];
  readonly timing: WhatsAppWebhookTiming;
  readonly serviceWindowMs: number;
  readonly mediaUrlTtlMs: number;
  readonly templates: Set<string>;
  readonly now: () => number;
  webhookUrl: string | null;
  pairRate: RateWindow | null;
  throughput: RateWindow | null;
  outsideWindow: 'async' | 'sync';
  autoStatuses: AutoStatuses | null;
  asyncStatusDelayMs: number;

  private readonly lastInbound = new Map<string, number>();
  private readonly undeliverable = new Set<string>();
  private readonly sendTimes = new Map<string, number[]>();
  private readonly downloads = new Map<string, { mediaId: string; expiresAt: number }>();
  private readonly scripted: GraphError[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private mediaOutage: { remaining: number; status: number } = { remaining: 0, status: 503 };
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private mediaCounter = 0;
  private closed = false;

  constructor(options: WhatsAppFakeOptions = {}) {
    this.accessToken = options.accessToken ?? 'EAAGfakeSystemUserAccessToken';
    this.appSecret = options.appSecret ?? 'fake-app-secret';
    this.phoneNumberId = options.phoneNumberId ?? defaultPhoneNumberId;
    this.displayPhoneNumber = options.displayPhoneNumber ?? defaultDisplayPhoneNumber;
    this.verifiedName = options.verifiedName ?? 'Frontline Test';
    this.webhookUrl = options.webhookUrl ?? null;
    this.timing = {
      initialRetryMs: 1000,
      maxRetryMs: 60_000,
      maxAttempts: 8,
      requestTimeoutMs: 10_000,
      ...options.webhook,
    };
    this.pairRate = options.pairRate === undefined ? { limit: 1, windowMs: 6000 } : options.pairRate;
    this.throughput = options.throughput === undefined ? { limit: 80, windowMs: 1000 } : options.throughput;
    this.serviceWindowMs = options.serviceWindowMs ?? 24 * 3600 * 1000;
    this.outsideWindow = options.outsideWindow ?? 'async';
    this.autoStatuses = options.autoStatuses ?? null;
    this.asyncStatusDelayMs = options.asyncStatusDelayMs ?? 20;
    this.mediaUrlTtlMs = options.mediaUrlTtlMs ?? 5 * 60 * 1000;
    this.templates = new Set(options.templates ?? ['hello_world']);
    this.now = options.now ?? Date.now;
  }

  /** Sets the callback URL (what an admin types into the Meta App dashboard). */
  setWebhook(url: string | null): void {
    this.webhookUrl = url;
  }

  /** `X-Hub-Signature-256` for these bytes with this app's secret. */
  sign(raw: Buffer | string): string {
    return signWhatsAppBody(this.appSecret, raw);
  }

  /** Hosts customer media for `GET /{media-id}` and its download URL; returns the media id. */
  addMedia(bytes: Buffer, options: { mimeType: string; filename?: string; uploaded?: boolean }): string {
    this.mediaCounter += 1;
    const id = String(1_000_000_000_000 + this.mediaCounter * 7919 + Math.floor(Math.random() * 1000));
    this.media.set(id, {
      id,
      bytes,
      mimeType: options.mimeType,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      filename: options.filename ?? null,
      uploaded: options.uploaded ?? false,
      expired: false,
    });
    return id;
  }

  /** The media id outlived its 7 days: lookups answer 404. */
  expireMedia(id: string): void {
    const media = this.media.get(id);
    if (media) media.expired = true;
  }

  /** The next `times` media lookups answer a transient error (failure mode F3, docs/channels.md). */
  failMediaLookups(times: number, status = 503): void {
    this.mediaOutage = { remaining: times, status };
  }

  takeMediaOutage(): number | null {
    if (this.mediaOutage.remaining <= 0) return null;
    this.mediaOutage.remaining -= 1;
    return this.mediaOutage.status;
  }

  /** A one-time-ish download URL token for a media id, valid for `mediaUrlTtlMs`. */
  issueDownload(mediaId: string): string {
    const token = randomBytes(12).toString('hex');
    this.downloads.set(token, { mediaId, expiresAt: this.now() + this.mediaUrlTtlMs });
    return token;
  }

  resolveDownload(token: string): FakeMedia | 'expired' | undefined {
    const entry = this.downloads.get(token);
    if (!entry) return undefined;
    if (this.now() > entry.expiresAt) return 'expired';
    return this.media.get(entry.mediaId);
  }

  /** The customer wrote just now: free-form messages to them are allowed for `serviceWindowMs`. */
  openWindow(user: WhatsAppUser): void {
    for (const key of keysOf(user)) this.lastInbound.set(key, this.now());
  }

  /** The customer's window closed (their last message is older than 24 h). */
  closeWindow(user: WhatsAppUser): void {
    for (const key of keysOf(user)) this.lastInbound.delete(key);
  }

  isWindowOpen(key: string): boolean {
    const at = this.lastInbound.get(key);
    return at !== undefined && this.now() - at < this.serviceWindowMs;
  }

  /** Messages to this user are accepted, then fail asynchronously with 131026 (not on WhatsApp, blocked …). */
  markUndeliverable(user: WhatsAppUser): void {
    for (const key of keysOf(user)) this.undeliverable.add(key);
  }

  isUndeliverable(key: string): boolean {
    return this.undeliverable.has(key);
  }

  /** The next `times` send requests fail synchronously with this error. */
  scriptError(error: GraphError, times = 1): void {
    for (let i = 0; i < times; i++) this.scripted.push(error);
  }

  takeScriptedError(): GraphError | undefined {
    return this.scripted.shift();
  }

  requestsFor(route: RecordedGraphRequest['route']): RecordedGraphRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Counts one send to `key`; returns the error code when it exceeds the pair rate or the throughput. */
  throttle(key: string): 131056 | 130429 | null {
    const now = this.now();
    const over = (bucket: string, window: RateWindow | null) => {
      if (!window) return false;
      const times = (this.sendTimes.get(bucket) ?? []).filter((t) => t > now - window.windowMs);
      this.sendTimes.set(bucket, times);
      return times.length >= window.limit;
    };
    if (over('*', this.throughput)) return 130429;
    if (over(`to:${key}`, this.pairRate)) return 131056;
    for (const bucket of ['*', `to:${key}`])
      this.sendTimes.set(bucket, [...(this.sendTimes.get(bucket) ?? []), now]);
    return null;
  }

  /**
   * Meta posts a webhook body: serialised with `\uXXXX` escapes, signed, retried with doubling backoff on
   * non-2xx or network errors. A body with `messages` opens the senders' service windows. Resolves when the
   * body was acknowledged (or given up on).
   */
  push(payload: WhatsAppWebhookPayload): Promise<PushOutcome> {
    for (const entry of payload.entry) {
      for (const change of entry.changes) {
        const contacts = Array.isArray(change.value.contacts) ? change.value.contacts : [];
        for (const contact of contacts as Array<{ wa_id?: string; user_id?: string }>) {
          this.openWindow({ waId: contact.wa_id, userId: contact.user_id });
        }
      }
    }
    return this.pushRaw(serializeLikeMeta(payload));
  }

  /** Posts these exact bytes (signed with the app secret). */
  pushRaw(raw: string): Promise<PushOutcome> {
    const url = this.webhookUrl;
    if (url === null) {
      // Like Meta without a callback URL: nothing is delivered.
      this.deliveries.push({
        raw,
        attempt: 0,
        status: null,
        error: 'no webhook URL configured',
        at: this.now(),
      });
      return Promise.resolve('dropped');
    }
    this.inFlight += 1;
    return new Promise<PushOutcome>((resolve) => {
      const attempt = async (n: number, delayMs: number): Promise<void> => {
        if (this.closed) return resolve('dropped');
        const delivery: WebhookDelivery = { raw, attempt: n, status: null, error: null, at: this.now() };
        this.deliveries.push(delivery);
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': this.sign(raw) },
            body: raw,
            signal: AbortSignal.timeout(this.timing.requestTimeoutMs),
          });
          delivery.status = res.status;
          await res.arrayBuffer();
          if (!res.ok) delivery.error = `HTTP ${res.status}`;
        } catch (error) {
          delivery.error = error instanceof Error ? error.message : String(error);
        }
        if (delivery.error === null) return resolve('delivered');
        if (this.closed || n >= this.timing.maxAttempts) return resolve('dropped');
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void attempt(n + 1, Math.min(delayMs * 2, this.timing.maxRetryMs));
        }, delayMs);
        this.timers.add(timer);
      };
      void attempt(1, this.timing.initialRetryMs);
    }).finally(() => this.settle());
  }

  /** Pushes a status of an accepted message (e.g. `read` after `delivered`, or a late `failed`). */
  pushStatus(
    wamid: string,
    status: WhatsAppStatusName,
    errors?: WhatsAppErrorObject[],
  ): Promise<PushOutcome> {
    const message = this.accepted.find((m) => m.wamid === wamid);
    const recipient = message === undefined ? {} : userOfInput(message.input);
    return this.push(
      whatsappPayloads.status({
        id: wamid,
        status,
        recipient,
        phoneNumberId: this.phoneNumberId,
        displayPhoneNumber: this.displayPhoneNumber,
        ...(errors === undefined ? {} : { errors }),
      }),
    );
  }

  /** Runs `fn` after `delayMs` unless the fake was closed (status pushes after a send). */
  later(delayMs: number, fn: () => void): void {
    this.inFlight += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) fn();
      this.settle();
    }, delayMs);
    this.timers.add(timer);
  }

  /** Resolves once no webhook body is waiting for delivery (nor scheduled). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private settle(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) for (const waiter of this.idleWaiters.splice(0)) waiter();
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }
}

function keysOf(user: WhatsAppUser): string[] {
  return [user.waId, user.userId].filter((k): k is string => k !== undefined);
}

/** A BSUID (`US.1234…`) or a phone number in digits. */
export function userOfInput(input: string): WhatsAppUser {
  return /^\+?\d+$/.test(input) ? { waId: input.replace(/^\+/, '') } : { userId: input };
}
