import { sql, type Kysely } from 'kysely';
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

  constructor(
    private readonly db: Kysely<Database>,
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
    const outcomes: Array<{ ok: true; value: unknown; after: Array<() => void> } | { ok: false; error: unknown }> =
      [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const p of batch) {
          const after: Array<() => void> = [];
          const tx: Tx = { db: trx, afterCommit: (fn) => after.push(fn) };
          await sql`savepoint unit`.execute(trx);
          try {
            const value = await p.unit(tx);
            await sql`release unit`.execute(trx);
            outcomes.push({ ok: true, value, after });
          } catch (error) {
            await sql`rollback to unit`.execute(trx);
            await sql`release unit`.execute(trx);
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
