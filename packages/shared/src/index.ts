export * from './channel-kind.ts';
export * from './message-status.ts';
export * from './domain.ts';
export * from './api.ts';
export * from './realtime.ts';
export * from './chat-protocol.ts';
export * from './error-codes.ts';
export * from './message-notice.ts';
