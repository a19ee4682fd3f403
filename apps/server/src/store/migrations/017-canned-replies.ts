import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * Canned replies: an operator's personal ones (`owner_operator_id`) and shared ones for one queue
 * (`queue_id`) or for all queues (both null). `scope_key` spells the scope as one non-null text
 * (`personal:<operator>`, `queue:<queue>`, `all`) so a plain unique index keeps a shortcut unique per scope
 * and language on both stores (a unique index over nullable columns would let duplicates of "all" through).
 */
export function createCannedRepliesMigration(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const ts = pg ? sql`timestamptz` : sql`text`;
  const big = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const table = db.schema.createTable('canned_replies');
      await (
        pg
          ? table.addColumn('id', 'bigint', (c) => c.generatedByDefaultAsIdentity().primaryKey())
          : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      )
        .addColumn('owner_operator_id', big, (c) => c.references('operators.id').onDelete('cascade'))
        .addColumn('queue_id', big, (c) => c.references('queues.id').onDelete('cascade'))
        .addColumn('scope_key', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('shortcut', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_used_at', ts)
        .addColumn('created_by', big, (c) => c.references('operators.id').onDelete('set null'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('canned_replies_scope_shortcut')
        .on('canned_replies')
        .columns(['scope_key', 'language', 'shortcut'])
        .unique()
        .execute();
      await db.schema
        .createIndex('canned_replies_owner')
        .on('canned_replies')
        .column('owner_operator_id')
        .execute();
    },
  };
}
