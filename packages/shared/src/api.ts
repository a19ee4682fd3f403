import { z } from 'zod';
import { CaseStatus, Locale, Operator, Presence, Role } from './domain.ts';

/** Every error body the API returns: a stable machine code, a human message, optional details. */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const LoginRequest = z.object({
  email: z.string().email().max(320),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** An operator changes their own password; the new one must pass the password policy. */
export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const SessionResponse = z.object({ operator: Operator, csrfToken: z.string() });
export type SessionResponse = z.infer<typeof SessionResponse>;

/**
 * An operator sets their own presence: `away` may name a break reason (one of the center's `breakReasons`,
 * else `422 PRESENCE_REASON_UNKNOWN`); a reason with `online` or `offline` is refused (docs/routing.md).
 */
export const PresenceRequest = z
  .object({ presence: Presence, reason: z.string().min(1).max(40).nullable().optional() })
  .refine((r) => r.presence === 'away' || r.reason == null, {
    message: 'only `away` takes a reason',
    path: ['reason'],
  });
export type PresenceRequest = z.infer<typeof PresenceRequest>;

/** `GET /operators/me/presence`: the operator's presence and the break reasons they may choose from. */
export const PresenceState = z.object({
  presence: Presence,
  reason: z.string().nullable(),
  since: z.string().nullable(),
  breakReasons: z.array(z.string()),
});
export type PresenceState = z.infer<typeof PresenceState>;

/** `POST /operators/me/shift-end`: the operator is offline and their open cases went back to their queues. */
export const ShiftEndResponse = z.object({
  operator: Operator,
  returnedCaseIds: z.array(z.number().int()),
});
export type ShiftEndResponse = z.infer<typeof ShiftEndResponse>;
export const LocaleRequest = z.object({ locale: Locale });

export const CreateOperatorRequest = z.object({
  email: z.string().email().max(320),
  name: z.string().min(1).max(200),
  /** The server's password policy applies (`400 PASSWORD_TOO_WEAK`): at least 10 characters, not a common one. */
  password: z.string().min(1).max(200),
  role: Role.default('operator'),
  capacity: z.number().int().min(0).max(50).default(3),
  queueIds: z.array(z.number().int()).default([]),
});
export type CreateOperatorRequest = z.infer<typeof CreateOperatorRequest>;

/** A status filter of the inbox: one status, or `open` (queued and assigned). */
export const CaseListStatus = z.enum([...CaseStatus.options, 'open']);
export type CaseListStatus = z.infer<typeof CaseListStatus>;
/** An admin's change of an operator: `disabled: true` ends the operator's sessions and sockets at once. */
export const UpdateOperatorRequest = z.object({ disabled: z.boolean() }).strict();
export type UpdateOperatorRequest = z.infer<typeof UpdateOperatorRequest>;

export const CaseListQuery = z.object({
  status: CaseListStatus.optional(),
  queueId: z.coerce.number().int().optional(),
  assignee: z.enum(['me', 'any', 'none']).default('any'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  /** The `X-Next-Cursor` of the previous page: the page after it (newest change first, then highest id). */
  cursor: z.string().min(1).max(200).optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

/**
 * Response headers of `GET /cases` (the body stays a plain array of cases): the number of cases matching
 * the filter on all pages, and the cursor of the next page (absent on the last page).
 */
export const caseListHeaders = { total: 'x-total-count', nextCursor: 'x-next-cursor' } as const;

/** An approved message template (WhatsApp): the only thing that may be sent outside the reply window. */
export const MessageTemplate = z.object({
  name: z.string(),
  language: z.string(),
  /** The body with `{{1}}`, `{{2}}` … placeholders, as approved. */
  body: z.string(),
});
export type MessageTemplate = z.infer<typeof MessageTemplate>;

export const TemplateChoice = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(16),
  params: z.array(z.string().max(1024)).max(20).default([]),
});
export type TemplateChoice = z.infer<typeof TemplateChoice>;

/**
 * Limits of quick-reply buttons on a reply, for every channel with `capabilities.buttons`. A channel with
 * tighter ones (WhatsApp: 3 buttons of ≤ 20 characters, or a list of ≤ 10 rows of ≤ 24) refuses, when
 * sending, labels that do not fit.
 */
export const replyButtonLimits = { maxButtons: 10, maxLength: 64 } as const;

/**
 * Quick-reply button labels: 1–10, each trimmed to 1–64 characters, no two alike. The customer's tap comes
 * back as an ordinary message with the label's text.
 */
export const ReplyButtons = z
  .array(z.string().trim().min(1).max(replyButtonLimits.maxLength))
  .min(1)
  .max(replyButtonLimits.maxButtons)
  .refine((labels) => new Set(labels).size === labels.length, { message: 'button labels must differ' });

/** An e-mail reply's own subject (the case tag `[#id]` is added) and copies; the composer's e-mail fields. */
export const EmailReplyFields = z.object({
  subject: z.string().trim().min(1).max(250).optional(),
  cc: z.array(z.email()).max(10).optional(),
});
export type EmailReplyFields = z.infer<typeof EmailReplyFields>;

/** An operator reply or internal note. `clientMsgId` is the idempotency key: the same key never sends twice. */
export const SendMessageRequest = z
  .object({
    clientMsgId: z.string().min(8).max(64),
    text: z.string().max(10_000).default(''),
    attachmentIds: z.array(z.string().max(64)).max(10).default([]),
    note: z.boolean().default(false),
    /** Send an approved template instead of free text (outside the reply window). */
    template: TemplateChoice.optional(),
    /**
     * Quick-reply buttons under the reply (channels with `capabilities.buttons`), e.g. `["Да", "Нет"]`.
     * Needs text to attach to; not with a template or an internal note.
     */
    buttons: ReplyButtons.optional(),
    /**
     * The customer's identity to send the reply to (one of `GET /cases/:id/reply-channels`); remembered for
     * the case's next replies until the customer writes again. Absent: the remembered one while available,
     * else the identity the customer last wrote from.
     */
    identityId: z.number().int().positive().optional(),
    /** E-mail only: the reply's subject instead of `Re: <the customer's subject>`, and CC addresses. */
    email: EmailReplyFields.optional(),
  })
  .refine((m) => m.text.trim().length > 0 || m.attachmentIds.length > 0 || m.template !== undefined, {
    message: 'a message needs text or an attachment',
    path: ['text'],
  })
  .refine((m) => m.buttons === undefined || (!m.note && m.template === undefined), {
    message: 'buttons go on a reply only: not on an internal note or a template',
    path: ['buttons'],
  })
  .refine((m) => m.buttons === undefined || m.text.trim().length > 0, {
    message: 'buttons need a text to attach to',
    path: ['buttons'],
  })
  .refine((m) => m.email === undefined || !m.note, {
    message: 'an internal note is not a mail: leave email out',
    path: ['email'],
  })
  .refine((m) => m.identityId === undefined || !m.note, {
    message: 'an internal note goes to no channel: leave identityId out',
    path: ['identityId'],
  });
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

/**
 * Ask the customer for their phone on the channel they last used: a message in `language` with a button
 * that shares their own number (channels with `capabilities.requestPhone`). Idempotent on `clientMsgId`.
 */
export const RequestPhoneRequest = z.object({
  clientMsgId: z.string().min(8).max(64),
  /** The language of the message and its button (default: Russian). */
  language: Locale.default('ru'),
});
export type RequestPhoneRequest = z.infer<typeof RequestPhoneRequest>;

export const AssignRequest = z.object({ operatorId: z.number().int().nullable() });
export const TransferRequest = z
  .object({
    queueId: z.number().int().optional(),
    operatorId: z.number().int().optional(),
    /** Why, for whoever takes the case next: stored on the case as an internal note. */
    comment: z.string().trim().min(1).max(1000).optional(),
  })
  .refine((t) => t.queueId !== undefined || t.operatorId !== undefined, {
    message: 'give queueId or operatorId',
  });
export type TransferRequest = z.infer<typeof TransferRequest>;

/** A connected channel as admins see it. Secrets are write-only: only which ones are set is shown. */
export const ChannelAccountView = z.object({
  id: z.number().int(),
  kind: z.string(),
  name: z.string(),
  entryPointId: z.number().int().nullable(),
  status: z.string(),
  webhookUrl: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  secretsSet: z.array(z.string()),
  health: z.object({ ok: z.boolean(), detail: z.string(), checkedAt: z.string() }).nullable(),
  /** Inbound events this channel took but did not turn into messages, by reason code (most recent first). */
  ignoredEvents: z
    .array(
      z.object({ code: z.string(), count: z.number().int(), lastDetail: z.string(), lastAt: z.string() }),
    )
    .optional(),
});
export type ChannelAccountView = z.infer<typeof ChannelAccountView>;

export const CreateChannelRequest = z.object({
  kind: z.string().min(1).max(32),
  name: z.string().min(1).max(200),
  entryPointId: z.number().int().nullable().default(null),
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.string().max(4096)).default({}),
});
export type CreateChannelRequest = z.infer<typeof CreateChannelRequest>;
