import type { ChannelCapabilities, ChannelKind, MessageNotice, MessageTemplate } from '@frontline/shared';
import type { z } from 'zod';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { RateLimit } from '../lib/token-bucket.ts';
import type { ProviderFetch } from './call-provider.ts';

/**
 * How the dispatcher retries replies on a channel (documented per channel in docs/delivery.md).
 * Retryable failures back off exponentially (capped at 5 minutes) until `giveUpAfterMs`.
 */
export interface DeliveryPolicy {
  /**
   * How long after a reply was written it is still retried: long enough to ride out a provider outage of
   * an hour or more, bounded by how long the reply still makes sense (a messenger's reply window). After
   * it the reply fails with the last error.
   */
  giveUpAfterMs: number;
  /**
   * Whether sending the same reply twice is harmless (the provider replaces it, or folds it by its id): a
   * lost answer is then retried like any transient failure. Otherwise a reply whose answer was lost (the
   * request may have been carried out) is sent at most once more, so the customer gets at most one copy extra.
   */
  idempotent: boolean;
}

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
  /**
   * The conversation this reply belongs to, for channels that thread (e-mail): the case, the subject of
   * the customer's message being answered, and the provider ids of the conversation's messages, oldest first.
   */
  thread?: { caseId: number; subject: string | null; inReplyTo: string | null; references: string[] };
  /** E-mail: the subject the operator wrote (instead of `Re:` the answered one; the case tag is still added). */
  subject?: string;
  /** E-mail: addresses in copy. */
  cc?: string[];
  /** Sent by automation, not by a person (e-mail marks it `Auto-Submitted` so other robots do not answer). */
  automated?: boolean;
  /**
   * Quick-reply button labels (1–10, each ≤ 64 characters, distinct), only for adapters with
   * `capabilities.buttons`. Shown under the message (the last part of a split text); the customer's tap must
   * come back as an inbound `message` event whose `text` is the label. A provider limit the labels exceed
   * is a permanent `ChannelError` naming the limit.
   */
  buttons?: string[];
  /**
   * Ask the customer for their phone (only for adapters with `capabilities.requestPhone`): the message
   * carries one button, labelled `label`, that shares the customer's own number, which comes back as an
   * inbound message whose identity has the attested phone (Telegram `request_contact`, Viber `share-phone`).
   */
  phoneRequest?: { label: string };
  /**
   * The customer was asked for their phone by the last message before this one that could have carried a
   * keyboard: take the share-phone keyboard away with this message (Telegram `remove_keyboard`; Viber drops
   * it by itself on a message without one).
   */
  endsPhoneRequest?: boolean;
  /**
   * The attempt's deadline (the dispatcher aborts it after its send timeout, or when the platform stops):
   * pass it to every provider call, so a call that hangs ends as a retryable error instead of holding on.
   */
  signal?: AbortSignal;
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

/**
 * A connected channel account as adapters see it: its config and decrypted secrets, each parsed once with the
 * adapter's own schema when the account was loaded (modules/channels/channel-accounts.ts), so adapters read
 * them typed and never re-validate them.
 */
export interface ChannelAccountContext<Config = unknown, Secrets = unknown> {
  id: number;
  name: string;
  config: Config;
  secrets: Secrets;
  /** Where the provider must POST webhooks for this account (`PUBLIC_URL/webhooks/<kind>/<id>`). */
  webhookUrl: string;
  /** A key for this account only, derived from the platform secret: signs reply tokens the adapter issues. */
  tokenKey: Buffer;
  /**
   * The `fetch` every provider API call of this account goes through (`callProvider`): the one handed to the
   * composition root (`createFrontline({ fetch })`), or the global one when absent. Media downloads keep
   * their own guarded client (`fetchProviderMedia`).
   */
  fetch?: ProviderFetch | undefined;
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
  /**
   * Other external ids the provider may use for the same person on this account (a Brazilian wa_id with
   * and without the ninth digit: failure mode F7, docs/channels.md): an identity found under one of them is
   * this identity.
   */
  aliases?: string[];
}

/**
 * The outcome of checking a sender's claimed address: `attested` (its contact point is attested),
 * `unattested` (the check ran and did not prove it), `error` (the check could not run: DNS failure,
 * timeout; fail-closed, the sender stays unattested and the message is stored all the same).
 */
