import type { CannedReply, CannedReplyScope } from '@frontline/shared';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { CannedRepliesTable, Database } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import type { Viewer } from '../cases/case-visibility.ts';
import { canEditReply, whereReplyVisible } from './canned-reply-rules.ts';

export type CannedReplyRow = Selectable<CannedRepliesTable>;

/** A list is one screen of replies; a team with more than this needs search, not a longer list. */
export const cannedReplyListMax = 1000;

/** The reply as `viewer` gets it (with whether they may change it). */
export function toCannedReply(row: CannedReplyRow, viewer: Viewer): CannedReply {
  return {
    id: row.id,
    scope: row.owner_operator_id === null ? 'shared' : 'personal',
    queueId: row.queue_id,
    ownerId: row.owner_operator_id,
    title: row.title,
    shortcut: row.shortcut,
    body: row.body,
    language: row.language,
    useCount: Number(row.use_count),
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    editable: canEditReply(viewer, row),
  };
}

/** The queries of canned replies; the service decides who may run which. */
export const cannedReplyQueries = {
  /**
   * The replies `viewer` sees, most used first (then by title): `queueId` narrows the shared ones to that
   * queue and all queues, `scope` to one kind.
   */
  list(
    db: Kysely<Database>,
    viewer: Viewer,
    filter: { queueId?: number; scope?: CannedReplyScope },
  ): Promise<CannedReplyRow[]> {
    let query = db
      .selectFrom('canned_replies')
      .selectAll()
      .where((eb) => whereReplyVisible(eb, viewer));
    const { queueId, scope } = filter;
    if (queueId !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb('owner_operator_id', 'is not', null),
          eb('queue_id', 'is', null),
          eb('queue_id', '=', queueId),
        ]),
      );
    }
    if (scope === 'personal') query = query.where('owner_operator_id', 'is not', null);
    if (scope === 'shared') query = query.where('owner_operator_id', 'is', null);
    return query
      .orderBy('use_count', 'desc')
      .orderBy('title')
      .orderBy('id')
      .limit(cannedReplyListMax)
      .execute();
  },

  find(db: Kysely<Database>, id: number): Promise<CannedReplyRow | undefined> {
    return db.selectFrom('canned_replies').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Another reply of the same scope and language with this shortcut, if any. */
  async shortcutTaken(
    tx: Tx,
    key: { scopeKey: string; language: CannedReplyRow['language']; shortcut: string },
    exceptId?: number,
  ): Promise<boolean> {
    let query = tx.db
      .selectFrom('canned_replies')
      .select('id')
      .where('scope_key', '=', key.scopeKey)
      .where('language', '=', key.language)
      .where('shortcut', '=', key.shortcut);
    if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  },

  queueExists(db: Kysely<Database>, queueId: number): Promise<boolean> {
    return db
      .selectFrom('queues')
      .select('id')
      .where('id', '=', queueId)
      .executeTakeFirst()
      .then((row) => row !== undefined);
  },

  insert(tx: Tx, values: Insertable<CannedRepliesTable>): Promise<CannedReplyRow> {
    return tx.db.insertInto('canned_replies').values(values).returningAll().executeTakeFirstOrThrow();
  },

  update(tx: Tx, id: number, values: Updateable<CannedRepliesTable>): Promise<CannedReplyRow> {
    return tx.db
      .updateTable('canned_replies')
      .set(values)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** One more use, counted in the database so simultaneous uses all count. */
  countUse(tx: Tx, id: number, at: string): Promise<CannedReplyRow> {
    return tx.db
      .updateTable('canned_replies')
      .set((eb) => ({ use_count: eb('use_count', '+', 1), last_used_at: at }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  async remove(tx: Tx, id: number): Promise<void> {
    await tx.db.deleteFrom('canned_replies').where('id', '=', id).execute();
  },
};
