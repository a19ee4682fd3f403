import { AppError } from '../../lib/errors.ts';
import type { CustomerRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';

/**
 * Locks the customers' rows until the transaction ends, lowest id first (so two merges of the same pair,
 * either way round, wait for each other instead of deadlocking), and returns them as they are now, with
 * what any merge committed meanwhile. A no-op update takes the row lock on PostgreSQL; SQLite has one
 * writer at a time anyway. 404 `CUSTOMER_NOT_FOUND` for an unknown id.
 */
export async function lockCustomers(tx: Tx, ids: number[]): Promise<CustomerRow[]> {
  const rows: CustomerRow[] = [];
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
    const row = await tx.db
      .updateTable('customers')
      .set((eb) => ({ merged_into_customer_id: eb.ref('merged_into_customer_id') }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${id} not found`);
    rows.push(row);
  }
  return rows;
}
