import { sql } from 'kysely';
import { presenceLockClass } from '../../store/presence-marks.ts';
import type { Tx } from '../../store/store.ts';
import type { DialectName } from '../../store/dialect-name.ts';

/**
 * Where a node says it holds a socket of an operator, so that other nodes do not set them offline
 * (PostgreSQL: `PostgresPresenceMarks`; one SQLite node needs none).
 */
export interface SocketMarks {
  mark(operatorId: number): void;
  unmark(operatorId: number): void;
}

/** A single node: its own socket count is the whole truth. */
export const noSocketMarks: SocketMarks = { mark: () => undefined, unmark: () => undefined };

/**
 * In the transaction about to set an operator offline: whether some node (this one included) still marks a
 * socket of theirs. On PostgreSQL the exclusive advisory lock is tried; it is free only when no node holds
 * the shared one, and it is held until the transaction ends, so a node marking meanwhile waits for it.
 */
export async function socketMarkedSomewhere(
  tx: Tx,
  dialect: DialectName,
  operatorId: number,
): Promise<boolean> {
  if (dialect !== 'postgres') return false;
  const { rows } = await sql<{
    free: boolean;
  }>`select pg_try_advisory_xact_lock(${presenceLockClass}, ${operatorId}) as free`.execute(tx.db);
  return rows[0]?.free !== true;
}
