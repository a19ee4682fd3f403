import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * Full-text search over message text (docs/search.md).
 *
 * SQLite: `message_search_fts`, a contentless FTS5 table whose rowid is the message id and whose one column
 * holds the message's terms, stemmed in code (Snowball Russian and English). The search indexer fills it in
 * the background from `message_search_cursor` (the highest message id indexed), so receiving a message costs
 * nothing more. Existing messages are indexed by the same job after the upgrade.
 *
 * PostgreSQL: `message_search`, one `to_tsvector('russian', text)` per message with a GIN index, written by a
 * trigger in the inserting transaction (never behind, whatever order transactions commit in). A side table
 * rather than a generated column on `messages`: rows read with `select *` stay as they are.
 */
export function createMessageSearchMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'sqlite') {
        await sql`create virtual table message_search_fts using fts5(
          terms, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
        )`.execute(db);
        await db.schema
          .createTable('message_search_cursor')
          .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
          .addColumn('last_message_id', 'integer', (c) => c.notNull())
          .execute();
        await sql`insert into message_search_cursor (id, last_message_id) values (1, 0)`.execute(db);
        return;
      }
      await db.schema
        .createTable('message_search')
        .addColumn('message_id', 'bigint', (c) =>
          c.primaryKey().references('messages.id').onDelete('cascade'),
        )
        .addColumn('terms', sql`tsvector`, (c) => c.notNull())
        .execute();
      await sql`insert into message_search (message_id, terms)
        select id, to_tsvector('russian'::regconfig, text) from messages`.execute(db);
      await sql`create index message_search_terms on message_search using gin (terms)`.execute(db);
      await sql`create function message_search_write() returns trigger language plpgsql as $$
        begin
          insert into message_search (message_id, terms)
          values (new.id, to_tsvector('russian'::regconfig, new.text))
          on conflict (message_id) do update set terms = excluded.terms;
          return null;
        end $$`.execute(db);
      await sql`create trigger messages_search after insert or update of text on messages
        for each row execute function message_search_write()`.execute(db);
    },
  };
}
