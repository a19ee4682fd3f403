import { TemplateChoice } from '@frontline/shared';
import { ChannelError } from '../lib/errors.ts';
import { TokenBuckets, type RateLimit } from '../lib/token-bucket.ts';
import { WorkerLoop } from '../lib/worker-loop.ts';
import { claimDueRows } from '../store/claim-due-rows.ts';
import { isStoreUnavailable } from '../store/is-store-unavailable.ts';
import { parseMessageMeta, parseStoredAttachments } from '../modules/views.ts';
import type { MessageRow } from '../store/schema.ts';
import type { OutboundMessage } from '../channels/channel-adapter.ts';
import type { JobDeps } from './job-deps.ts';

export interface DispatcherOptions {
  batchSize: number;
  /** Deliveries in flight at once on this node (each to a different recipient). */
  concurrency: number;
  /**
   * The longest one send attempt may take (every provider call of one reply): then it is abandoned
   * (its calls aborted) and counted as a retryable timeout.
   */
  sendTimeoutMs: number;
  /**
   * How long a claimed delivery stays locked before another worker may retry it (crash safety); longer
   * than `sendTimeoutMs`, so a slow attempt is never overlapped by a second one. Default: timeout + 1 min.
   */
  lockMs: number;
  pollMs: number;
}

const defaults = { batchSize: 50, concurrency: 64, sendTimeoutMs: 120_000, pollMs: 500 };

/** A claimed delivery. */
interface Claimed {
  id: number;
  message_id: number;
  attempts: number;
  lost_answers: number;
  created_at: string;
}

/**
 * Exponential backoff: 1 s, 2 s, 4 s … capped at 5 minutes, so a provider that comes back is tried again
 * within 5 minutes however long it was away. Retries go on until the channel's give-up horizon.
 */
export function backoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 5 * 60_000);
}

/**
 * Delivers queued outbound messages through their channel adapter, at least once: a delivery is
 * claimed (locked), sent, then marked done in one transaction with the message status and events.
 * Throttled/transient errors are retried with backoff; permanent ones fail the message with the reason.
 *
 * Deliveries to different recipients run concurrently (up to `concurrency`), so a provider call that hangs
 * holds only its own recipient: a recipient's next reply is claimable only once the one before it is done.
 * Every attempt has a deadline (`sendTimeoutMs`) whose signal the adapter passes to its provider calls.
 */
export class DeliveryDispatcher {
  private readonly options: DispatcherOptions;
  private readonly buckets: TokenBuckets;
  private readonly worker: WorkerLoop;
  private readonly inFlight = new Set<Promise<void>>();
  /** Aborted by `stop`: in-flight provider calls end, their deliveries stay locked for a later retry. */
  private stopping = new AbortController();

  constructor(
    private readonly deps: JobDeps,
    options: Partial<DispatcherOptions> = {},
  ) {
    const sendTimeoutMs = options.sendTimeoutMs ?? defaults.sendTimeoutMs;
    this.options = { ...defaults, lockMs: sendTimeoutMs + 60_000, ...options };
    this.buckets = new TokenBuckets(() => deps.clock.now().getTime());
    this.worker = new WorkerLoop({
      name: 'delivery dispatcher',
      logger: deps.logger,
      // A round launches what is due without waiting for it: a slow send never delays the next claim.
      round: async () => (await this.launchDue()).length,
      more: (count) => count > 0,
    });
  }

  start(): void {
    this.worker.start(this.options.pollMs);
  }

  /** Stop claiming; abort the sends in flight and wait for them to end (their deliveries are retried later). */
  async stop(): Promise<void> {
    this.worker.stop();
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
    this.stopping = new AbortController();
  }

  /** Ask for a run soon; runs coalesce. */
  kick(): void {
    this.worker.kick();
  }

  /** Claim due deliveries and send them, waiting for those sends. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const launched = await this.launchDue();
    await Promise.all(launched);
    return launched.length;
  }

  /** Claim due deliveries (as many as there is room for in flight) and start sending each. */
  private async launchDue(): Promise<Array<Promise<void>>> {
    const room = Math.min(this.options.batchSize, this.options.concurrency - this.inFlight.size);
    if (room <= 0) return [];
    const claimed = await this.claim(room);
    return claimed.map((d) => {
      const sending: Promise<void> = this.deliver(d)
        .catch((error: unknown) => {
          this.deps.logger.error({ err: error, deliveryId: d.id }, 'delivery attempt failed unexpectedly');
        })
        .finally(() => {
          this.inFlight.delete(sending);
          // The recipient's next reply (and whatever waited for room) may go now.
          this.kick();
        });
      this.inFlight.add(sending);
      return sending;
    });
  }

