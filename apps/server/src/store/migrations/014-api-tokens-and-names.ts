import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * Queue names per language (the seeded queues have a Russian and an English name) and personal API tokens for
 * integrations: only the SHA-256 of a token is kept, with its scopes, expiry, last use and revocation.
 */
export function createApiTokensAndNamesMigration(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const ts = pg ? sql`timestamptz` : sql`text`;
  const big = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('queues').addColumn('name_ru', 'text').execute();
      await db.schema.alterTable('queues').addColumn('name_en', 'text').execute();
      const table = db.schema.createTable('api_tokens');
      await (
        pg
          ? table.addColumn('id', 'bigint', (c) => c.generatedByDefaultAsIdentity().primaryKey())
          : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      )
        .addColumn('operator_id', big, (c) => c.notNull().references('operators.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('expires_at', ts)
        .addColumn('last_used_at', ts)
        .addColumn('revoked_at', ts)
        .execute();
      await db.schema.createIndex('api_tokens_operator').on('api_tokens').column('operator_id').execute();
    },
  };
}
