import * as z from 'zod/mini';
import type {
  Attachment as AttachmentT,
  ChatAck as ChatAckT,
  ChatHistoryResponse as ChatHistoryResponseT,
  ChatServerFrame as ChatServerFrameT,
  EntryPoint as EntryPointT,
  ErrorBody as ErrorBodyT,
  StartChatResponse as StartChatResponseT,
} from '@frontline/shared';

/**
 * Parsers for everything the chat server sends to a customer client, written with `zod/mini`.
 *
 * Why a mirror of `@frontline/shared`: the web widget bundles this SDK, and classic `zod` (as used by the
 * shared schemas) adds ~90 KB gzip to a bundle whose budget is 30 KB; `zod/mini` adds ~7 KB. Drift is
 * caught twice: each schema is annotated with the shared *type* (compile time), and
 * `test/wire-schemas.test.ts` runs the same fixtures through both (run time).
 * Only `import type` from `@frontline/shared` here: a value import would pull classic zod into the bundle.
 */

const MessageStatus = z.enum(['received', 'queued', 'sent', 'delivered', 'read', 'failed']);

export const Attachment: z.ZodMiniType<AttachmentT> = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.int(),
  url: z.string(),
});

export const EntryPointList: z.ZodMiniType<EntryPointT[]> = z.array(
  z.object({ id: z.int(), slug: z.string(), nameRu: z.string(), nameEn: z.string(), queueId: z.int() }),
);

export const StartChatResponse: z.ZodMiniType<StartChatResponseT> = z.object({
  visitorToken: z.string(),
  visitorId: z.string(),
  entryPoint: z.object({
    id: z.int(),
    slug: z.string(),
    nameRu: z.string(),
    nameEn: z.string(),
    queueId: z.int(),
  }),
  verified: z.boolean(),
});

const ChatMessage = z.object({
  id: z.int(),
  direction: z.enum(['in', 'out']),
  text: z.string(),
  attachments: z.array(Attachment),
  status: MessageStatus,
  clientMsgId: z.nullable(z.string()),
  authorName: z.nullable(z.string()),
  createdAt: z.string(),
});

const ChatEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), message: ChatMessage }),
  z.object({ type: z.literal('status'), messageId: z.int(), status: MessageStatus }),
]);

export const ChatAck: z.ZodMiniType<ChatAckT> = z.object({
  clientMsgId: z.string(),
  messageId: z.int(),
});

export const ChatHistoryResponse: z.ZodMiniType<ChatHistoryResponseT> = z.object({
  items: z.array(z.object({ seq: z.int(), event: ChatEvent })),
  cursor: z.int(),
});

export const ChatServerFrame: z.ZodMiniType<ChatServerFrameT> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), cursor: z.int() }),
  z.object({ type: z.literal('event'), seq: z.int(), event: ChatEvent }),
  z.object({ type: z.literal('ack'), ack: ChatAck }),
  z.object({ type: z.literal('typing'), who: z.literal('operator') }),
  z.object({
    type: z.literal('error'),
    code: z.string(),
    message: z.string(),
    clientMsgId: z.optional(z.string()),
  }),
  z.object({ type: z.literal('pong') }),
]);

export const ErrorBody: z.ZodMiniType<ErrorBodyT> = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.optional(z.unknown()) }),
});

/** Mirror of `chatAttachmentLimits` from `@frontline/shared` (checked equal by a test). */
export const chatAttachmentLimits = {
  maxBytes: 10 * 1024 * 1024,
  allowedTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'],
} as const;
