export { ChatClient } from './chat-client.ts';
export type {
  ChatClientEvents,
  ChatClientOptions,
  ConnectionState,
  OutboxItem,
  QueueState,
  WebSocketCtor,
  WebSocketLike,
} from './chat-client.ts';
export { ChatError } from './chat-error.ts';
export type { ChatClientErrorCode } from './chat-error.ts';
export { fetchEntryPoints } from './fetch-entry-points.ts';
export { createMemoryStorage } from './memory-storage.ts';
export type { AsyncStorageLike, StorageLike } from './memory-storage.ts';
export { randomId } from './random-id.ts';
export { chatAttachmentLimits } from './wire-schemas.ts';
export type {
  Attachment,
  ChatAck,
  ChatClientFrame,
  ChatEvent,
  ChatMessage,
  ChatSendRequest,
  ChatServerFrame,
  ChatTokenResponse,
  EntryPoint,
  MessageStatus,
  PreChatField,
  PreChatRequest,
  PreChatResponse,
  StartChatRequest,
  StartChatResponse,
} from './wire-schemas.ts';
