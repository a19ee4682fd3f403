import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/** Webhook ingress: raw provider events stored before the ack, processed later; channel health; reachability. */
export function createChannelIngressMigration(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const ts = pg ? sql`timestamptz` : sql`text`;
  const big = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const t = db.schema.createTable('raw_events');
      await (
        pg
          ? t.addColumn('id', 'bigint', (c) => c.generatedByDefaultAsIdentity().primaryKey())
          : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      )
        .addColumn('channel_account_id', big, (c) => c.notNull().references('channel_accounts.id'))
        .addColumn('event_key', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('received_at', ts, (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c
            .notNull()
            .defaultTo('pending')
            .check(sql`status in ('pending','done','failed')`),
        )
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', ts, (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addUniqueConstraint('raw_events_account_key', ['channel_account_id', 'event_key'])
        .execute();
      await db.schema
        .createIndex('raw_events_due')
        .on('raw_events')
        .columns(['status', 'next_attempt_at'])
        .execute();

      await db.schema.alterTable('channel_accounts').addColumn('health_ok', 'integer').execute();
      await db.schema.alterTable('channel_accounts').addColumn('health_detail', 'text').execute();
      await db.schema.alterTable('channel_accounts').addColumn('health_checked_at', ts).execute();
      await db.schema.alterTable('identities').addColumn('unreachable_reason', 'text').execute();
    },
  };
}
