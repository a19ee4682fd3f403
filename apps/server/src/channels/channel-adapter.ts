import type { ChannelCapabilities, ChannelKind } from '@frontline/shared';
import type { z } from 'zod';

/** What an adapter needs to send one message. */
export interface OutboundMessage {
  messageId: number;
  text: string;
  attachments: Array<{ id: string; filename: string; contentType: string; size: number; path: string }>;
  /** The customer's id on this channel (chat id, phone, address, visitor id …). */
  recipientExternalId: string;
  /** Idempotency key for providers that accept one. */
  idempotencyKey: string;
}

export interface SendResult {
  /** The provider's id for the sent message (unique per channel account). */
  externalId: string;
}

/** A verified, raw inbound request as the HTTP layer hands it to an adapter. */
export interface InboundRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

/** A connected channel account as adapters see it. */
export interface ChannelAccountContext<Config = unknown> {
  id: number;
  name: string;
  config: Config;
  secrets: Record<string, string>;
}

/**
 * The contract every channel implements (DESIGN.md). The core never branches on `kind`:
 * what differs between channels is here, as code or as data (`capabilities`).
 */
export interface ChannelAdapter<Config = unknown> {
  kind: ChannelKind;
  /** Non-secret settings; fields listed in `secretFields` are write-only and encrypted at rest. */
  configSchema: z.ZodType<Config>;
  secretFields: readonly string[];
  capabilities: ChannelCapabilities & {
    /** The customer reads our own event stream (web chat, in-app SDK): customer-audience events are written. */
    customerStream: boolean;
  };
  // Method syntax on purpose: lets every adapter stand in the registry as ChannelAdapter<unknown>.
  connect(account: ChannelAccountContext<Config>): Promise<void>;
  disconnect(account: ChannelAccountContext<Config>): Promise<void>;
  /** Fail-closed check of an inbound webhook (signature over raw bytes). Channels without webhooks return true. */
  verify(account: ChannelAccountContext<Config>, request: InboundRequest): boolean;
  /** Deliver one outbound message; throws `ChannelError` (retryable or not) on failure. */
  send(account: ChannelAccountContext<Config>, message: OutboundMessage): Promise<SendResult>;
}
