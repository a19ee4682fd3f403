import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * Merging customers, reversibly: a merged-away customer points at the one it joined
 * (`customers.merged_into_customer_id`), a case emptied into another is closed as resolved and points at the
 * case that took its messages (`cases.merged_into_case_id`), and `customer_merges` keeps what each merge
 * moved (a JSON snapshot) so an undo restores exactly what was there before (docs/customers.md).
 */
export function createCustomerMergesMigration(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const ts = pg ? sql`timestamptz` : sql`text`;
  const big = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('customers')
        .addColumn('merged_into_customer_id', big, (c) => c.references('customers.id').onDelete('set null'))
        .execute();
      await db.schema
        .alterTable('cases')
        .addColumn('merged_into_case_id', big, (c) => c.references('cases.id').onDelete('set null'))
        .execute();
      const table = db.schema.createTable('customer_merges');
      await (
        pg
          ? table.addColumn('id', 'bigint', (c) => c.generatedByDefaultAsIdentity().primaryKey())
          : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      )
        .addColumn('survivor_id', big, (c) => c.notNull().references('customers.id'))
        .addColumn('merged_id', big, (c) => c.notNull().references('customers.id'))
        // null: the system merged them (equal attested contact points).
        .addColumn('actor_operator_id', big, (c) => c.references('operators.id').onDelete('set null'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('snapshot', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('undone_at', ts)
        .addColumn('undone_by_operator_id', big, (c) => c.references('operators.id').onDelete('set null'))
        .execute();
      await db.schema
        .createIndex('customer_merges_survivor')
        .on('customer_merges')
        .column('survivor_id')
        .execute();
      await db.schema
        .createIndex('customer_merges_merged')
        .on('customer_merges')
        .column('merged_id')
        .execute();
    },
  };
}
