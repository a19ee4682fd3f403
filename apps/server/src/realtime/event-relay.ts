import { sql } from 'kysely';
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/store.ts';
import type { EventBus, PublishedEvent } from './event-bus.ts';

/**
 * The outbox relay: gives committed events their cursor (`seq`) in commit order and publishes them.
 *
 * Ids come from a sequence, and on PostgreSQL transactions commit out of id order, so the id cannot be
 * the cursor: a reader that saw id 11 could later miss 10. The relay is the single sequencer (a
 * transaction-scoped advisory lock on PostgreSQL; the one writer on SQLite): it only numbers rows already
 * committed, each run above the last, so `seq > cursor` never skips an event.
 */
export class EventRelay {
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly batchSize = 1000,
  ) {}

  /** Start the safety poll (catches events committed by other nodes or before a crash). */
  start(pollMs = 250): void {
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Ask for a run soon; runs coalesce. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    setImmediate(() => void this.loop());
  }

  /** Sequence and publish until nothing is pending (for tests and shutdown). */
  async flush(): Promise<void> {
    while ((await this.runOnce()) > 0);
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        while ((await this.runOnce()) >= this.batchSize);
      } while (this.again && !this.stopped);
    } catch (error) {
      this.logger.error({ err: error }, 'event relay run failed; will retry on next poll');
    } finally {
      this.running = false;
    }
  }

  private async runOnce(): Promise<number> {
    const published = await this.store.write(async ({ db }) => {
      if (this.store.dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(7031001)`.execute(db);
      }
      const range = await db
        .selectFrom('outbox_events')
        .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi'), eb.fn.countAll<number>().as('n')])
        .where('seq', 'is', null)
        .executeTakeFirst();
      if (!range || range.lo === null || range.hi === null) return [];
      const lo = Number(range.lo);
      const hi = Math.min(Number(range.hi), lo + this.batchSize - 1);
      const top = await db
        .selectFrom('outbox_events')
        .select((eb) => eb.fn.max('seq').as('s'))
        .executeTakeFirst();
      const base = Number(top?.s ?? 0) + 1 - lo;
      return db
        .updateTable('outbox_events')
        .set({ seq: sql<number>`id + ${base}` })
        .where('seq', 'is', null)
        .where('id', '>=', lo)
        .where('id', '<=', hi)
        .returning(['seq', 'type', 'audience', 'queue_id', 'operator_id', 'identity_id', 'payload'])
        .execute();
    });
    const events = (published as PublishedEvent[]).sort((a, b) => a.seq - b.seq);
    this.bus.publish(events);
    return events.length;
  }
}
