import type { TemplateChoice } from '@frontline/shared';
import type { CaseRow, MessageRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { attachToMessage } from '../attachments/attach-to-message.ts';
import { stringifyMessageMeta, type MessageMeta, type StoredAttachment } from '../views.ts';

/** One outbound message to queue. */
export interface OutboundDraft {
  caseRow: CaseRow;
  channelAccountId: number;
  identityId: number;
  authorOperatorId: number | null;
  text: string;
  attachments: StoredAttachment[];
  template: TemplateChoice | null;
  clientMsgId: string | null;
  meta: MessageMeta;
  now: string;
}

/**
 * An outbound message (status `queued`) and its pending delivery row, in the caller's transaction; the
 * dispatcher sends it after the commit (see docs/architecture.md for who moves it on from there).
 */
export async function queueOutbound(tx: Tx, m: OutboundDraft): Promise<MessageRow> {
  const message = await tx.db
    .insertInto('messages')
    .values({
      case_id: m.caseRow.id,
      customer_id: m.caseRow.customer_id,
      direction: 'out',
      channel_account_id: m.channelAccountId,
      identity_id: m.identityId,
      author_operator_id: m.authorOperatorId,
      text: m.text,
      attachments: JSON.stringify(m.attachments),
      template: m.template ? JSON.stringify(m.template) : null,
      external_id: null,
      client_msg_id: m.clientMsgId,
      status: 'queued',
      created_at: m.now,
      meta: stringifyMessageMeta(m.meta),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx.db
    .insertInto('deliveries')
    .values({
      message_id: message.id,
      channel_account_id: m.channelAccountId,
      identity_id: m.identityId,
      status: 'pending',
      attempts: 0,
      next_attempt_at: m.now,
      created_at: m.now,
    })
    .execute();
  await attachToMessage(tx, message.id, m.attachments);
  return message;
}
