import type { Attachment, CaseSummary, ChannelKind, ChatMessage, Message, Operator } from '@frontline/shared';
import { ChannelKind as ChannelKindSchema, MessageNotice } from '@frontline/shared';
import { z } from 'zod';
import type { CaseRow, MessageRow, OperatorRow } from '../store/schema.ts';
import { caseSlaOf } from './sla/sla-state.ts';

/** Attachment metadata as kept on a message (immutable once sent). */
export const StoredAttachment = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type StoredAttachment = z.infer<typeof StoredAttachment>;

const StoredAttachments = z.array(StoredAttachment);

export function parseStoredAttachments(json: string): StoredAttachment[] {
  return StoredAttachments.parse(JSON.parse(json));
}

export function toChannelKind(kind: string | null | undefined): ChannelKind | null {
  const parsed = ChannelKindSchema.safeParse(kind);
  return parsed.success ? parsed.data : null;
}

export interface CaseExtras {
  customerName: string | null;
  lastChannelKind: string | null;
  /** The `meta` of the case's last message (its notices go into the summary); undefined: not looked up. */
  lastMessageMeta?: string | null;
}

export function toCaseSummary(row: CaseRow, extras: CaseExtras): CaseSummary {
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: extras.customerName,
    entryPointId: row.entry_point_id,
    queueId: row.queue_id,
    status: row.status,
    priority: row.priority,
    assigneeId: row.assignee_id,
    lastChannelKind: toChannelKind(extras.lastChannelKind),
    lastMessageText: row.last_message_text,
    ...(extras.lastMessageMeta === undefined
      ? {}
      : { lastMessageNotices: parseMessageMeta(extras.lastMessageMeta).notices ?? null }),
    lastMessageAt: row.last_message_at,
    unread: row.unread,
    openedAt: row.opened_at,
    resolvedAt: row.resolved_at,
    ...(row.merged_into_case_id === null ? {} : { mergedIntoCaseId: row.merged_into_case_id }),
    // The routing and SLA fields only where they apply, so cases without them keep their shape.
    ...(row.status === 'queued' && row.queued_at !== null ? { queuedAt: row.queued_at } : {}),
    ...(row.sla_state === null ? {} : { sla: caseSlaOf(row) }),
  };
}

export interface MessageExtras {
  channelKind: string | null;
  authorName: string | null;
  attachmentUrl: (a: StoredAttachment) => string;
}

function withUrls(row: MessageRow, url: (a: StoredAttachment) => string): Attachment[] {
  return parseStoredAttachments(row.attachments).map((a) => ({ ...a, url: url(a) }));
}

export function toMessage(row: MessageRow, extras: MessageExtras): Message {
  return {
    id: row.id,
    caseId: row.case_id,
    customerId: row.customer_id,
    direction: row.direction,
    channelKind: toChannelKind(extras.channelKind),
    identityId: row.identity_id,
    authorOperatorId: row.author_operator_id,
    authorName: extras.authorName,
    text: row.text,
    attachments: withUrls(row, extras.attachmentUrl),
    status: row.status,
    statusReason: row.status_reason,
    clientMsgId: row.client_msg_id,
    createdAt: row.created_at,
    ...parseMessageMeta(row.meta),
  };
}

/**
 * Per-message metadata kept as JSON in `messages.meta` (e-mail subject, automation flag, full text, the
 * quick-reply buttons sent under a reply, a phone request's button, the server's notices inside the message).
 */
export const MessageMeta = z.object({
  subject: z.string().nullable().optional(),
  /** An operator's e-mail reply: its copies (and `subject`, when the operator set one). */
  cc: z.array(z.string()).nullable().optional(),
  automated: z.string().nullable().optional(),
  fullText: z.string().nullable().optional(),
  buttons: z.array(z.string()).nullable().optional(),
  /** The message asks the customer for their phone with a share-phone button of this label. */
  phoneRequest: z.object({ label: z.string() }).nullable().optional(),
  /** A notice this version does not know is dropped (the English line in `text` still shows it). */
  notices: z.array(MessageNotice).nullable().optional().catch(null),
});
export type MessageMeta = z.infer<typeof MessageMeta>;

export function parseMessageMeta(json: string | null): MessageMeta {
  if (json === null) return {};
  return MessageMeta.parse(JSON.parse(json));
}

/** The JSON for `messages.meta`, or null when there is nothing to keep. */
export function stringifyMessageMeta(meta: MessageMeta): string | null {
  const kept = Object.fromEntries(
    Object.entries(meta).filter(([, v]) => v !== null && v !== undefined && v !== ''),
  );
  return Object.keys(kept).length === 0 ? null : JSON.stringify(kept);
}

/** The customer's view of a message: no internal fields, operator shown by first name only. */
export function toChatMessage(
  row: MessageRow,
  extras: { authorName: string | null; attachmentUrl: (a: StoredAttachment) => string },
): ChatMessage {
  if (row.direction === 'note') throw new Error('internal notes never reach the customer');
  return {
    id: row.id,
    direction: row.direction,
    text: row.text,
    attachments: withUrls(row, extras.attachmentUrl),
    status: row.status,
    clientMsgId: row.direction === 'in' ? row.client_msg_id : null,
    authorName: extras.authorName,
    createdAt: row.created_at,
  };
}

export function toOperator(row: OperatorRow, queueIds: number[], activeCases?: number): Operator {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    presence: row.presence,
    presenceReason: row.presence_reason,
    presenceSince: row.presence_since,
    capacity: row.capacity,
    locale: row.locale,
    queueIds,
    ...(activeCases === undefined ? {} : { activeCases }),
  };
}
