import { adapterFor } from '../channels/registry.ts';
import type { Clock } from '../lib/clock.ts';
import { TemplateChoice } from '@frontline/shared';
import { ChannelError } from '../lib/errors.ts';
import { TokenBuckets, type RateLimit } from '../lib/token-bucket.ts';
import { WorkerLoop } from '../lib/worker-loop.ts';
import { isStoreUnavailable } from '../store/is-store-unavailable.ts';
import type { Logger } from '../lib/logger.ts';
import type { CaseService } from '../modules/cases/case-service.ts';
import type { AttachmentStore } from '../modules/attachments/attachment-store.ts';
import type { ChannelAccounts } from '../modules/channels/channel-accounts.ts';
import type { EventWriter } from '../modules/events/event-writer.ts';
import { parseMessageMeta, parseStoredAttachments, toChatMessage } from '../modules/views.ts';
import type { MessageRow } from '../store/schema.ts';
import type { OutboundMessage } from '../channels/channel-adapter.ts';
import type { Store, Tx } from '../store/store.ts';
import type { AttachmentUrls } from '../modules/attachments/attachment-urls.ts';
import type { Metrics } from '../http/metrics.ts';

export interface DispatcherOptions {
  batchSize: number;
  maxAttempts: number;
  /** How long a claimed delivery stays locked before another worker may retry it (crash safety). */
  lockMs: number;
  pollMs: number;
}

const defaults: DispatcherOptions = { batchSize: 50, maxAttempts: 12, lockMs: 60_000, pollMs: 500 };

/** Exponential backoff: 1 s, 2 s, 4 s … capped at 5 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 5 * 60_000);
}

/**
 * Delivers queued outbound messages through their channel adapter, at least once: a delivery is
 * claimed (locked), sent, then marked done in one transaction with the message status and events.
 * Throttled/transient errors are retried with backoff; permanent ones fail the message with the reason.
 */
export class DeliveryDispatcher {
  private readonly options: DispatcherOptions;
  private readonly buckets: TokenBuckets;
  private readonly worker: WorkerLoop;

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      logger: Logger;
      channels: ChannelAccounts;
      cases: CaseService;
      events: EventWriter;
      attachments: AttachmentStore;
      files: AttachmentUrls;
      metrics: Metrics;
    },
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
    this.buckets = new TokenBuckets(() => deps.clock.now().getTime());
    this.worker = new WorkerLoop({
      name: 'delivery dispatcher',
      logger: deps.logger,
      round: () => this.runOnce(),
      more: (count) => count > 0,
    });
  }

  start(): void {
    this.worker.start(this.options.pollMs);
  }

  stop(): void {
    this.worker.stop();
  }

  /** Ask for a run soon; runs coalesce. */
  kick(): void {
    this.worker.kick();
  }

  /** Claim due deliveries and send them. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const { store, clock } = this.deps;
    const claimed = await store.write(async ({ db }) => {
      const now = clock.now();
      const nowIso = now.toISOString();
      let query = db
        .selectFrom('deliveries')
        .select(['id', 'message_id', 'attempts'])
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
        .limit(this.options.batchSize);
      if (store.dialect === 'postgres') query = query.forUpdate().skipLocked();
      const rows = await query.execute();
      if (rows.length === 0) return rows;
      await db
        .updateTable('deliveries')
        .set({ locked_until: new Date(now.getTime() + this.options.lockMs).toISOString() })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      return rows;
    });
    await Promise.all(claimed.map((d) => this.deliver(d)));
    return claimed.length;
  }

  private async deliver(d: { id: number; message_id: number; attempts: number }): Promise<void> {
    const { store, channels, logger } = this.deps;
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
    const adapter = adapterFor(account.kind);
    const pacing = this.pacingFor(adapter.rateLimits, account.id, identity.id);
    const waitMs = this.buckets.take(pacing);
    if (waitMs > 0) {
      await this.defer(d.id, waitMs);
      return;
    }
    try {
      const thread = adapter.capabilities.threading ? await this.threadOf(message) : undefined;
      const meta = parseMessageMeta(message.meta);
      const result = await adapter.send(account.context, {
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
      });
      await store.write(async (tx) => {
        const sent = await tx.db
          .updateTable('messages')
          .set({ status: 'sent', external_id: result.externalId })
          .where('id', '=', message.id)
          .where('status', '=', 'queued')
          .returningAll()
          .executeTakeFirst();
        await tx.db
          .updateTable('deliveries')
          .set({ status: 'done', locked_until: null })
          .where('id', '=', d.id)
          .execute();
        this.deps.metrics.messagesOut.inc({ channel: account.kind, result: 'sent' });
        if (!sent) return; // a later status (e.g. read) already arrived: never move backwards
        await this.emitStatus(tx, sent.case_id, sent.id, 'sent', null);
        const author = await tx.db
          .selectFrom('operators')
          .select('name')
          .where('id', '=', sent.author_operator_id ?? -1)
          .executeTakeFirst();
        await this.deps.cases.toCustomerIfStreamed(tx, sent.channel_account_id, sent.identity_id, {
          type: 'message',
          message: toChatMessage(sent, {
            authorName: author ? (author.name.split(' ')[0] ?? author.name) : null,
            attachmentUrl: (a) => this.deps.files.url(a),
          }),
        });
      });
    } catch (error) {
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
      const permanent = !channelError.retryable || attempts >= this.options.maxAttempts;
      logger.warn(
        { deliveryId: d.id, messageId: message.id, code: channelError.code, attempts, permanent },
        'delivery failed',
      );
      await store.write(async (tx) => {
        const now = this.deps.clock.now();
        await tx.db
          .updateTable('deliveries')
          .set({
            status: permanent ? 'failed' : 'pending',
            attempts,
            locked_until: null,
            last_error: `${channelError.code}: ${channelError.message}`,
            next_attempt_at: new Date(
              now.getTime() + (channelError.retryAfterMs ?? backoffMs(attempts)),
            ).toISOString(),
          })
          .where('id', '=', d.id)
          .execute();
        if (!permanent) return;
        const reason = `${channelError.code}: ${channelError.message}`;
        const failed = await tx.db
          .updateTable('messages')
          .set({ status: 'failed', status_reason: reason })
          .where('id', '=', message.id)
          .where('status', 'in', ['queued', 'sent'])
          .returning(['id', 'case_id'])
          .executeTakeFirst();
        this.deps.metrics.messagesOut.inc({ channel: account.kind, result: 'failed' });
        if (failed) await this.emitStatus(tx, failed.case_id, failed.id, 'failed', reason);
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

  private async emitStatus(
    tx: Tx,
    caseId: number,
    messageId: number,
    status: 'sent' | 'failed',
    reason: string | null,
  ): Promise<void> {
    const c = await tx.db
      .selectFrom('cases')
      .select(['queue_id', 'assignee_id'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    await this.deps.events.toOperators(
      tx,
      { type: 'message.status', caseId, messageId, status, reason },
      {
        queueId: c.queue_id,
        operatorId: c.assignee_id,
      },
    );
  }
}
