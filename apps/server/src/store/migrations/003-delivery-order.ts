import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/** Deliveries know their recipient, so a customer's replies go out one at a time, in order. */
export function createDeliveryOrderMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('deliveries')
        .addColumn('identity_id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
          c.references('identities.id'),
        )
        .execute();
      await db.schema
        .createIndex('deliveries_recipient')
        .on('deliveries')
        .columns(['identity_id', 'status', 'id'])
        .execute();
    },
  };
}
