import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Tx, WriteUnit } from './store.ts';

interface Pending {
  unit: WriteUnit<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * App-level group commit for SQLite: write units queued while a commit is in flight are run together
 * in the next transaction, each in its own savepoint, and acknowledged after that one fsync.
 * Throughput then grows with concurrency while every acknowledged write is durable.
 *
 * better-sqlite3 is synchronous, so a transaction holds the event loop from its first unit to its fsync.
 * A transaction therefore takes units only until `budgetMs` of work (or `maxBatch` units) and, with more
 * queued, the next one starts a loop turn later: in between, the committed batch's fan-out (the bus delivers
 * on the next turn, ahead of this queue) and the sockets' reads run, so no frame waits behind a whole backlog
 * and the loop is never held longer than one budget plus a commit.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private flushing = false;

  /**
   * @param exec runs a statement synchronously on the connection the transaction holds (better-sqlite3's
   *   `exec`): savepoints go straight to SQLite instead of through the query builder.
   * @param budgetMs how long one transaction keeps taking queued units before it commits.
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly exec: (statement: string) => void,
    private readonly maxBatch = 256,
    private readonly budgetMs = 8,
  ) {}

  submit<T>(unit: WriteUnit<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ unit, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    await this.runBatch();
    if (this.queue.length > 0) setImmediate(() => void this.drain());
    else this.flushing = false;
  }

  private async runBatch(): Promise<void> {
    const batch: Pending[] = [];
    const outcomes: Array<
      { ok: true; value: unknown; after: Array<() => void> } | { ok: false; error: unknown }
    > = [];
    const until = performance.now() + this.budgetMs;
    const queue = this.queue;
    try {
      await this.db.transaction().execute(async (trx) => {
        while (batch.length < queue.length && batch.length < this.maxBatch) {
          if (batch.length > 0 && performance.now() >= until) break;
          const p = queue[batch.length] as Pending;
          batch.push(p);
          const after: Array<() => void> = [];
          const tx: Tx = { db: trx, afterCommit: (fn) => after.push(fn) };
          this.exec('savepoint unit');
          try {
            const value = await p.unit(tx);
            this.exec('release unit');
            outcomes.push({ ok: true, value, after });
          } catch (error) {
            try {
              this.exec('rollback to unit');
              this.exec('release unit');
            } catch {
              // SQLite rolled the whole transaction back itself (disk full, I/O error): every unit of the
              // batch is gone, and the batch fails with this unit's reason, not the missing savepoint's.
              throw error;
            }
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (commitError) {
      queue.splice(0, batch.length);
      for (const p of batch) p.reject(commitError);
      return;
    }
    queue.splice(0, batch.length);
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o === undefined) return p.reject(new Error('group commit lost a unit outcome'));
      if (!o.ok) return p.reject(o.error);
      for (const fn of o.after) fn();
      p.resolve(o.value);
    });
  }
}
