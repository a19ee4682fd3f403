import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectName } from './dialect-name.ts';
import { createInitMigration } from './migrations/001-init.ts';
import { createChannelIngressMigration } from './migrations/002-channel-ingress.ts';
import { createDeliveryOrderMigration } from './migrations/003-delivery-order.ts';
import { createMessageTemplateMigration } from './migrations/004-message-template.ts';
import { createMailAndReceiversMigration } from './migrations/005-mail-and-receivers.ts';
import { createIgnoredEventsMigration } from './migrations/010-ignored-events.ts';
import type { Database } from './schema.ts';

/** Versioned migrations, in order. Never edit a released one: add the next. */
function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    '001-init': createInitMigration(dialect),
    '002-channel-ingress': createChannelIngressMigration(dialect),
    '003-delivery-order': createDeliveryOrderMigration(dialect),
    '004-message-template': createMessageTemplateMigration(),
    '005-mail-and-receivers': createMailAndReceiversMigration(dialect),
    '010-ignored-events': createIgnoredEventsMigration(dialect),
  };
}

export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(dialect) };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