export interface SenderCheck {
  method: 'dmarc';
  result: 'attested' | 'unattested' | 'error';
  /** Why, for the log (may name domains, never secrets). */
  detail: string;
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
      /**
       * What the adapter said inside `text` (shared phone, sticker, location …), structured, in the order their
       * English lines appear in `text` (build both with `noticeLine`).
       */
      notices?: MessageNotice[];
      /** An edit of an earlier message (stored as a new timeline entry marked edited). */
      edited: boolean;
      /** Files carried inside the event itself (e-mail attachments): stored without a fetch. */
      files?: FetchedMedia[];
      /** The message's own subject (e-mail), kept per message. */
      subject?: string | null;
      /**
       * The customer's language as the provider reports it (the primary subtag, `primaryLanguage`): routing
       * adds `languageSkills[language]` to a new case's required skills. Absent when the provider does not say.
       */
      language?: string | null;
      /**
       * What this message answers: provider ids it refers to (In-Reply-To, References), nearest first, and a
       * case named by a verified reply token. The core continues that case if it is the sender's own.
       * `continueLatest`: the sender's most recent case continues even if resolved (an edited review).
       */
      thread?: { references: string[]; caseId: number | null; continueLatest?: boolean };
      /** Why this is an automatic message (auto-reply, list, bulk): stored and flagged, never auto-answered. */
      automated?: string | null;
      /** The whole text when `text` is the reply with quotes stripped (shown on demand). */
      fullText?: string | null;
      /**
       * A provider handle to answer once the message is stored (Telegram: the `callback_query` id of a
       * button tap, so the customer's button stops spinning). Handed to the adapter's `acknowledge`.
       */
      acknowledgeRef?: string;
      /**
       * How the adapter checked that the sender is who the message says (e-mail: DMARC on an aligned DKIM
       * signature), when it checks at all: counted, and an `error` logged, by the inbound processor. The
       * identity's contact points already say the outcome (`attestedBy`).
       */
      senderCheck?: SenderCheck;
    }
  | {
      type: 'status';
      externalMessageId: string;
      status: 'sent' | 'delivered' | 'read' | 'failed';
      reason: string | null;
    }
  | { type: 'reachability'; externalId: string; reachable: boolean; reason: string }
  | {
      /**
       * The customer's id on this account changed (WhatsApp `user_changed_number`): the identity moves to
       * `newExternalId` (its history stays), takes the attested `contactPoints`, and `note` is written into
       * the customer's case for the operator (its English line as the text, the notice itself structured).
       */
      type: 'identity-moved';
      externalId: string;
      newExternalId: string;
      contactPoints?: Array<{ kind: 'phone' | 'email'; value: string; attestedBy: string | null }>;
      note: MessageNotice;
    }
  | {
      /** The provider reported a problem with the account itself (WhatsApp `value.errors`): shown as its health. */
      type: 'channel-problem';
      detail: string;
    }
  | {
      type: 'ignored';
      /** What was dropped and why, for the log and the Channels screen (may name ids). */
      reason: string;
      /**
       * A short stable label (`status`, `unsupported_update`, `other_number` …): the metric label and the
       * key the Channels screen counts by. Without it the event counts as `unspecified`.
       */
      code?: string;
    };

/**
 * Health of a connected account as an adapter or receiver finds it, shown on the Channels screen. Facts only:
 * the core stamps when it was checked with its own clock (`ChannelAdmin.recordHealth`).
 */
export interface ChannelHealth {
  ok: boolean;
  detail: string;
}

export interface FetchedMedia {
  bytes: Buffer;
  filename: string;
  contentType: string | null;
}

/** How a pushed channel's provider reaches us: `POST /webhooks/<kind>/<id>` (and a GET handshake). */
export interface ChannelWebhook<Config = unknown, Secrets = unknown> {
  /**
   * GET verification handshake (WhatsApp `hub.challenge`): the body to answer with, or null to refuse (403).
   * No signature is checked on it (it carries none).
   */
  handshake?(account: ChannelAccountContext<Config, Secrets>, query: Record<string, string>): string | null;
  /** Fail-closed authenticity check over the raw bytes (constant time). False without a configured secret. */
  verify(account: ChannelAccountContext<Config, Secrets>, request: InboundRequest): boolean;
  /** The provider's idempotency key of this request (Telegram `update_id`): a redelivery is stored once. */
  eventKey(account: ChannelAccountContext<Config, Secrets>, request: InboundRequest): string;
}

/**
 * The contract every channel implements (README, Architecture). The core never branches on `kind`:
 * what differs between channels is here, as code or as data (`capabilities`).
 * Methods throw `ChannelError` (from lib/errors.ts) with `retryable` set when the provider says no or cannot be reached.
 *
 * `Config` and `Secrets` are what `configSchema` and `secretsSchema` produce: the core parses them once per
 * account and hands them typed to every method. `Settings` is what `settingsSchema` produces from the
 * platform's configuration (config.ts): only this adapter's receiver gets them.
 */
