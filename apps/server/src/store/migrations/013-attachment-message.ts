import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DialectName } from '../dialect-name.ts';

const AttachmentIds = z.array(z.object({ id: z.string() }));

/**
 * An attachment knows the message it was sent with (`message_id`, null while it is only uploaded), so
 * uploads never sent can be found and deleted without reading every message. Existing messages are read
 * once to fill it in.
 */
export function createAttachmentMessageMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('attachments')
        .addColumn('message_id', dialect === 'postgres' ? 'bigint' : 'integer')
        .execute();
      const rows = await sql<{ id: number; attachments: string }>`
        select id, attachments from messages where attachments <> '[]' order by id`.execute(db);
      for (const row of rows.rows) {
        const parsed = AttachmentIds.safeParse(JSON.parse(row.attachments));
        if (!parsed.success) continue;
        for (const a of parsed.data) {
          await sql`update attachments set message_id = ${row.id} where id = ${a.id} and message_id is null`.execute(
            db,
          );
        }
      }
      await db.schema
        .createIndex('attachments_unattached')
        .on('attachments')
        .column('created_at')
        .where(sql.ref('message_id'), 'is', null)
        .execute();
    },
  };
}
