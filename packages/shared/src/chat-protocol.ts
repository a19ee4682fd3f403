import { z } from 'zod';
import { EntryPoint, Attachment } from './domain.ts';
import { MessageStatus } from './message-status.ts';

/**
 * The customer chat protocol (web widget and in-app SDK). See docs/chat-protocol.md.
 */

/**
 * The start of a chat. A signed-in customer comes with `identityToken`: a JWT the host application's backend
 * signs (HS256 with the widget secret) over `sub` (its id for the customer), `exp` and whatever it vouches for
 * (`phone`, `email`, `name`). Only what is inside the token is attested and may join the customer's other
 * conversations; `name`, `phone` and `email` beside it are the visitor's own word, kept for display only.
 */
export const StartChatRequest = z.object({
  entryPoint: z.string().min(1).max(64),
  visitorToken: z.string().max(512).optional(),
  identityToken: z.string().min(1).max(4096).optional(),
  /** The former `{id, hash}` identity signed the id only: refused with `CHAT_IDENTITY_INVALID`. */
  identity: z.unknown().optional(),
  name: z.string().max(200).optional(),
  phone: z.string().max(32).optional(),
  email: z.string().email().max(320).optional(),
  locale: z.enum(['ru', 'en']).optional(),
});
export type StartChatRequest = z.infer<typeof StartChatRequest>;

/** A field of an entry point's pre-chat form. */
export const PreChatField = z.object({
  key: z.enum(['name', 'phone', 'email']),
  required: z.boolean(),
});
export type PreChatField = z.infer<typeof PreChatField>;

export const StartChatResponse = z.object({
  visitorToken: z.string(),
  visitorId: z.string(),
  /** When `visitorToken` expires (ISO 8601): refresh it before (`POST /chat/sessions/refresh`). */
  expiresAt: z.string(),
  entryPoint: EntryPoint,
  verified: z.boolean(),
  /** The entry point's pre-chat form, while this visitor has not answered it: show it before the chat. */
  pendingPreChat: z.object({ fields: z.array(PreChatField) }).optional(),
  /**
   * The entry point's business hours now (docs/routing.md): out of hours the widget says so and still takes
   * the message; `opensAt` is the next opening (null: open now, or no opening ahead).
   */
  hours: z.object({ open: z.boolean(), opensAt: z.string().nullable() }).optional(),
});
export type StartChatResponse = z.infer<typeof StartChatResponse>;

/**
 * `POST /chat/pre-chat`: the visitor's answers to the pre-chat form, as typed (the server normalises the phone
 * to E.164). Stored as the visitor's own word (unattested): shown to the operator, never used to link customers.
 */
export const PreChatRequest = z
  .object({
    name: z.string().max(1000).optional(),
    phone: z.string().max(1000).optional(),
    email: z.string().max(1000).optional(),
  })
  .strict();
export type PreChatRequest = z.infer<typeof PreChatRequest>;

/** What was stored: the name, the phone in E.164 and the e-mail in lower case (null: not given). */
export const PreChatResponse = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});
export type PreChatResponse = z.infer<typeof PreChatResponse>;

/** `PRE_CHAT_INVALID` details: one entry per field that was refused. */
export const PreChatProblem = z.object({
  field: z.enum(['name', 'phone', 'email']),
  problem: z.enum(['required', 'invalid', 'too_long', 'unexpected']),
});
export type PreChatProblem = z.infer<typeof PreChatProblem>;

/** A fresh visitor token for the same visitor (`POST /chat/sessions/refresh`). */
export const ChatTokenResponse = z.object({ visitorToken: z.string(), expiresAt: z.string() });
export type ChatTokenResponse = z.infer<typeof ChatTokenResponse>;

/** A message as the customer sees it. `seq` is the stream cursor. */
export const ChatMessage = z.object({
  id: z.number().int(),
  direction: z.enum(['in', 'out']),
  text: z.string(),
  attachments: z.array(Attachment),
  status: MessageStatus,
  clientMsgId: z.string().nullable(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatSendRequest = z
  .object({
    clientMsgId: z.string().min(8).max(64),
    text: z.string().max(4000).default(''),
    attachmentIds: z.array(z.string().max(64)).max(5).default([]),
  })
  .refine((m) => m.text.trim().length > 0 || m.attachmentIds.length > 0, {
    message: 'a message needs text or an attachment',
    path: ['text'],
  });
export type ChatSendRequest = z.input<typeof ChatSendRequest>;

/** Acknowledgement of a durably stored customer message. The message itself arrives as a stream event too. */
export const ChatAck = z.object({ clientMsgId: z.string(), messageId: z.number().int() });
export type ChatAck = z.infer<typeof ChatAck>;

/** Durable customer stream items: replayed after `since`. */
export const ChatEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), message: ChatMessage }),
  z.object({ type: z.literal('status'), messageId: z.number().int(), status: MessageStatus }),
  /**
   * The customer's place in the queue, as servers before the ephemeral `queue.position` frame stored it: still
   * accepted in a replayed history (same fields and meaning as that frame).
   */
  z.object({
    type: z.literal('queue.position'),
    caseId: z.number().int(),
    position: z.number().int().min(1).nullable(),
    waitMinutes: z.number().int().min(1).nullable(),
  }),
]);
export type ChatEvent = z.infer<typeof ChatEvent>;

export const ChatHistoryResponse = z.object({
  items: z.array(z.object({ seq: z.number().int(), event: ChatEvent })),
  cursor: z.number().int(),
});
export type ChatHistoryResponse = z.infer<typeof ChatHistoryResponse>;

/** Client → server WebSocket frames. */
export const ChatClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), message: ChatSendRequest }),
  z.object({ type: z.literal('typing') }),
  z.object({ type: z.literal('read'), upToMessageId: z.number().int() }),
  z.object({ type: z.literal('ping') }),
  /** A refreshed visitor token for this connection (same visitor): the socket lives on past the old expiry. */
  z.object({ type: z.literal('token'), token: z.string().max(512) }),
]);
export type ChatClientFrame = z.input<typeof ChatClientFrame>;

/** Server → client WebSocket frames. */
export const ChatServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), cursor: z.number().int() }),
  z.object({ type: z.literal('event'), seq: z.number().int(), event: ChatEvent }),
  z.object({ type: z.literal('ack'), ack: ChatAck }),
  z.object({ type: z.literal('typing'), who: z.literal('operator') }),
  /**
   * The customer's place in the queue while their case waits (1: next) and the estimated wait in whole
   * minutes (null: no estimate yet); both null once the case is taken: stop showing it. Ephemeral (never
   * replayed): sent when the stream is ready and whenever it changes, at most every few seconds.
   */
  z.object({
    type: z.literal('queue.position'),
    caseId: z.number().int(),
    position: z.number().int().min(1).nullable(),
    waitMinutes: z.number().int().min(1).nullable(),
  }),
  z.object({
    type: z.literal('error'),
    code: z.string(),
    message: z.string(),
    clientMsgId: z.string().optional(),
    /** With `RATE_LIMITED` and `STORE_UNAVAILABLE`: when the same message may be sent again. */
    retryAfterMs: z.number().int().optional(),
  }),
  z.object({ type: z.literal('pong') }),
]);
export type ChatServerFrame = z.infer<typeof ChatServerFrame>;

/** Attachment limits for customers (the server enforces them on sniffed bytes, not on the declared type). */
export const chatAttachmentLimits = {
  maxBytes: 10 * 1024 * 1024,
  allowedTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'],
} as const;