export interface ChannelAdapter<Config = unknown, Secrets = unknown, Settings = unknown> {
  kind: ChannelKind;
  /** Non-secret settings (e.g. the provider's API base URL, for fakes). */
  configSchema: z.ZodType<Config>;
  /** Secret settings: write-only in the API, encrypted at rest, never logged. */
  secretsSchema: z.ZodType<Secrets>;
  /**
   * The platform settings this channel needs (e-mail: the SMTP listener's port, host and mail size limit),
   * validated from its slice of the configuration (`Config.channels[kind]`) and handed to its receiver only.
   */
  settingsSchema?: z.ZodType<Settings>;
  capabilities: ChannelCapabilities & {
    /** The customer reads our own event stream (web chat, in-app SDK): customer-audience events are written. */
    customerStream: boolean;
  };
  /** How replies on this channel are retried (see `DeliveryPolicy`). */
  delivery: DeliveryPolicy;
  /** Outbound pacing the provider expects, per account (bot/number) and per recipient. */
  rateLimits?: { perAccount?: RateLimit; perRecipient?: RateLimit };
  // Method syntax on purpose: lets every adapter stand in the registry as ChannelAdapter<unknown>.
  /** Register with the provider (e.g. setWebhook) and report health. */
  connect(account: ChannelAccountContext<Config, Secrets>): Promise<ChannelHealth>;
  disconnect(account: ChannelAccountContext<Config, Secrets>): Promise<void>;
  health(account: ChannelAccountContext<Config, Secrets>): Promise<ChannelHealth>;
  /** Deliver one outbound message; throws `ChannelError` (retryable or not) on failure. */
  send(account: ChannelAccountContext<Config, Secrets>, message: OutboundMessage): Promise<SendResult>;
  /**
   * What a stored raw event means (a webhook body, or what a receiver accepted): pure, but for the
   * e-mail adapter's DNS lookups of its sender check. The inbound processor calls it after the event was
   * stored and acknowledged, outside any transaction. Every channel with a `webhook` or a `receiver` has
   * it; web chat has neither (its gateway stores customers' messages itself).
   */
  parse?(
    account: ChannelAccountContext<Config, Secrets>,
    request: InboundRequest,
  ): InboundEvent[] | Promise<InboundEvent[]>;
  /**
   * Pushed channels only (Telegram, WhatsApp, Viber): how the webhook route checks and keys a request. A kind
   * without it takes no webhooks (the route answers 404 `CHANNEL_TAKES_NO_WEBHOOKS`); web chat has its own gateway.
   */
  webhook?: ChannelWebhook<Config, Secrets>;
  /**
   * Channels that fetch instead of being pushed to (IMAP mailboxes, an SMTP listener, review polling):
   * one receiver per kind, started with the platform. It hands raw events to `env.accept`, which stores
   * each once (then `parse` runs on it like on a webhook body), and keeps its position in `env.cursors`.
   */
  receiver?: { start(env: ReceiverEnv<Config, Secrets, Settings>): Promise<ChannelReceiver> };
  /**
   * The automatic first answer to a case the customer opens on this account (e-mail: "we received your
   * request #{case}"), or null. Never sent to automatic mail, at most once a day per customer.
   */
  autoAcknowledgement?(account: ChannelAccountContext<Config, Secrets>): string | null;
  /** Approved templates of this account (channels with a reply window). */
  templates?(account: ChannelAccountContext<Config, Secrets>): MessageTemplate[];
  /** Download a provider file referenced by an inbound message. */
  fetchMedia?(account: ChannelAccountContext<Config, Secrets>, media: MediaRef): Promise<FetchedMedia>;
  /**
   * Tell the provider an inbound message was taken (a side effect after the webhook was acknowledged):
   * called by the inbound processor once for each newly stored message event that carries an
   * `acknowledgeRef`, never for a redelivered one. Best effort: a failure is logged, never retried.
   *
   * @example await telegramAdapter.acknowledge?.(account, '4382bfdwdsb323b2d9') // answerCallbackQuery
   */
  acknowledge?(account: ChannelAccountContext<Config, Secrets>, ref: string): Promise<void>;
}

/** What a receiver may use: the connected accounts of its kind, durable intake, cursors, its settings. */
export interface ReceiverEnv<Config = unknown, Secrets = unknown, Settings = unknown> {
  /** Connected (not disabled) accounts of this kind, as of now, with their parsed config and secrets. */
  accounts(): Array<ChannelAccountContext<Config, Secrets>>;
  /**
   * Whether this node runs per-account pollers (IMAP readers, review polling): exactly one node of a
   * cluster does; pushed traffic (an SMTP listener) runs everywhere. `refresh` is called when it changes.
   */
  pollsHere(): boolean;
  /**
   * Store one raw event durably under its idempotency key (a second copy is a no-op) and schedule its
   * processing; resolves once it is committed, so a receiver may then acknowledge it (SMTP 250, IMAP cursor).
   */
  accept(accountId: number, eventKey: string, raw: Buffer): Promise<void>;
  /** Per-account positions (IMAP UIDVALIDITY + last UID, a review page token), kept in the store. */
  cursors: {
    get(accountId: number, name: string): Promise<string | null>;
    set(accountId: number, name: string, value: string): Promise<void>;
  };
  /**
   * Record what the admin must see on the Channels screen (e.g. reviews aged out unseen): the core stamps
   * the time it was checked.
   */
  reportHealth(accountId: number, health: ChannelHealth): Promise<void>;
  logger: Logger;
  clock: Clock;
  /** This channel's own platform settings (its adapter's `settingsSchema`), e.g. the SMTP listening port. */
  settings: Settings;
}

/** A running receiver. `refresh` is called after an account of its kind was connected or disconnected. */
export interface ChannelReceiver {
  refresh(): Promise<void>;
  stop(): Promise<void>;
}
