import { z } from 'zod';
import { ChannelKind } from './channel-kind.ts';
import { MessageNotice } from './message-notice.ts';
import { MessageStatus } from './message-status.ts';
import { CaseSla, SkillRef } from './routing.ts';

export const Role = z.enum(['operator', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

export const Presence = z.enum(['online', 'away', 'offline']);
export type Presence = z.infer<typeof Presence>;

export const Locale = z.enum(['ru', 'en']);
export type Locale = z.infer<typeof Locale>;

export const CaseStatus = z.enum(['queued', 'assigned', 'resolved']);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const MessageDirection = z.enum(['in', 'out', 'note']);
export type MessageDirection = z.infer<typeof MessageDirection>;

export const Attachment = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  url: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

export const Operator = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: Role,
  presence: Presence,
  capacity: z.number().int(),
  locale: Locale,
  queueIds: z.array(z.number().int()),
  activeCases: z.number().int().optional(),
  /** Present (true or false) only in the answer to an admin's change of the operator. */
  disabled: z.boolean().optional(),
  /** Why the operator is away (a break reason), and since when the presence holds (docs/routing.md). */
  presenceReason: z.string().nullable().optional(),
  presenceSince: z.string().nullable().optional(),
  skills: z.array(SkillRef).optional(),
  /** At most this many open cases per channel kind. */
  channelLimits: z.partialRecord(ChannelKind, z.number().int().min(0)).nullable().optional(),
});
export type Operator = z.infer<typeof Operator>;

export const Queue = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The name per language for queues that have one (the seeded queues); else show `name`. */
  nameRu: z.string().nullable().optional(),
  nameEn: z.string().nullable().optional(),
  waiting: z.number().int().optional(),
});
export type Queue = z.infer<typeof Queue>;

/** The name of the built-in web chat channel account (seeded; the workspace shows it translated). */
export const webchatAccountName = 'Web chat';

export const EntryPoint = z.object({
  id: z.number().int(),
  slug: z.string(),
  nameRu: z.string(),
  nameEn: z.string(),
  queueId: z.number().int(),
});
export type EntryPoint = z.infer<typeof EntryPoint>;

export const Identity = z.object({
  id: z.number().int(),
  channelKind: ChannelKind,
  channelAccountId: z.number().int(),
  externalId: z.string(),
  displayName: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  /** Why replies cannot reach the customer here (blocked the bot, mail bounced …); null when reachable. */
  unreachableReason: z.string().nullable().optional(),
});
export type Identity = z.infer<typeof Identity>;

export const ContactPoint = z.object({
  id: z.number().int(),
  kind: z.enum(['phone', 'email']),
  value: z.string(),
  attestedBy: z.string().nullable(),
});
export type ContactPoint = z.infer<typeof ContactPoint>;

export const Customer = z.object({
  id: z.number().int(),
  displayName: z.string().nullable(),
  createdAt: z.string(),
  identities: z.array(Identity),
  contactPoints: z.array(ContactPoint),
});
export type Customer = z.infer<typeof Customer>;

export const Message = z.object({
  id: z.number().int(),
  caseId: z.number().int(),
  customerId: z.number().int(),
  direction: MessageDirection,
  channelKind: ChannelKind.nullable(),
  identityId: z.number().int().nullable(),
  authorOperatorId: z.number().int().nullable(),
  authorName: z.string().nullable(),
  text: z.string(),
  attachments: z.array(Attachment),
  status: MessageStatus,
  statusReason: z.string().nullable(),
  clientMsgId: z.string().nullable(),
  createdAt: z.string(),
  /** The message's own subject (e-mail). */
  subject: z.string().nullable().optional(),
  /** The addresses an operator's e-mail reply went to in copy. */
  cc: z.array(z.string()).nullable().optional(),
  /** Why the message is automatic (auto-reply, list, bulk, bounce): shown flagged, never auto-answered. */
  automated: z.string().nullable().optional(),
  /** The whole text when `text` is the reply with the quoted part stripped. */
  fullText: z.string().nullable().optional(),
  /** Quick-reply buttons sent under an outbound message (their labels, in order). */
  buttons: z.array(z.string()).nullable().optional(),
  /** The message asked the customer for their phone, with a share-phone button of this label. */
  phoneRequest: z.object({ label: z.string() }).nullable().optional(),
  /** What the server said inside the message, structured (its English line is also in `text`). */
  notices: z.array(MessageNotice).nullable().optional(),
});
export type Message = z.infer<typeof Message>;

export const CaseSummary = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string().nullable(),
  entryPointId: z.number().int(),
  queueId: z.number().int(),
  status: CaseStatus,
  priority: z.number().int(),
  assigneeId: z.number().int().nullable(),
  lastChannelKind: ChannelKind.nullable(),
  lastMessageText: z.string().nullable(),
  /**
   * The server's notices inside the last message (its English lines are in `lastMessageText`), so the inbox
   * shows them in the operator's language.
   */
  lastMessageNotices: z.array(MessageNotice).nullable().optional(),
  lastMessageAt: z.string().nullable(),
  unread: z.number().int(),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
  /**
   * Set on a case a customer merge closed: its messages were moved into this case (the customer's other open
   * case). Such a case is resolved and left out of inbox lists (docs/customers.md).
   */
  mergedIntoCaseId: z.number().int().nullable().optional(),
  /** When the case last began to wait in its queue (the wait timer; null once assigned). */
  queuedAt: z.string().nullable().optional(),
  sla: CaseSla.nullable().optional(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

/** Whether a free-form reply can go out on the channel the customer last used (WhatsApp's 24-hour window). */
export const ReplyWindow = z.object({
  channelKind: ChannelKind.nullable(),
  /** null: the channel has no window. */
  closesAt: z.string().nullable(),
  open: z.boolean(),
});
export type ReplyWindow = z.infer<typeof ReplyWindow>;

export const CaseDetail = CaseSummary.extend({
  customer: Customer,
  replyWindow: ReplyWindow,
  /** The channel the customer last used shows quick-reply buttons (a reply may carry `buttons`). */
  buttons: z.boolean(),
  /** The channel the customer last used can ask for their phone (`POST /cases/:id/request-phone`). */
  requestPhone: z.boolean().optional(),
});
export type CaseDetail = z.infer<typeof CaseDetail>;
