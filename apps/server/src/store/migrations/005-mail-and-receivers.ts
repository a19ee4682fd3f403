import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * E-mail and polled channels: per-message metadata (subject, automation flag, full text before quote
 * stripping), raw events that are not UTF-8 (mail bytes, kept exact as base64), and receiver cursors
 * (IMAP UIDVALIDITY + last UID, review page tokens).
 */
export function createMailAndReceiversMigration(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const ts = pg ? sql`timestamptz` : sql`text`;
  const big = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('messages').addColumn('meta', 'text').execute();
      await db.schema
        .alterTable('raw_events')
        .addColumn('body_encoding', 'text', (c) =>
          c
            .notNull()
            .defaultTo('utf8')
            .check(sql`body_encoding in ('utf8','base64')`),
        )
        .execute();
      await db.schema
        .createTable('channel_cursors')
        .addColumn('channel_account_id', big, (c) =>
          c.notNull().references('channel_accounts.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_cursors_pk', ['channel_account_id', 'name'])
        .execute();
    },
  };
}
