import { z } from 'zod';
import { ErrorBody } from './api.ts';
import {
  ChatAck,
  ChatClientFrame,
  ChatEvent,
  ChatHistoryResponse,
  ChatMessage,
  ChatSendRequest,
  ChatServerFrame,
  ChatTokenResponse,
  PreChatProblem,
  PreChatRequest,
  PreChatResponse,
  StartChatRequest,
  StartChatResponse,
} from './chat-protocol.ts';
import { EntryPoint } from './domain.ts';

/** What the client sends is described as accepted (defaults optional), what the server sends as sent. */
const sentByClient = { ChatClientFrame, ChatSendRequest, PreChatRequest, StartChatRequest };
const sentByServer = {
  ChatServerFrame,
  ChatEvent,
  ChatMessage,
  ChatAck,
  ChatHistoryResponse,
  StartChatResponse,
  ChatTokenResponse,
  PreChatResponse,
  PreChatProblem,
  EntryPoint,
  ErrorBody,
};

/**
 * The customer chat protocol as one JSON Schema document (draft 2020-12), generated from the zod schemas: each
 * frame and body under `$defs`. Published as `docs/chat-protocol.schema.json` for clients in other languages;
 * refinements that JSON Schema cannot state (e.g. "text or an attachment") are described in docs/chat-protocol.md.
 */
export function chatProtocolJsonSchema(): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  const add = (name: string, schema: z.ZodType, io: 'input' | 'output') => {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
    defs[name] = rest;
  };
  for (const [name, schema] of Object.entries(sentByClient)) add(name, schema, 'input');
  for (const [name, schema] of Object.entries(sentByServer)) add(name, schema, 'output');
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Frontline customer chat protocol',
    description:
      'Frames of WS /api/v1/chat/ws and bodies of /api/v1/chat/*; see docs/chat-protocol.md. Generated from packages/shared/src/chat-protocol.ts: do not edit by hand (npm run schema -w packages/shared).',
    $defs: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))),
  };
}
