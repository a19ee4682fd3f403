import { sql } from 'kysely';
import type { Logger } from '../lib/logger.ts';
import { WorkerLoop } from '../lib/worker-loop.ts';
import type { EventBus, PublishedEvent } from '../modules/events/event-bus.ts';
import { readEventBacklog } from '../modules/events/read-event-backlog.ts';
import { readLatestSeq } from '../modules/events/read-latest-seq.ts';
import type { Store } from '../store/store.ts';

/**
 * The outbox relay: makes sure every committed event has its cursor (`seq`) in commit order, then
 * publishes events above the last published cursor to this node's bus, in order.
 *
 * On SQLite the single writer commits in insertion order, so events get their seq at insert time.
 * On PostgreSQL transactions commit out of id order, so the id cannot be the cursor (a reader that saw
 * id 11 could later miss 10): rows are inserted unsequenced and the relay is the single sequencer
 * (a transaction-scoped advisory lock): it only numbers rows already committed, each run above the
 * last, so `seq > cursor` never skips an event. Every node publishes whatever got sequenced, whichever
 * node wrote it.
 */
export class EventRelay {
  private published: number | undefined;
  private readonly worker: WorkerLoop;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly batchSize = 1000,
  ) {
    this.worker = new WorkerLoop({
      name: 'event relay',
      logger,
      round: () => this.runOnce(),
      more: (count) => count >= this.batchSize,
    });
  }

  /** Start the safety poll (catches events committed by other nodes or before a crash). */
  start(pollMs = 250): void {
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
   * An event this node has just committed. When its seq is the next one to publish (SQLite numbers events
   * as they are written), it is published at once, without reading it back; otherwise (not numbered yet,
   * or an earlier event is still unpublished) a round reads the log in order.
   */
  committed(event: Omit<PublishedEvent, 'seq'> & { seq: number | null }): void {
    if (event.seq !== null && this.published !== undefined && event.seq === this.published + 1) {
      this.published = event.seq;
      // Runs in the committer's after-commit step: the bus only enqueues (listeners run on a later turn),
      // so the writers' acks never wait for the fan-out.
      this.bus.publish([{ ...event, seq: event.seq }]);
      return;
    }
    this.kick();
  }

  /** Sequence and publish until nothing is pending, and the bus has delivered it (for tests and shutdown). */
  async flush(): Promise<void> {
    while ((await this.runOnce()) > 0);
    await this.bus.settled();
  }

  /**
   * One round: sequence (PostgreSQL), then publish the next page. Returns how many were published.
   * Rounds never overlap (flush() may run beside the kicked loop): two rounds reading the same cursor
   * would publish the same events twice and could move the cursor backwards.
   */
  runOnce(): Promise<number> {
    const round = this.lastRound.then(() => this.round());
    this.lastRound = round.catch(() => undefined);
    return round;
  }

  private lastRound: Promise<unknown> = Promise.resolve();

  private async round(): Promise<number> {
    const { db } = this.store;
    if (this.published === undefined) {
      // A node publishes from where the log stands when it starts; clients catch up by cursor.
      this.published = await readLatestSeq(db);
    }
    if (this.store.dialect === 'postgres') await this.sequence();
    const rows = await readEventBacklog(db, { audience: 'all' }, this.published, this.batchSize);
    // Events committed on this node may have been published while the rows were read (`committed`).
    const published = this.published;
    const events: PublishedEvent[] = rows.filter((e) => e.seq > published);
    const last = events.at(-1);
    if (last) this.published = last.seq;
    this.bus.publish(events);
    return rows.length;
  }

  private async sequence(): Promise<void> {
    await this.store.write(async ({ db }) => {
      await sql`select pg_advisory_xact_lock(7031001)`.execute(db);
      const range = await db
        .selectFrom('outbox_events')
        .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
        .where('seq', 'is', null)
        .executeTakeFirst();
      if (!range || range.lo === null || range.hi === null) return;
      const lo = Number(range.lo);
      const hi = Math.min(Number(range.hi), lo + this.batchSize - 1);
      const top = await db
        .selectFrom('outbox_events')
        .select((eb) => eb.fn.max('seq').as('s'))
        .executeTakeFirst();
      // seq = id + base keeps id order, starts above every seq given so far, and is unique.
      const base = Number(top?.s ?? 0) + 1 - lo;
      await db
        .updateTable('outbox_events')
        .set({ seq: sql<number>`id + ${base}` })
        .where('seq', 'is', null)
        .where('id', '>=', lo)
        .where('id', '<=', hi)
        .execute();
    });
  }
}
