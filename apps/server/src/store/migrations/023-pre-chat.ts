import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * A pre-chat form per entry point: `entry_points.pre_chat_fields` (JSON text, null = no form) lists the
 * fields the widget asks before the first message (`[{"key":"phone","required":true},{"key":"name"}]`), and
 * `pre_chat_answers` remembers that a visitor identity answered it on an entry point (once; docs/chat-protocol.md).
 */
export function createPreChatMigration(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const ts = pg ? sql`timestamptz` : sql`text`;
  const big = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('entry_points').addColumn('pre_chat_fields', 'text').execute();
      await db.schema
        .createTable('pre_chat_answers')
        .addColumn('identity_id', big, (c) => c.notNull().references('identities.id').onDelete('cascade'))
        .addColumn('entry_point_id', big, (c) =>
          c.notNull().references('entry_points.id').onDelete('cascade'),
        )
        // What was stored, normalised: {"name": …, "phone": "+7…", "email": …} (for support, not read back).
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('pre_chat_answers_pk', ['identity_id', 'entry_point_id'])
        .execute();
    },
  };
}
