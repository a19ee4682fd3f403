import { sql, type Kysely } from 'kysely';

/**
 * Indexes for a store with a million messages: the inbox pages through cases newest change first
 * (`updated_at desc, id desc`, one index per way the inbox narrows: by status, by queue, by assignee), and
 * marking a case read finds its unread inbound messages without scanning the messages table.
 *
 * The queries that use the partial indexes (see modules/cases/) write `direction` and `status` as SQL
 * literals, so the planner matches the index from the SQL text alone, not only when it looks at the bound
 * values (a generic plan of a prepared statement on PostgreSQL does not).
 */
export function createInboxIndexesMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('cases_status_updated')
        .on('cases')
        .columns(['status', 'updated_at', 'id'])
        .execute();
      await db.schema
        .createIndex('cases_queue_status_updated')
        .on('cases')
        .columns(['queue_id', 'status', 'updated_at', 'id'])
        .execute();
      // Supersedes cases_assignee_status (its prefix), which is dropped so a change costs one index less.
      await db.schema
        .createIndex('cases_assignee_status_updated')
        .on('cases')
        .columns(['assignee_id', 'status', 'updated_at', 'id'])
        .execute();
      await db.schema.dropIndex('cases_assignee_status').execute();
      // Only unread inbound messages are in it: a message leaves it when it is read.
      await db.schema
        .createIndex('messages_case_unread')
        .on('messages')
        .column('case_id')
        .where(sql.ref('direction'), '=', sql.lit('in'))
        .where(sql.ref('status'), '=', sql.lit('received'))
        .execute();
      // The outbound messages of a recipient: read receipts and the auto-acknowledgement's once-a-day check.
      await db.schema
        .createIndex('messages_out_identity')
        .on('messages')
        .columns(['identity_id', 'id'])
        .where(sql.ref('direction'), '=', sql.lit('out'))
        .execute();
    },
  };
}
