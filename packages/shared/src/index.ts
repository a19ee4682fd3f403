export * from './channel-kind.ts';
export * from './message-status.ts';
export * from './domain.ts';
export * from './api.ts';
export * from './realtime.ts';
export * from './chat-protocol.ts';
export * from './failed-raw-event.ts';
