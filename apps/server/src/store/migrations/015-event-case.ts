import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * The case an outbox event is about (`case_id`, null for events about no case, such as `operator.updated`):
 * the realtime fan-out finds the operators who have that case open without parsing the payload
 * (docs/realtime.md).
 */
export function createEventCaseMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('outbox_events').addColumn('case_id', big).execute();
    },
  };
}
