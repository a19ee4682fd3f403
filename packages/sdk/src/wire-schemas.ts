import * as z from 'zod/mini';

/**
 * Parsers and types for everything the chat server sends to a customer client, written with `zod/mini`, and
 * the types of what the client sends. Self-contained, so the published package needs nothing but `zod`.
 *
 * Why a mirror of the server's schemas (`@frontline/shared`): the web widget bundles this SDK, and classic `zod`
 * adds ~90 KB gzip to a bundle whose budget is 30 KB; `zod/mini` adds ~7 KB. Drift is caught twice:
 * `test/wire-schemas.test.ts` checks each type equal to the shared one (compile time) and runs the same fixtures
 * through both (run time).
 */

export const MessageStatus = z.enum(['received', 'queued', 'sent', 'delivered', 'read', 'failed']);
/** `received` → `read` (customer messages), `queued` → `sent` → `delivered` → `read` (replies), `failed`. */
export type MessageStatus = z.infer<typeof MessageStatus>;

export const Attachment = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.int(),
  url: z.string(),
});
/** An uploaded file; render `url` only when it resolves to `http(s):`. */
export type Attachment = z.infer<typeof Attachment>;

export const EntryPoint = z.object({
  id: z.int(),
  slug: z.string(),
  nameRu: z.string(),
  nameEn: z.string(),
  queueId: z.int(),
});
/** A topic the customer may pick (it decides the queue). */
export type EntryPoint = z.infer<typeof EntryPoint>;

export const EntryPointList = z.array(EntryPoint);

export const PreChatField = z.object({
  key: z.enum(['name', 'phone', 'email']),
  required: z.boolean(),
});
/** A question of the entry point's pre-chat form. */
export type PreChatField = z.infer<typeof PreChatField>;

export const StartChatResponse = z.object({
  visitorToken: z.string(),
  visitorId: z.string(),
  expiresAt: z.string(),
  entryPoint: EntryPoint,
  verified: z.boolean(),
  pendingPreChat: z.optional(z.object({ fields: z.array(PreChatField) })),
  hours: z.optional(z.object({ open: z.boolean(), opensAt: z.nullable(z.string()) })),
});
/** The session: the visitor token (and when it expires), the visitor, whether the identity was verified. */
export type StartChatResponse = z.infer<typeof StartChatResponse>;

export const PreChatResponse = z.object({
  name: z.nullable(z.string()),
  phone: z.nullable(z.string()),
  email: z.nullable(z.string()),
});
/** The pre-chat answers as stored (the phone in E.164). */
export type PreChatResponse = z.infer<typeof PreChatResponse>;

/** `POST /api/v1/chat/pre-chat` body: the answers as typed. */
export interface PreChatRequest {
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

export const ChatTokenResponse = z.object({ visitorToken: z.string(), expiresAt: z.string() });
export type ChatTokenResponse = z.infer<typeof ChatTokenResponse>;

export const ChatMessage = z.object({
  id: z.int(),
  direction: z.enum(['in', 'out']),
  text: z.string(),
  attachments: z.array(Attachment),
  status: MessageStatus,
  clientMsgId: z.nullable(z.string()),
  authorName: z.nullable(z.string()),
  createdAt: z.string(),
});
/** A message as the customer sees it: their own (`in`) or an operator's reply (`out`). */
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), message: ChatMessage }),
  z.object({ type: z.literal('status'), messageId: z.int(), status: MessageStatus }),
  z.object({
    type: z.literal('queue.position'),
    caseId: z.int(),
    position: z.nullable(z.int().check(z.minimum(1))),
    waitMinutes: z.nullable(z.int().check(z.minimum(1))),
  }),
]);
export type ChatEvent = z.infer<typeof ChatEvent>;

export const ChatAck = z.object({ clientMsgId: z.string(), messageId: z.int() });
/** The server stored a message durably. */
export type ChatAck = z.infer<typeof ChatAck>;

export const ChatHistoryResponse = z.object({
  items: z.array(z.object({ seq: z.int(), event: ChatEvent })),
  cursor: z.int(),
});
export type ChatHistoryResponse = z.infer<typeof ChatHistoryResponse>;

export const ChatServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), cursor: z.int() }),
  z.object({ type: z.literal('event'), seq: z.int(), event: ChatEvent }),
  z.object({ type: z.literal('ack'), ack: ChatAck }),
  z.object({ type: z.literal('typing'), who: z.literal('operator') }),
  z.object({
    type: z.literal('queue.position'),
    caseId: z.int(),
    position: z.nullable(z.int().check(z.minimum(1))),
    waitMinutes: z.nullable(z.int().check(z.minimum(1))),
  }),
  z.object({
    type: z.literal('error'),
    code: z.string(),
    message: z.string(),
    clientMsgId: z.optional(z.string()),
    retryAfterMs: z.optional(z.int()),
  }),
  z.object({ type: z.literal('pong') }),
]);
export type ChatServerFrame = z.infer<typeof ChatServerFrame>;

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.optional(z.unknown()) }),
});

/** `POST /api/v1/chat/sessions` body (see docs/chat-protocol.md). */
export interface StartChatRequest {
  entryPoint: string;
  visitorToken?: string | undefined;
  /** A JWT your backend signed (HS256, widget secret) over `sub`, `exp` and the phone / e-mail / name it vouches for. */
  identityToken?: string | undefined;
  /** The removed `{id, hash}` form; the server refuses it. */
  identity?: unknown;
  /** The visitor's own word (unsigned): shown to the operator, never used to link conversations. */
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  locale?: 'ru' | 'en' | undefined;
}

/** A message the client sends (`message` frame, `POST /chat/messages`). */
export interface ChatSendRequest {
  clientMsgId: string;
  text?: string | undefined;
  attachmentIds?: string[] | undefined;
}

/** Client → server WebSocket frames. */
export type ChatClientFrame =
  | { type: 'message'; message: ChatSendRequest }
  | { type: 'typing' }
  | { type: 'read'; upToMessageId: number }
  | { type: 'ping' }
  | { type: 'token'; token: string };

/** Mirror of `chatAttachmentLimits` from `@frontline/shared` (checked equal by a test). */
export const chatAttachmentLimits = {
  maxBytes: 10 * 1024 * 1024,
  allowedTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'],
} as const;
