import type { FailedRawEventList } from '@frontline/shared';
import { WorkerLoop } from '../lib/worker-loop.ts';
import { acceptRawEvent } from './inbound/accept-raw-event.ts';
import { claimRawEvents } from './inbound/claim-raw-events.ts';
import { listFailedRawEvents, reprocessRawEvent } from './inbound/failed-raw-events.ts';
import type { InboundDeps } from './inbound/inbound-deps.ts';
import { prepareRawEvent } from './inbound/prepare-raw-event.ts';
import type { PreparedRawEvent, RawEventRow } from './inbound/prepared-raw-event.ts';
import { settleRawEvents } from './inbound/settle-raw-events.ts';

export { channelMediaLimits } from './inbound/fetch-inbound-media.ts';

/** Prepared events wait at most this long (slow media fetches) before they are committed. */
const settleAfterMs = 250;

/**
 * Turns stored webhook events into timeline entries, after the provider was acknowledged. A raw event
 * stays `pending` until it is fully processed (media fetched, message stored), so a crash or a provider
 * hiccup delays a message but never loses it; the unique external id stores it exactly once.
 *
 * A facade over the steps in `jobs/inbound/`: accept, claim, prepare (outside any transaction), settle
 * (apply each step, record failures), and the admins' list of failed events with re-processing.
 */
export class InboundProcessor {
  private readonly worker: WorkerLoop;

  constructor(private readonly deps: InboundDeps) {
    this.worker = new WorkerLoop({
      name: 'inbound processor',
      logger: deps.logger,
      round: () => this.runOnce(),
      more: (count) => count > 0,
    });
  }

  /**
   * Store a verified webhook (or a received mail, a polled review) once — a redelivery with the same key
   * is a no-op — and schedule processing; a pushed message that needs no network is applied in the same
   * commit (`acceptRawEvent`). Bytes that are not UTF-8 (8-bit mail) are kept exactly, as base64.
   */
  async accept(channelAccountId: number, eventKey: string, rawBody: Buffer): Promise<void> {
    // A processor that is not running (stopped, or driven by hand) only stores, like a node without workers.
    const accepted = await acceptRawEvent(this.deps, channelAccountId, eventKey, rawBody, {
      apply: this.worker.active,
    });
    if (accepted === 'queued') this.kick();
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
    let claimed = await this.deps.store.write((tx) => claimRawEvents(this.deps, tx, batchSize));
    let total = 0;
    for (let round = 1; claimed.length > 0; round++) {
      total += claimed.length;
      claimed = await this.processBatch(claimed, round < maxBatches ? batchSize : 0);
    }
    return total;
  }

  /** Failed events, newest first (at most `limit`), with the total. */
  listFailed(limit = 100): Promise<FailedRawEventList> {
    return listFailedRawEvents(this.deps, limit);
  }

  /**
   * Process a failed event again (after the cause was fixed): it goes back to pending with fresh attempts.
   * What it carries is stored once however often it is processed (unique provider ids).
   */
  async reprocess(rawEventId: number, actorId: number): Promise<void> {
    await reprocessRawEvent(this.deps, rawEventId, actorId);
    this.kick();
  }

  /** Processes claimed raw events; returns the next batch (at most `claimNext`), claimed as this one settles. */
  private async processBatch(claimed: RawEventRow[], claimNext: number): Promise<RawEventRow[]> {
    let prepared: PreparedRawEvent[] = [];
    let since = performance.now();
    for (const [i, raw] of claimed.entries()) {
      prepared.push(await prepareRawEvent(this.deps, raw));
      // Slow media fetches do not hold back what is ready: it is committed after at most this long.
      if (i < claimed.length - 1 && performance.now() - since >= settleAfterMs) {
        await settleRawEvents(this.deps, prepared, 0);
        prepared = [];
        since = performance.now();
      }
    }
    return settleRawEvents(this.deps, prepared, claimNext);
  }
}
