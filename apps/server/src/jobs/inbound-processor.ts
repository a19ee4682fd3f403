import { noticeText, type MessageNotice } from '@frontline/shared';
import type { InboundEvent, SenderCheck } from '../channels/channel-adapter.ts';
import { noticeLine } from '../channels/notice-line.ts';
import type { ChannelAdapters } from '../channels/registry.ts';
import type { MetricsSink } from '../observability/metrics-sink.ts';
import type { Clock } from '../lib/clock.ts';
import { AppError, ChannelError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { WorkerLoop } from '../lib/worker-loop.ts';
import type { AttachmentStore } from '../modules/attachments/attachment-store.ts';
import type { CaseService, InboundMessage } from '../modules/cases/case-service.ts';
import type { ChannelAccount, ChannelAccounts } from '../modules/channels/channel-accounts.ts';
import type { StoredAttachment } from '../modules/views.ts';
import { inSavepoint, TransactionLostError } from '../store/in-savepoint.ts';
import type { RawEventsTable } from '../store/schema.ts';
import type { Store, Tx } from '../store/store.ts';
import type { AuditLog } from '../modules/audit/audit-log.ts';
import type { FailedRawEventList, FailedRawEventView } from '@frontline/shared';
import { isUtf8 } from 'node:buffer';
import type { Selectable } from 'kysely';
import { ZodError } from 'zod';
import { backoffMs } from './delivery-dispatcher.ts';

/** Files customers may send through messengers (checked on the sniffed bytes). */
export const channelMediaLimits = {
  maxBytes: 50 * 1024 * 1024,
  allowedTypes: [
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'application/pdf',
    'text/plain',
    'text/calendar',
    'audio/ogg',
    'audio/mpeg',
    'audio/mp4',
    'audio/x-m4a',
    'video/mp4',
    'video/quicktime',
    'application/zip',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/msword',
    'application/x-cfb',
  ],
} as const;

const maxAttempts = 10;
/** How long a status for an unknown message id is retried before it is taken as not ours. */
const unknownStatusPatienceMs = 10 * 60_000;
const statusBeforeMessage = 'STATUS_BEFORE_MESSAGE';
/** How long claimed events stay this worker's before another may take them (if this one died). */
const leaseMs = 120_000;
/** Prepared events wait at most this long (slow media fetches) before they are committed. */
const settleAfterMs = 250;

type RawEventRow = Pick<
  Selectable<RawEventsTable>,
  'id' | 'channel_account_id' | 'body' | 'body_encoding' | 'attempts' | 'received_at'
>;

/** One parsed event of a raw event; a message carries its input to the case core, media already fetched. */
interface PreparedStep {
  event: InboundEvent;
  message?: InboundMessage;
}

/** A raw event made ready outside any transaction (see `InboundProcessor.prepare`). */
interface PreparedRawEvent {
  raw: RawEventRow;
  /** Null when the account or the parse failed (then `failure` says why). */
  account: ChannelAccount | null;
  steps: PreparedStep[];
  /** What stopped the preparation; the steps before it are applied, then the raw event is recorded failed. */
  failure: { error: unknown } | null;
}

/**
 * Turns stored webhook events into timeline entries, after the provider was acknowledged. A raw event
 * stays `pending` until it is fully processed (media fetched, message stored), so a crash or a provider
 * hiccup delays a message but never loses it; the unique external id stores it exactly once.
 */
export class InboundProcessor {
  private readonly worker: WorkerLoop;

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      logger: Logger;
      channels: ChannelAccounts;
      cases: CaseService;
      attachments: AttachmentStore;
      metrics: MetricsSink;
      audit: AuditLog;
      adapters: ChannelAdapters;
    },
  ) {
    this.worker = new WorkerLoop({
      name: 'inbound processor',
      logger: deps.logger,
      round: () => this.runOnce(),
      more: (count) => count > 0,
    });
  }

  /**
   * Store a verified webhook (or a received mail, a polled review) once — a redelivery with the same key
   * is a no-op — and schedule processing. Bytes that are not UTF-8 (8-bit mail) are kept exactly, as base64.
   */
  async accept(channelAccountId: number, eventKey: string, rawBody: Buffer): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const utf8 = isUtf8(rawBody);
    await this.deps.store.write(async ({ db }) => {
      await db
        .insertInto('raw_events')
        .values({
          channel_account_id: channelAccountId,
          event_key: eventKey,
          body: rawBody.toString(utf8 ? 'utf8' : 'base64'),
          body_encoding: utf8 ? 'utf8' : 'base64',
          received_at: now,
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
        })
        .onConflict((oc) => oc.columns(['channel_account_id', 'event_key']).doNothing())
        .execute();
    });
    this.kick();
  }

  start(pollMs = 1000): void {
    this.worker.start(pollMs);
  }

  stop(): void {
    this.worker.stop();
  }

  /** Ask for a run soon; runs coalesce. */
  kick(): void {
    this.worker.kick();
  }

  /**
   * Claim due raw events (oldest first) and process them in order, a batch per transaction: parsing and
   * fetching media (network) happen first, outside it; then every prepared event is applied in that one
   * transaction (one group commit on SQLite), each step in its own savepoint, so an event that fails is
   * recorded as failed (or to be retried) without taking the others with it. The transaction that settles a
   * batch also claims the next one (up to `maxBatches` in a row), so a backlog costs one commit per batch.
   * Returns how many were claimed.
   */
  async runOnce(batchSize = 100, maxBatches = 10): Promise<number> {
    let claimed = await this.deps.store.write((tx) => this.claim(tx, batchSize));
    let total = 0;
    for (let round = 1; claimed.length > 0; round++) {
      total += claimed.length;
      claimed = await this.processBatch(claimed, round < maxBatches ? batchSize : 0);
    }
    return total;
  }

  /** Processes claimed raw events; returns the next batch (at most `claimNext`), claimed as this one settles. */
  private async processBatch(claimed: RawEventRow[], claimNext: number): Promise<RawEventRow[]> {
    let prepared: PreparedRawEvent[] = [];
    let since = performance.now();
    for (const [i, raw] of claimed.entries()) {
      prepared.push(await this.prepare(raw));
      // Slow media fetches do not hold back what is ready: it is committed after at most this long.
      if (i < claimed.length - 1 && performance.now() - since >= settleAfterMs) {
        await this.settle(prepared, 0);
        prepared = [];
        since = performance.now();
      }
    }
    return this.settle(prepared, claimNext);
  }

  /** Due raw events, oldest first, leased to this worker (PostgreSQL: rows other nodes hold are skipped). */
  private async claim(tx: Tx, batchSize: number): Promise<RawEventRow[]> {
    const { store, clock } = this.deps;
    const { db } = tx;
    const now = clock.now();
    let query = db
      .selectFrom('raw_events')
      .select(['id', 'channel_account_id', 'body', 'body_encoding', 'attempts', 'received_at'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now.toISOString())
      .orderBy('id')
      .limit(batchSize);
    if (store.dialect === 'postgres') query = query.forUpdate().skipLocked();
    const rows = await query.execute();
    if (rows.length > 0) {
      // A lease: another worker may take them again only if this one dies.
      await db
        .updateTable('raw_events')
        .set({ next_attempt_at: new Date(now.getTime() + leaseMs).toISOString() })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    }
    return rows;
  }

  /**
   * Everything of a raw event that needs no transaction: its account, the parsed events in order, each
   * message with its media fetched. The first failure stops it (the events before it are still applied).
   */
  private async prepare(raw: RawEventRow): Promise<PreparedRawEvent> {
    const prepared: PreparedRawEvent = { raw, account: null, steps: [], failure: null };
    try {
      const account = this.deps.channels.get(raw.channel_account_id);
      const adapter = this.deps.adapters[account.kind];
      if (!adapter.parse) throw new AppError('CHANNEL_NOT_FOUND', `${account.kind} stores no raw events`);
      const events = await adapter.parse(account.context, {
        rawBody: Buffer.from(raw.body, raw.body_encoding),
        headers: {},
      });
      prepared.account = account;
      for (const event of events) prepared.steps.push(await this.prepareStep(account, event));
    } catch (error) {
      prepared.failure = { error };
    }
    return prepared;
  }

  private async prepareStep(account: ChannelAccount, event: InboundEvent): Promise<PreparedStep> {
    if (event.type !== 'message') return { event };
    if (event.senderCheck) this.recordSenderCheck(account, event.senderCheck);
    const { text, attachments, notices } = await this.fetchMedia(account, event);
    const message: InboundMessage = {
      channelAccountId: account.id,
      externalMessageId: event.externalMessageId,
      identity: { ...event.identity, channelAccountId: account.id },
      entryPointId: account.entryPointId ?? (await this.defaultEntryPoint()),
      text: event.edited ? `✎ ${text}` : text,
      attachments,
      meta: {
        subject: event.subject,
        automated: event.automated,
        fullText: event.fullText,
        ...(notices.length > 0 ? { notices } : {}),
      },
      ...(event.thread ? { thread: event.thread } : {}),
    };
    return { event, message };
  }

  /**
   * Counts a sender check; one that could not run (DNS down, a timeout) is also logged, since the sender
   * then stays unattested for a reason the admin can fix. Counted per parse, so a retried event counts again.
   */
  private recordSenderCheck(account: ChannelAccount, check: SenderCheck): void {
    this.deps.metrics.senderChecks.inc({ channel: account.kind, method: check.method, result: check.result });
    if (check.result !== 'error') return;
    this.deps.logger.warn(
      { channelAccountId: account.id, kind: account.kind, method: check.method, detail: check.detail },
      'sender check failed: the sender is stored unattested',
    );
  }

  /**
   * Applies prepared raw events in one transaction and marks each done or failed there (claiming the next
   * `claimNext` due events in it too); then sends the acknowledgements of the messages that were newly
   * stored (network, after the commit). Returns the events claimed.
   */
  private async settle(prepared: PreparedRawEvent[], claimNext: number): Promise<RawEventRow[]> {
    const acknowledgements: Array<{ account: ChannelAccount; ref: string }> = [];
    const next = await this.deps.store.write(async (tx) => {
      for (const p of prepared) await this.settleOne(tx, p, (ack) => acknowledgements.push(ack));
      return claimNext > 0 ? this.claim(tx, claimNext) : [];
    });
    for (const { account, ref } of acknowledgements) await this.acknowledge(account, ref);
    return next;
  }

  private async settleOne(
    tx: Tx,
    prepared: PreparedRawEvent,
    acknowledge: (ack: { account: ChannelAccount; ref: string }) => void,
  ): Promise<void> {
    const { raw, account } = prepared;
    let failure = prepared.failure;
    if (account) {
      for (const step of prepared.steps) {
        try {
          await inSavepoint(tx, (stepTx) => this.apply(stepTx, account, step, raw.received_at, acknowledge));
        } catch (error) {
          if (error instanceof TransactionLostError) throw error.cause;
          failure = { error };
          break;
        }
      }
    }
    if (failure) return this.recordFailure(tx, raw, failure.error);
    await tx.db
      .updateTable('raw_events')
      .set({ status: 'done', last_error: null })
      .where('id', '=', raw.id)
      .execute();
  }

  /**
   * A raw event that could not be processed. What will never work (a body that does not parse, a channel
   * error that says so) fails at once and stays stored, with its reason, to be processed again once the
   * cause is fixed; anything else is retried with back-off, up to `maxAttempts`.
   */
  private async recordFailure(tx: Tx, raw: RawEventRow, error: unknown): Promise<void> {
    const { clock, logger } = this.deps;
    const attempts = raw.attempts + 1;
    const waitingForMessage = error instanceof ChannelError && error.code === statusBeforeMessage;
    const hopeless = isPermanent(error);
    const permanent = !waitingForMessage && (hopeless || attempts >= maxAttempts);
    const message = error instanceof Error ? error.message : String(error);
    const code = reasonCode(error);
    logger.warn(
      { rawEventId: raw.id, attempts, permanent, code, err: message },
      'inbound event processing failed',
    );
    const retryAfter = error instanceof ChannelError ? error.retryAfterMs : undefined;
    const now = clock.now();
    await tx.db
      .updateTable('raw_events')
      .set({
        status: permanent ? 'failed' : 'pending',
        attempts,
        last_error: message.slice(0, 1000),
        error_code: permanent ? code : null,
        failed_at: permanent ? now.toISOString() : null,
        next_attempt_at: new Date(now.getTime() + (retryAfter ?? backoffMs(attempts))).toISOString(),
      })
      .where('id', '=', raw.id)
      .execute();
    if (permanent) {
      const kind = this.deps.channels.find(raw.channel_account_id)?.kind ?? 'unknown';
      tx.afterCommit(() => this.deps.metrics.inboundFailed.inc({ channel: kind, reason: code }));
    }
  }

  /** Failed events, newest first (at most `limit`), with the total. */
  async listFailed(limit = 100): Promise<FailedRawEventList> {
    const { db } = this.deps.store;
    const rows = await db
      .selectFrom('raw_events')
      .innerJoin('channel_accounts', 'channel_accounts.id', 'raw_events.channel_account_id')
      .select([
        'raw_events.id',
        'raw_events.channel_account_id',
        'channel_accounts.kind',
        'channel_accounts.name',
        'raw_events.event_key',
        'raw_events.received_at',
        'raw_events.failed_at',
        'raw_events.attempts',
        'raw_events.error_code',
        'raw_events.last_error',
      ])
      .where('raw_events.status', '=', 'failed')
      .orderBy('raw_events.id', 'desc')
      .limit(limit)
      .execute();
    const total = await db
      .selectFrom('raw_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    const items = rows.map((r): FailedRawEventView => ({
      id: r.id,
      channelId: r.channel_account_id,
      channelKind: r.kind,
      channelName: r.name,
      eventKey: r.event_key,
      receivedAt: r.received_at,
      failedAt: r.failed_at,
      attempts: r.attempts,
      errorCode: r.error_code ?? 'UNEXPECTED',
      error: r.last_error ?? '',
    }));
    return { items, total: Number(total.n) };
  }

  /**
   * Process a failed event again (after the cause was fixed): it goes back to pending with fresh attempts.
   * What it carries is stored once however often it is processed (unique provider ids).
   */
  async reprocess(rawEventId: number, actorId: number): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const updated = await this.deps.store.write(async (tx) => {
      const row = await tx.db
        .updateTable('raw_events')
        .set({ status: 'pending', attempts: 0, next_attempt_at: now, error_code: null, failed_at: null })
        .where('id', '=', rawEventId)
        .where('status', '=', 'failed')
        .returning(['id', 'channel_account_id'])
        .executeTakeFirst();
      if (row) {
        await this.deps.audit.record(tx, actorId, 'raw_event.reprocess', 'raw_event', row.id, {
          channelId: row.channel_account_id,
        });
      }
      return row;
    });
    if (!updated) {
      throw new AppError(
        'RAW_EVENT_NOT_FOUND',
        `no failed event ${rawEventId}: it was processed already or never failed`,
      );
    }
    this.kick();
  }

  /** One prepared step, inside the batch's transaction (a savepoint of its own). */
  private async apply(
    tx: Tx,
    account: ChannelAccount,
    step: PreparedStep,
    receivedAt: string,
    acknowledge: (ack: { account: ChannelAccount; ref: string }) => void,
  ): Promise<void> {
    const { event } = step;
    switch (event.type) {
      case 'message': {
        if (!step.message) throw new Error('a message step was not prepared');
        const { duplicate } = await this.deps.cases.receiveInbound(step.message, tx);
        const ref = event.acknowledgeRef;
        if (ref !== undefined && !duplicate) tx.afterCommit(() => acknowledge({ account, ref }));
        return;
      }
      case 'status': {
        const outcome = await this.deps.cases.applyProviderStatus(
          account.id,
          event.externalMessageId,
          event.status,
          event.reason,
          tx,
        );
        // The status overtook the send result being stored (failure mode F5, docs/channels.md). Keep the
        // event and try again shortly; after a while it is taken as a status of a message that is not ours
        // (another system on the number).
        const waited = this.deps.clock.now().getTime() - Date.parse(receivedAt);
        if (outcome === 'unknown' && waited < unknownStatusPatienceMs) {
          throw new ChannelError(
            statusBeforeMessage,
            `a status for ${event.externalMessageId} arrived before that message was stored`,
            { retryable: true, retryAfterMs: 1000 },
          );
        }
        return;
      }
      case 'reachability':
        await tx.db
          .updateTable('identities')
          .set({ unreachable_reason: event.reachable ? null : event.reason })
          .where('channel_account_id', '=', account.id)
          .where('external_id', '=', event.externalId)
          .execute();
        return;
      case 'identity-moved': {
        const outcome = await this.deps.cases.moveIdentity(
          {
            channelAccountId: account.id,
            externalId: event.externalId,
            newExternalId: event.newExternalId,
            note: event.note,
            ...(event.contactPoints ? { contactPoints: event.contactPoints } : {}),
          },
          tx,
        );
        if (outcome === 'unknown') {
          await this.recordIgnored(
            tx,
            account,
            'unknown_identity',
            `${noticeText(event.note)} (no customer known by the old id)`,
          );
        }
        return;
      }
      case 'channel-problem':
        this.deps.logger.warn(
          { channelAccountId: account.id, kind: account.kind, detail: event.detail },
          'provider reported a channel problem',
        );
        await tx.db
          .updateTable('channel_accounts')
          .set({
            health_ok: 0,
            health_detail: event.detail,
            health_checked_at: this.deps.clock.now().toISOString(),
          })
          .where('id', '=', account.id)
          .execute();
        return;
      case 'ignored':
        await this.recordIgnored(tx, account, event.code ?? 'unspecified', event.reason);
        return;
    }
  }

  /**
   * Nothing is dropped without a trace: an event the adapter chose not to turn into a message is logged with
   * its reason, counted in `frontline_inbound_ignored_total{kind,reason}` and per account and reason code in
   * the store (count, latest detail and time), which the Channels screen shows.
   */
  private async recordIgnored(tx: Tx, account: ChannelAccount, code: string, detail: string): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const lastDetail = detail.slice(0, 500);
    this.deps.logger.info(
      { channelAccountId: account.id, kind: account.kind, reason: code, detail: lastDetail },
      'inbound event ignored',
    );
    await tx.db
      .insertInto('channel_ignored_events')
      .values({ channel_account_id: account.id, code, count: 1, last_detail: lastDetail, last_at: now })
      .onConflict((oc) =>
        oc.columns(['channel_account_id', 'code']).doUpdateSet((eb) => ({
          count: eb('channel_ignored_events.count', '+', 1),
          last_detail: lastDetail,
          last_at: now,
        })),
      )
      .execute();
    tx.afterCommit(() => this.deps.metrics?.inboundIgnored.inc({ kind: account.kind, reason: code }));
  }

  /**
   * The adapter's `acknowledge` for a newly stored message (Telegram `answerCallbackQuery`). Best effort:
   * the message is already stored, so a failure is only logged — retrying the event would not repeat it.
   */
  private async acknowledge(account: ChannelAccount, ref: string): Promise<void> {
    const adapter = this.deps.adapters[account.kind];
    if (!adapter.acknowledge) return;
    try {
      await adapter.acknowledge(account.context, ref);
    } catch (error) {
      this.deps.logger.warn(
        { channelAccountId: account.id, err: error instanceof Error ? error.message : String(error) },
        'inbound acknowledgement failed',
      );
    }
  }

  /**
   * Fetch every referenced file. A transient failure throws (the raw event is retried later, nothing is
   * stored half); a permanent one (too big, not allowed) keeps the message with a visible note instead.
   */
  private async fetchMedia(
    account: ChannelAccount,
    event: Extract<InboundEvent, { type: 'message' }>,
  ): Promise<{ text: string; attachments: StoredAttachment[]; notices: MessageNotice[] }> {
    const adapter = this.deps.adapters[account.kind];
    const attachments: StoredAttachment[] = [];
    const notes: string[] = [];
    const notices: MessageNotice[] = [...(event.notices ?? [])];
    const failed = (filename: string, error: AppError | ChannelError) =>
      noticeLine(notices, { code: 'attachment_failed', filename, error: error.code, reason: error.message });
    for (const file of event.files ?? []) {
      try {
        attachments.push(
          await this.deps.attachments.upload(
            { filename: file.filename, bytes: file.bytes, by: { channelAccountId: account.id } },
            channelMediaLimits,
          ),
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        notes.push(failed(file.filename, error));
      }
    }
    for (const ref of event.media) {
      const name = ref.filename ?? 'file';
      try {
        if (!adapter.fetchMedia)
          throw new ChannelError('MEDIA_UNSUPPORTED', 'this channel cannot fetch files', {
            retryable: false,
          });
        const media = await adapter.fetchMedia(account.context, ref);
        attachments.push(
          await this.deps.attachments.upload(
            { filename: media.filename, bytes: media.bytes, by: { channelAccountId: account.id } },
            channelMediaLimits,
          ),
        );
      } catch (error) {
        if (error instanceof ChannelError && error.retryable) throw error;
        if (!(error instanceof ChannelError) && !(error instanceof AppError)) throw error;
        notes.push(failed(name, error));
      }
    }
    const text = [event.text, ...notes].filter((t) => t.length > 0).join('\n');
    return { text, attachments, notices };
  }

  private async defaultEntryPoint(): Promise<number> {
    const row = await this.deps.store.db
      .selectFrom('entry_points')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
}

/** Errors that no retry can cure: a body that does not parse, a channel error or app error saying so. */
function isPermanent(error: unknown): boolean {
  if (error instanceof SyntaxError || error instanceof ZodError) return true;
  if (error instanceof ChannelError) return !error.retryable;
  return error instanceof AppError;
}

/** A stable, bounded reason code (the metrics label and the Channels screen's reason). */
function reasonCode(error: unknown): string {
  if (error instanceof SyntaxError || error instanceof ZodError) return 'MALFORMED';
  if (error instanceof ChannelError || error instanceof AppError) return error.code;
  return 'UNEXPECTED';
}
