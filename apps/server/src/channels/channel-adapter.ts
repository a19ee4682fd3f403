import type { ChannelCapabilities, ChannelKind, MessageTemplate } from '@frontline/shared';
import type { z } from 'zod';
import type { RateLimit } from '../lib/token-bucket.ts';

/** What an adapter needs to send one message. */
export interface OutboundMessage {
  messageId: number;
  text: string;
  attachments: Array<{ id: string; filename: string; contentType: string; size: number; path: string }>;
  /** The customer's id on this channel (chat id, phone, address, visitor id …). */
  recipientExternalId: string;
  /** Idempotency key for providers that accept one. */
  idempotencyKey: string;
  /** An approved template to send instead of `text` (which then holds its rendered body, for the timeline). */
  template?: { name: string; language: string; params: string[] };
}

export interface SendResult {
  /** The provider's id for the sent message (unique per channel account). */
  externalId: string;
}

/** A raw inbound HTTP request as the webhook route hands it to an adapter: bytes exactly as received. */
export interface InboundRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

/** A connected channel account as adapters see it: validated config and decrypted secrets. */
export interface ChannelAccountContext<Config = unknown> {
  id: number;
  name: string;
  config: Config;
  secrets: Record<string, string>;
  /** Where the provider must POST webhooks for this account (`PUBLIC_URL/webhooks/<kind>/<id>`). */
  webhookUrl: string;
}

/** A provider file to fetch after the webhook was acknowledged. */
export interface MediaRef {
  /** The provider's handle (Telegram file_id, WhatsApp media id …). */
  providerRef: string;
  filename: string | null;
  contentType: string | null;
  size: number | null;
}

/** The customer as the provider describes them (attested contact points only when the provider attests). */
export interface InboundIdentity {
  externalId: string;
  displayName?: string | null;
  verifiedBy?: string | null;
  contactPoints?: Array<{ kind: 'phone' | 'email'; value: string; attestedBy: string | null }>;
}

/** What one webhook request means, parsed purely from its bytes. */
export type InboundEvent =
  | {
      type: 'message';
      /** Unique per channel account (Telegram: `<chat id>:<message id>`). */
      externalMessageId: string;
      identity: InboundIdentity;
      text: string;
      media: MediaRef[];
      /** An edit of an earlier message (stored as a new timeline entry marked edited). */
      edited: boolean;
    }
  | {
      type: 'status';
      externalMessageId: string;
      status: 'sent' | 'delivered' | 'read' | 'failed';
      reason: string | null;
    }
  | { type: 'reachability'; externalId: string; reachable: boolean; reason: string }
  | { type: 'ignored'; reason: string };

/** Health of a connected account, shown in the admin UI. */
export interface ChannelHealth {
  ok: boolean;
  detail: string;
  checkedAt: string;
}

export interface FetchedMedia {
  bytes: Buffer;
  filename: string;
  contentType: string | null;
}

/**
 * The contract every channel implements (DESIGN.md). The core never branches on `kind`:
 * what differs between channels is here, as code or as data (`capabilities`).
 * Methods throw `ChannelError` (from lib/errors.ts) with `retryable` set when the provider says no or cannot be reached.
 */
export interface ChannelAdapter<Config = unknown> {
  kind: ChannelKind;
  /** Non-secret settings (e.g. the provider's API base URL, for fakes). */
  configSchema: z.ZodType<Config>;
  /** Secret settings: write-only in the API, encrypted at rest, never logged. */
  secretsSchema: z.ZodType<Record<string, string>>;
  capabilities: ChannelCapabilities & {
    /** The customer reads our own event stream (web chat, in-app SDK): customer-audience events are written. */
    customerStream: boolean;
  };
  /** Outbound pacing the provider expects, per account (bot/number) and per recipient. */
  rateLimits?: { perAccount?: RateLimit; perRecipient?: RateLimit };
  // Method syntax on purpose: lets every adapter stand in the registry as ChannelAdapter<unknown>.
  /** Register with the provider (e.g. setWebhook) and report health. */
  connect(account: ChannelAccountContext<Config>): Promise<ChannelHealth>;
  disconnect(account: ChannelAccountContext<Config>): Promise<void>;
  health(account: ChannelAccountContext<Config>): Promise<ChannelHealth>;
  /** Deliver one outbound message; throws `ChannelError` (retryable or not) on failure. */
  send(account: ChannelAccountContext<Config>, message: OutboundMessage): Promise<SendResult>;
  /** Webhook-driven channels. */
  webhook?: {
    /**
     * GET verification handshake (WhatsApp `hub.challenge`): the body to answer with, or null to refuse (403).
     * No signature is checked on it (it carries none).
     */
    handshake?(account: ChannelAccountContext<Config>, query: Record<string, string>): string | null;
    /** Fail-closed authenticity check over the raw bytes (constant time). False without a configured secret. */
    verify(account: ChannelAccountContext<Config>, request: InboundRequest): boolean;
    /** The provider's idempotency key of this request (Telegram `update_id`): a redelivery is stored once. */
    eventKey(account: ChannelAccountContext<Config>, request: InboundRequest): string;
    /** Pure: what the request means. Throws on malformed bodies (they stay stored for inspection). */
    parse(account: ChannelAccountContext<Config>, request: InboundRequest): InboundEvent[];
  };
  /** Approved templates of this account (channels with a reply window). */
  templates?(account: ChannelAccountContext<Config>): MessageTemplate[];
  /** Download a provider file referenced by an inbound message. */
  fetchMedia?(account: ChannelAccountContext<Config>, media: MediaRef): Promise<FetchedMedia>;
}
