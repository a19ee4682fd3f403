import type { Kysely, Transaction } from 'kysely';
import type { DialectName } from './dialect-name.ts';
import type { Database } from './schema.ts';

/** A write unit's view of its transaction. */
export interface Tx {
  db: Transaction<Database>;
  /** Runs after the unit's changes are durably committed (never if the unit rolls back). */
  afterCommit(fn: () => void): void;
}

export type WriteUnit<T> = (tx: Tx) => Promise<T>;

/**
 * The storage handle. Reads go through `db`; every change goes through `write`, which returns only
 * once the change is durable. On SQLite many concurrent `write` calls share one commit (group commit),
 * each inside its own savepoint so a failing unit leaves no trace; on PostgreSQL each unit is a transaction.
 */
export interface Store {
  readonly dialect: DialectName;
  readonly db: Kysely<Database>;
  write<T>(unit: WriteUnit<T>): Promise<T>;
  /** Checks the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
