import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectName } from './dialect-name.ts';
import { createInitMigration } from './migrations/001-init.ts';
import { createChannelIngressMigration } from './migrations/002-channel-ingress.ts';
import { createDeliveryOrderMigration } from './migrations/003-delivery-order.ts';
import { createMessageTemplateMigration } from './migrations/004-message-template.ts';
import { createMailAndReceiversMigration } from './migrations/005-mail-and-receivers.ts';
import { createIgnoredEventsMigration } from './migrations/010-ignored-events.ts';
import { createDeliveryAndIntakeFailuresMigration } from './migrations/011-delivery-and-intake-failures.ts';
import { createInboxIndexesMigration } from './migrations/012-inbox-indexes.ts';
import { createAttachmentMessageMigration } from './migrations/013-attachment-message.ts';
import { createApiTokensAndNamesMigration } from './migrations/014-api-tokens-and-names.ts';
import { createEventCaseMigration } from './migrations/015-event-case.ts';
import { createMessageSearchMigration } from './migrations/016-message-search.ts';
import { createCannedRepliesMigration } from './migrations/017-canned-replies.ts';
import { createCustomerMergesMigration } from './migrations/018-customer-merges.ts';
import { createReopenWindowMigration } from './migrations/021-reopen-window.ts';
import { createReplyIdentityMigration } from './migrations/022-reply-identity.ts';
import { createPreChatMigration } from './migrations/023-pre-chat.ts';
import { createAcdMigration } from './migrations/024-acd.ts';
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
    '011-delivery-and-intake-failures': createDeliveryAndIntakeFailuresMigration(dialect),
    '012-inbox-indexes': createInboxIndexesMigration(),
    '013-attachment-message': createAttachmentMessageMigration(dialect),
    '014-api-tokens-and-names': createApiTokensAndNamesMigration(dialect),
    '015-event-case': createEventCaseMigration(dialect),
    '016-message-search': createMessageSearchMigration(dialect),
    '017-canned-replies': createCannedRepliesMigration(dialect),
    '018-customer-merges': createCustomerMergesMigration(dialect),
    '021-reopen-window': createReopenWindowMigration(dialect),
    '022-reply-identity': createReplyIdentityMigration(dialect),
    '023-pre-chat': createPreChatMigration(dialect),
    '024-acd': createAcdMigration(dialect),
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
