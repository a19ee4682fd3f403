/**
 * The rows the spine writes for one inbound message besides the message row itself — the case's last
 * message and one outbox event per audience (the operators', the customer's stream), with the spine's own
 * statements, views and event writer. Shared by the limit servers (bench/limit-server.ts,
 * bench/fanout-limit-server.ts), which measure Frontline against the least work that stores the same data.
 */
import type { OperatorEvent } from '@frontline/shared';
import { insertInboundMessage, touchCaseOnInbound } from '../apps/server/src/modules/cases/hot-queries.ts';
import type { EventWriter } from '../apps/server/src/modules/events/event-writer.ts';
import {
  toCaseSummary,
  toChatMessage,
  toMessage,
  type StoredAttachment,
} from '../apps/server/src/modules/views.ts';
import type { CaseRow, MessageRow } from '../apps/server/src/store/schema.ts';
import type { Tx } from '../apps/server/src/store/store.ts';

/** A customer of a limit server, with its identity and open case. */
export interface Sender {
  customerId: number;
  identityId: number;
  caseId: number;
  externalId: string;
}

/** The inbound message row, with the pipeline's own prepared statement: the same row, the same SQL. */
export async function insertBenchMessage(
  tx: Tx,
  who: Sender,
  m: { accountId: number; text: string; externalId: string; clientMsgId: string | null; at: string },
): Promise<MessageRow> {
  const [row] = await insertInboundMessage.run(
    tx.db,
    who.caseId,
    who.customerId,
    m.accountId,
    who.identityId,
    m.text,
    '[]',
    m.externalId,
    m.clientMsgId,
    m.at,
    null,
  );
  if (!row) throw new Error('no row');
  return row;
}

const files = { url: (a: StoredAttachment) => `/files/${a.id}` };

/** Writes the spine's other rows for `message`; returns the case as it stands after it, and the operators' event. */
export async function spineWrites(
  tx: Tx,
  events: EventWriter,
  who: Sender,
  message: MessageRow,
  at: string,
  channelKind: 'webchat' | 'telegram',
): Promise<{ case: CaseRow; event: Extract<OperatorEvent, { type: 'message.created' }> }> {
  const [c] = await touchCaseOnInbound.run(tx.db, who.caseId, who.identityId, message.text, at);
  if (!c) throw new Error('no case');
  const event = {
    type: 'message.created' as const,
    message: toMessage(message, { channelKind, authorName: null, attachmentUrl: files.url }),
    case: toCaseSummary(c, { customerName: null, lastChannelKind: channelKind }),
  };
  await events.toOperators(tx, event, { queueId: c.queue_id, operatorId: c.assignee_id });
  await events.toCustomer(tx, who.identityId, {
    type: 'message',
    message: toChatMessage(message, { authorName: null, attachmentUrl: files.url }),
  });
  return { case: c, event };
}
