import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * Failures made visible: a delivery counts the attempts whose answer was lost (the request may have been
 * carried out), so a reply that is not idempotent is sent at most once more; a raw event that failed for
 * good keeps a stable code and when it failed, for the Channels screen and metrics.
 */
export function createDeliveryAndIntakeFailuresMigration(dialect: DialectName) {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('deliveries')
        .addColumn('lost_answers', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('raw_events').addColumn('error_code', 'text').execute();
      await db.schema.alterTable('raw_events').addColumn('failed_at', ts).execute();
      await db.schema
        .createIndex('raw_events_failed')
        .on('raw_events')
        .columns(['status', 'channel_account_id', 'id'])
        .execute();
    },
  };
}