  private async claim(limit: number): Promise<Claimed[]> {
    const { store, clock } = this.deps;
    return store.write(async ({ db }) => {
      const now = clock.now();
      const nowIso = now.toISOString();
      const due = db
        .selectFrom('deliveries')
        .select(['id', 'message_id', 'attempts', 'lost_answers', 'created_at'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', nowIso)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowIso)]))
        // Per recipient, only the oldest pending delivery: replies reach the customer in order.
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('deliveries as earlier')
                .select('earlier.id')
                .whereRef('earlier.identity_id', '=', 'deliveries.identity_id')
                .where('earlier.status', '=', 'pending')
                .whereRef('earlier.id', '<', 'deliveries.id'),
            ),
          ),
        )
        .orderBy('next_attempt_at')
        .limit(limit);
      const lockedUntil = new Date(now.getTime() + this.options.lockMs).toISOString();
      return claimDueRows(store.dialect, due, (ids) =>
        db.updateTable('deliveries').set({ locked_until: lockedUntil }).where('id', 'in', ids).execute(),
      );
    });
  }

  private async deliver(d: Claimed): Promise<void> {
    const { store, channels, logger } = this.deps;
    const stopping = this.stopping.signal;
    const message = await store.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', d.message_id)
      .executeTakeFirstOrThrow();
    const identity = await store.db
      .selectFrom('identities')
      .select(['id', 'external_id'])
      .where('id', '=', message.identity_id ?? -1)
      .executeTakeFirstOrThrow();
    const account = channels.get(message.channel_account_id ?? -1);
    const adapter = this.deps.adapters[account.kind];
    const pacing = this.pacingFor(adapter.rateLimits, account.id, identity.id);
    const waitMs = this.buckets.take(pacing);
    if (waitMs > 0) {
      await this.defer(d.id, waitMs);
      return;
    }
    try {
      const thread = adapter.capabilities.threading ? await this.threadOf(message) : undefined;
      const meta = parseMessageMeta(message.meta);
      const endsPhoneRequest =
        adapter.capabilities.requestPhone === true &&
        !meta.phoneRequest &&
        !(meta.buttons && meta.buttons.length > 0) &&
        (await this.followsPhoneRequest(message));
      const signal = AbortSignal.any([AbortSignal.timeout(this.options.sendTimeoutMs), stopping]);
      const sending = adapter.send(account.context, {
        messageId: message.id,
        text: message.text,
        attachments: parseStoredAttachments(message.attachments).map((a) => ({
          ...a,
          path: this.deps.attachments.pathOf(a.id),
        })),
        recipientExternalId: identity.external_id,
        idempotencyKey: `frontline-${message.id}`,
        ...(message.template ? { template: TemplateChoice.parse(JSON.parse(message.template)) } : {}),
        ...(thread ? { thread } : {}),
        ...(meta.automated ? { automated: true } : {}),
        ...(meta.buttons && meta.buttons.length > 0 ? { buttons: meta.buttons } : {}),
        ...(meta.phoneRequest ? { phoneRequest: meta.phoneRequest } : {}),
        ...(meta.subject ? { subject: meta.subject } : {}),
        ...(meta.cc && meta.cc.length > 0 ? { cc: meta.cc } : {}),
        ...(endsPhoneRequest ? { endsPhoneRequest: true } : {}),
        signal,
      });
      const result = await withDeadline(sending, signal, account.kind, this.options.sendTimeoutMs);
      await store.write(async (tx) => {
        await tx.db
          .updateTable('deliveries')
          .set({ status: 'done', locked_until: null })
          .where('id', '=', d.id)
          .execute();
        this.deps.metrics.messagesOut.inc({ channel: account.kind, result: 'sent' });
        // The message status (and what the customer's stream sees) is the case core's to change.
        await this.deps.cases.markSent(tx, message.id, result.externalId);
      });
    } catch (error) {
      // Shutting down: leave the delivery locked; another run retries it once the lock expires.
      if (stopping.aborted) return;
      // The database went away (not the channel): nothing can be recorded now, and the attempt must not
      // count against the channel. The claim expires and the delivery is tried again when the store is back.
      if (!(error instanceof ChannelError) && isStoreUnavailable(error)) throw error;
      const channelError =
        error instanceof ChannelError
          ? error
          : new ChannelError('CHANNEL_UNEXPECTED', error instanceof Error ? error.message : String(error), {
              retryable: true,
              cause: error,
            });
      if (channelError.retryAfterMs !== undefined) {
        // The provider throttles the whole bot/number (Telegram flood wait): hold every send of it.
        const perAccount = pacing.find((p) => p.key.startsWith('account:'));
        if (perAccount) this.buckets.penalize(perAccount.key, perAccount.limit, channelError.retryAfterMs);
      }
      const attempts = d.attempts + 1;
      const lostAnswers = d.lost_answers + (channelError.uncertain ? 1 : 0);
      const now = this.deps.clock.now().getTime();
      const giveUpAt = Date.parse(d.created_at) + adapter.delivery.giveUpAfterMs;
      const last = `${channelError.code}: ${channelError.message}`;
      // Why it stops here, if it does: permanent, the answer lost twice (not idempotent), or out of time.
      let reason: string | null = null;
      if (!channelError.retryable) reason = last;
      else if (lostAnswers >= 2 && !adapter.delivery.idempotent) {
        reason =
          `DELIVERY_UNCONFIRMED: ${account.kind} did not confirm this reply twice (${last}); it may have ` +
          'arrived, possibly twice: check with the customer before sending it again';
      } else if (now >= giveUpAt) {
        reason = `${last} (gave up: still failing ${formatSpan(adapter.delivery.giveUpAfterMs)} after the reply was written)`;
      }
      const permanent = reason !== null;
      logger.warn(
        {
          deliveryId: d.id,
          messageId: message.id,
          code: channelError.code,
          attempts,
          lostAnswers,
          permanent,
        },
        'delivery failed',
      );
      // The last try falls on the horizon at the latest.
      const nextAt = Math.min(now + (channelError.retryAfterMs ?? backoffMs(attempts)), giveUpAt);
      await store.write(async (tx) => {
        await tx.db
          .updateTable('deliveries')
          .set({
            status: permanent ? 'failed' : 'pending',
            attempts,
            lost_answers: lostAnswers,
            locked_until: null,
            last_error: reason ?? last,
            next_attempt_at: new Date(Math.max(nextAt, now)).toISOString(),
          })
          .where('id', '=', d.id)
          .execute();
        if (reason === null) return;
        this.deps.metrics.messagesOut.inc({ channel: account.kind, result: 'failed' });
        await this.deps.cases.markFailed(tx, message.id, reason);
      });
    }
  }

  /**
   * The conversation a reply continues, for channels that thread: the customer's latest message on this
   * account before it (its id and subject are answered) and the provider ids of the case's messages.
   */
  private async threadOf(message: MessageRow): Promise<NonNullable<OutboundMessage['thread']>> {
    const earlier = await this.deps.store.db
      .selectFrom('messages')
      .select(['id', 'direction', 'external_id', 'meta'])
      .where('case_id', '=', message.case_id)
      .where('channel_account_id', '=', message.channel_account_id)
      .where('external_id', 'is not', null)
      .where('id', '<', message.id)
      .orderBy('id', 'desc')
      .limit(30)
      .execute();
    const answered = earlier.find((m) => m.direction === 'in');
    return {
      caseId: message.case_id,
      subject: answered ? (parseMessageMeta(answered.meta).subject ?? null) : null,
      inReplyTo: answered?.external_id ?? null,
      references: earlier
        .map((m) => m.external_id)
        .filter((id): id is string => id !== null)
        .reverse(),
    };
  }

  /**
   * Whether the customer's share-phone keyboard is still up: the latest earlier reply to this identity that
   * could carry a keyboard of its own (one without quick-reply buttons, which bring their own markup) asked
   * for the phone. Then this reply takes the keyboard away (`endsPhoneRequest`).
   */
  private async followsPhoneRequest(message: MessageRow): Promise<boolean> {
    const earlier = await this.deps.store.db
      .selectFrom('messages')
      .select('meta')
      .where('identity_id', '=', message.identity_id)
      .where('direction', '=', 'out')
      .where('id', '<', message.id)
      .orderBy('id', 'desc')
      .limit(20)
      .execute();
    for (const row of earlier) {
      const meta = parseMessageMeta(row.meta);
      if (meta.phoneRequest) return true;
      if (!(meta.buttons && meta.buttons.length > 0)) return false;
    }
    return false;
  }

  private pacingFor(
    limits: { perAccount?: RateLimit; perRecipient?: RateLimit } | undefined,
    accountId: number,
    identityId: number,
  ): Array<{ key: string; limit: RateLimit }> {
    const out: Array<{ key: string; limit: RateLimit }> = [];
    if (limits?.perAccount) out.push({ key: `account:${accountId}`, limit: limits.perAccount });
    if (limits?.perRecipient)
      out.push({ key: `recipient:${accountId}:${identityId}`, limit: limits.perRecipient });
    return out;
  }

  /** Not yet: the provider's pace. Try again when a token is due (no attempt is used up). */
  private async defer(deliveryId: number, waitMs: number): Promise<void> {
    const at = new Date(this.deps.clock.now().getTime() + waitMs).toISOString();
    await this.deps.store.write(async ({ db }) => {
      await db
        .updateTable('deliveries')
        .set({ next_attempt_at: at, locked_until: null })
        .where('id', '=', deliveryId)
        .execute();
    });
    setTimeout(() => this.kick(), waitMs).unref();
  }
}

/**
 * The send's result, or a retryable `PROVIDER_TIMEOUT` as soon as `signal` aborts — also when the adapter
 * does not honour the signal (its late answer is then ignored).
 */
async function withDeadline<T>(
  sending: Promise<T>,
  signal: AbortSignal,
  kind: string,
  timeoutMs: number,
): Promise<T> {
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    onAbort = () =>
      reject(
        new ChannelError(
          'PROVIDER_TIMEOUT',
          `${kind} did not answer within ${Math.round(timeoutMs / 1000)} s`,
          // Its answer may merely be late: the provider may still carry the request out.
          { retryable: true, uncertain: true },
        ),
      );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([sending, deadline]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** "24 h", "5 days": a give-up horizon for the operator. */
function formatSpan(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
