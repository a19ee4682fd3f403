import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * The reply channel an operator chose for a case (`cases.reply_identity_id`): later replies without a choice
 * go there while it can receive, until the customer writes again. Set null when the identity goes.
 */
export function createReplyIdentityMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('cases')
        .addColumn('reply_identity_id', big, (c) => c.references('identities.id').onDelete('set null'))
        .execute();
    },
  };
}
