export { ChatClient } from './chat-client.ts';
export type {
  ChatClientEvents,
  ChatClientOptions,
  ConnectionState,
  OutboxItem,
  WebSocketCtor,
  WebSocketLike,
} from './chat-client.ts';
export { ChatError } from './chat-error.ts';
export type { ChatClientErrorCode } from './chat-error.ts';
export { fetchEntryPoints } from './fetch-entry-points.ts';
export { createMemoryStorage } from './memory-storage.ts';
export type { StorageLike } from './memory-storage.ts';
export { chatAttachmentLimits } from './wire-schemas.ts';
export type {
  Attachment,
  ChatAck,
  ChatMessage,
  EntryPoint,
  MessageStatus,
  SignedIdentity,
  StartChatResponse,
} from '@frontline/shared';
