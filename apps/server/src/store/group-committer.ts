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
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private flushing = false;

  /**
   * @param exec runs a statement synchronously on the connection the transaction holds (better-sqlite3's
   *   `exec`): savepoints go straight to SQLite instead of through the query builder.
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly exec: (statement: string) => void,
    private readonly maxBatch = 256,
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
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      await this.runBatch(batch);
    }
    this.flushing = false;
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const outcomes: Array<
      { ok: true; value: unknown; after: Array<() => void> } | { ok: false; error: unknown }
    > = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const p of batch) {
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
      for (const p of batch) p.reject(commitError);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o === undefined) return p.reject(new Error('group commit lost a unit outcome'));
      if (!o.ok) return p.reject(o.error);
      for (const fn of o.after) fn();
      p.resolve(o.value);
    });
  }
}
