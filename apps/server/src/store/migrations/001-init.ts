import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/** The first schema: the domain model described in the README (Architecture), with integrity kept by the database. */
export function createInitMigration(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const ts = pg ? sql`timestamptz` : sql`text`;
  const id = <T extends string>(t: CreateTableBuilder<T>) =>
    pg
      ? t.addColumn('id', 'bigint', (c) => c.generatedByDefaultAsIdentity().primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const ref =
    (table: string, onDelete: 'cascade' | 'restrict' | 'set null' = 'restrict') =>
    (c: ColumnDefinitionBuilder) =>
      c.references(`${table}.id`).onDelete(onDelete);
  const big = pg ? 'bigint' : 'integer';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await id(db.schema.createTable('queues'))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();

      await id(db.schema.createTable('entry_points'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name_ru', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('queue_id', big, (c) => ref('queues')(c.notNull()))
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();

      await id(db.schema.createTable('channel_accounts'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('entry_point_id', big, ref('entry_points', 'set null'))
        .addColumn('config', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('secrets_enc', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .addUniqueConstraint('channel_accounts_kind_name', ['kind', 'name'])
        .execute();

      await id(db.schema.createTable('operators'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('operator','supervisor','admin')`))
        .addColumn('capacity', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(3)
            .check(sql`capacity >= 0`),
        )
        .addColumn('presence', 'text', (c) =>
          c
            .notNull()
            .defaultTo('offline')
            .check(sql`presence in ('online','away','offline')`),
        )
        .addColumn('locale', 'text', (c) =>
          c
            .notNull()
            .defaultTo('ru')
            .check(sql`locale in ('ru','en')`),
        )
        .addColumn('last_assigned_at', ts)
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('operator_queues')
        .addColumn('operator_id', big, (c) => ref('operators', 'cascade')(c.notNull()))
        .addColumn('queue_id', big, (c) => ref('queues', 'cascade')(c.notNull()))
        .addPrimaryKeyConstraint('operator_queues_pk', ['operator_id', 'queue_id'])
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('operator_id', big, (c) => ref('operators', 'cascade')(c.notNull()))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('expires_at', ts, (c) => c.notNull())
        .execute();

      await id(db.schema.createTable('customers'))
        .addColumn('display_name', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();

      await id(db.schema.createTable('identities'))
        .addColumn('customer_id', big, (c) => ref('customers')(c.notNull()))
        .addColumn('channel_account_id', big, (c) => ref('channel_accounts')(c.notNull()))
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text')
        .addColumn('verified_by', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('last_seen_at', ts, (c) => c.notNull())
        .addUniqueConstraint('identities_account_external', ['channel_account_id', 'external_id'])
        .execute();
      await db.schema.createIndex('identities_customer').on('identities').column('customer_id').execute();

      await id(db.schema.createTable('contact_points'))
        .addColumn('customer_id', big, (c) => ref('customers', 'cascade')(c.notNull()))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('phone','email')`))
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('attested_by', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addUniqueConstraint('contact_points_customer_value', ['customer_id', 'kind', 'value'])
        .execute();
      await db.schema
        .createIndex('contact_points_value')
        .on('contact_points')
        .columns(['kind', 'value'])
        .execute();

      await id(db.schema.createTable('cases'))
        .addColumn('customer_id', big, (c) => ref('customers')(c.notNull()))
        .addColumn('entry_point_id', big, (c) => ref('entry_points')(c.notNull()))
        .addColumn('queue_id', big, (c) => ref('queues')(c.notNull()))
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('queued','assigned','resolved')`),
        )
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('assignee_id', big, ref('operators', 'set null'))
        .addColumn('last_identity_id', big, ref('identities', 'set null'))
        .addColumn('last_message_text', 'text')
        .addColumn('last_message_at', ts)
        .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('opened_at', ts, (c) => c.notNull())
        .addColumn('first_response_at', ts)
        .addColumn('resolved_at', ts)
        .addColumn('updated_at', ts, (c) => c.notNull())
        .addCheckConstraint(
          'cases_assigned_has_assignee',
          sql`status <> 'assigned' or assignee_id is not null`,
        )
        .execute();
      // At most one open case per customer: a message on any channel continues it.
      await db.schema
        .createIndex('cases_one_open_per_customer')
        .on('cases')
        .column('customer_id')
        .unique()
        .where(sql.ref('status'), '<>', 'resolved')
        .execute();
      await db.schema.createIndex('cases_customer').on('cases').columns(['customer_id', 'status']).execute();
      await db.schema
        .createIndex('cases_queue_status')
        .on('cases')
        .columns(['queue_id', 'status', 'opened_at'])
        .execute();
      await db.schema
        .createIndex('cases_assignee_status')
        .on('cases')
        .columns(['assignee_id', 'status'])
        .execute();

      await id(db.schema.createTable('messages'))
        .addColumn('case_id', big, (c) => ref('cases')(c.notNull()))
        .addColumn('customer_id', big, (c) => ref('customers')(c.notNull()))
        .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('in','out','note')`))
        .addColumn('channel_account_id', big, ref('channel_accounts'))
        .addColumn('identity_id', big, ref('identities'))
        .addColumn('author_operator_id', big, ref('operators'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('external_id', 'text')
        .addColumn('client_msg_id', 'text')
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('received','queued','sent','delivered','read','failed')`),
        )
        .addColumn('status_reason', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('messages_external_id')
        .on('messages')
        .columns(['channel_account_id', 'external_id'])
        .unique()
        .where(sql.ref('external_id'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('messages_operator_client_id')
        .on('messages')
        .columns(['author_operator_id', 'client_msg_id'])
        .unique()
        .where(sql.ref('author_operator_id'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('messages_customer')
        .on('messages')
        .columns(['customer_id', 'id'])
        .execute();

      await db.schema
        .createTable('attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('uploaded_by_operator_id', big, ref('operators', 'set null'))
        .addColumn('uploaded_by_identity_id', big, ref('identities', 'set null'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();

      await id(db.schema.createTable('deliveries'))
        .addColumn('message_id', big, (c) => ref('messages', 'cascade')(c.notNull().unique()))
        .addColumn('channel_account_id', big, (c) => ref('channel_accounts')(c.notNull()))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','done','failed')`))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', ts, (c) => c.notNull())
        .addColumn('locked_until', ts)
        .addColumn('last_error', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('deliveries_due')
        .on('deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();

      await id(db.schema.createTable('outbox_events'))
        .addColumn('seq', big, (c) => c.unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('operators','customer')`))
        .addColumn('queue_id', big)
        .addColumn('operator_id', big)
        .addColumn('identity_id', big)
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('outbox_events_unsequenced')
        .on('outbox_events')
        .column('id')
        .where(sql.ref('seq'), 'is', null)
        .execute();
      await db.schema
        .createIndex('outbox_events_identity')
        .on('outbox_events')
        .columns(['identity_id', 'seq'])
        .execute();

      await id(db.schema.createTable('audit_log'))
        .addColumn('actor_operator_id', big, ref('operators', 'set null'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
    },
  };
}
