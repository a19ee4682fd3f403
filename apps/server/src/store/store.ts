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
  /** Checks the database answers (PostgreSQL: within `timeoutMs`, default 2 s). */
  ping(timeoutMs?: number): Promise<void>;
  /**
   * PostgreSQL only: takes a session advisory lock on a connection of its own, outside the pool; null when
   * another session holds it. The lock lives as long as that connection: see `HeldLock.lost`.
   */
  tryLock?(key: number): Promise<HeldLock | null>;
  close(): Promise<void>;
}

/** A session advisory lock held on its own connection (`Store.tryLock`). */
export interface HeldLock {
  /**
   * Settles (never rejects) as soon as the lock is gone: the connection broke (the server was restarted,
   * the backend terminated, the network dropped: the database released the lock with the session), or
   * `release` was called. The reason is the connection's error, or null after `release`.
   */
  readonly lost: Promise<Error | null>;
  /** Proves the connection still answers within `timeoutMs`; on failure the lock counts as lost. */
  check(timeoutMs: number): Promise<void>;
  /** Unlocks and closes the connection (harmless when already lost). */
  release(): Promise<void>;
}
