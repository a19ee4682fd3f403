import type { CaseRow, MessageRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';

/**
 * Stores an internal note on a case: shown to operators, never sent (no channel, no identity, no
 * delivery). `authorOperatorId` is null for the system's own notes (e.g. a moved identity).
 */
export function insertNote(
  tx: Tx,
  note: {
    caseRow: Pick<CaseRow, 'id' | 'customer_id'>;
    authorOperatorId: number | null;
    text: string;
    /** The stored attachments, as JSON. */
    attachments: string;
    clientMsgId: string | null;
    /** The message meta, as JSON (null: none); the column's default when left out. */
    meta?: string | null;
    now: string;
  },
): Promise<MessageRow> {
  return tx.db
    .insertInto('messages')
    .values({
      case_id: note.caseRow.id,
      customer_id: note.caseRow.customer_id,
      direction: 'note',
      channel_account_id: null,
      identity_id: null,
      author_operator_id: note.authorOperatorId,
      text: note.text,
      attachments: note.attachments,
      external_id: null,
      client_msg_id: note.clientMsgId,
      status: 'sent',
      created_at: note.now,
      ...(note.meta === undefined ? {} : { meta: note.meta }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
