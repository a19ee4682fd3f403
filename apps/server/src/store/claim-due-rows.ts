import type { SelectQueryBuilder } from 'kysely';
import type { DialectName } from './dialect-name.ts';
import type { Database } from './schema.ts';

/**
 * The claim step of a background worker (raw events, deliveries), in the caller's transaction: the due
 * rows `due` selects — on PostgreSQL `FOR UPDATE SKIP LOCKED`, so nodes claiming at once take disjoint
 * rows — then `lease` marks the ones found as this worker's (until a time after which another may take
 * them, should this one die).
 */
export async function claimDueRows<TB extends keyof Database, R extends { id: number }>(
  dialect: DialectName,
  due: SelectQueryBuilder<Database, TB, R>,
  lease: (ids: number[]) => Promise<unknown>,
): Promise<R[]> {
  const rows = await (dialect === 'postgres' ? due.forUpdate().skipLocked() : due).execute();
  if (rows.length > 0) await lease(rows.map((r) => r.id));
  return rows;
}
