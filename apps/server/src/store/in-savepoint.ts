import { CompiledQuery } from 'kysely';
import { isRetryableConflict } from './is-retryable-conflict.ts';
import type { Tx, WriteUnit } from './store.ts';

/** The savepoint's statements, compiled once (they run for every inbound step). */
const savepoint = CompiledQuery.raw('savepoint unit_step');
const release = CompiledQuery.raw('release savepoint unit_step');
const rollback = CompiledQuery.raw('rollback to savepoint unit_step');

/** As many runs as `Store.write` gives a unit on PostgreSQL. */
const maxAttempts = 5;

/**
 * Runs a unit inside a savepoint of the caller's transaction, so that it fails alone: on an error its changes
 * are rolled back, its after-commit steps dropped, and the error thrown; the transaction goes on. A unit that
 * lost a race on PostgreSQL (a unique key, a deadlock) is run again, as `Store.write` does. When the rollback
 * itself fails (SQLite rolled the whole transaction back after a full disk, the connection broke), a
 * `TransactionLostError` carrying the unit's error is thrown: nothing more may be written in that transaction.
 */
export async function inSavepoint<T>(tx: Tx, unit: WriteUnit<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const after: Array<() => void> = [];
    await tx.db.executeQuery(savepoint);
    try {
      const value = await unit({ db: tx.db, afterCommit: (fn) => after.push(fn) });
      await tx.db.executeQuery(release);
      for (const fn of after) tx.afterCommit(fn);
      return value;
    } catch (error) {
      try {
        await tx.db.executeQuery(rollback);
        await tx.db.executeQuery(release);
      } catch {
        throw new TransactionLostError(error);
      }
      if (attempt >= maxAttempts || !isRetryableConflict(error)) throw error;
    }
  }
}

/** The transaction a savepoint belonged to is gone; `cause` is the error of the unit that ran in it. */
export class TransactionLostError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'TransactionLostError';
  }
}
