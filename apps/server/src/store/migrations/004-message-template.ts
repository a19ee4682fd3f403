import type { Kysely } from 'kysely';

/** An outbound message may be an approved template (name, language, parameters as JSON). */
export function createMessageTemplateMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('messages').addColumn('template', 'text').execute();
    },
  };
}
