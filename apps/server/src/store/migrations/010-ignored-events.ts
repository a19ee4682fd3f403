import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * Inbound events a channel deliberately did not turn into a message (statuses Frontline does not use, update
 * types it does not handle …), counted per channel account and reason code, with the latest detail: what the
 * Channels screen shows so nothing is dropped without a trace.
 */
export function createIgnoredEventsMigration(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const ts = pg ? sql`timestamptz` : sql`text`;
  const big = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('channel_ignored_events')
        .addColumn('channel_account_id', big, (c) =>
          c.notNull().references('channel_accounts.id').onDelete('cascade'),
        )
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('last_detail', 'text', (c) => c.notNull())
        .addColumn('last_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_ignored_events_pk', ['channel_account_id', 'code'])
        .execute();
    },
  };
}
