import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * One case across a customer's return: each entry point says how long after a case was resolved a new
 * message reopens it (`reopen_window_hours`, 48 by default; 0 = a new message always opens a new case), and a
 * case remembers who resolved it (`resolved_by_id`), the operator it goes back to when they can take it.
 */
export function createReopenWindowMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('entry_points')
        .addColumn('reopen_window_hours', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(48)
            .check(sql`reopen_window_hours >= 0`),
        )
        .execute();
      await db.schema
        .alterTable('cases')
        .addColumn('resolved_by_id', big, (c) => c.references('operators.id').onDelete('set null'))
        .execute();
      // The latest case of a customer, looked up on every message that finds no open case.
      await db.schema
        .createIndex('cases_customer_resolved')
        .on('cases')
        .columns(['customer_id', 'resolved_at'])
        .execute();
    },
  };
}
