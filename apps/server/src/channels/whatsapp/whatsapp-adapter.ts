import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import type { ChannelAccountContext, ChannelAdapter, InboundRequest } from '../channel-adapter.ts';
import { answerWhatsAppHandshake } from './answer-whatsapp-handshake.ts';
import type { GraphTarget } from './call-graph-api.ts';
import { checkWhatsAppNumber } from './check-whatsapp-number.ts';
import { fetchWhatsAppMedia } from './fetch-whatsapp-media.ts';
import { parseWhatsAppWebhook } from './parse-whatsapp-webhook.ts';
import { sendWhatsAppMessage } from './send-whatsapp-message.ts';
import { verifyWhatsAppSignature } from './verify-whatsapp-signature.ts';
import { WhatsAppConfig } from './whatsapp-config.ts';
import { WhatsAppSecrets } from './whatsapp-secrets.ts';

type Account = ChannelAccountContext<WhatsAppConfig, WhatsAppSecrets>;

/**
 * WhatsApp Cloud API channel (docs/channels.md: WhatsApp): one business phone number per channel account, plain `fetch`
 * against `config.graphRoot`, webhooks signed with the app secret (`X-Hub-Signature-256`, verified over the raw
 * bytes) and the GET `hub.challenge` handshake answered with our verify token. The admin sets the callback URL
 * (`webhookUrl`) and verify token in the Meta App dashboard; `connect` checks the token and number id.
 *
 * Customers are keyed by `wa_id` (their number, also stored as a WhatsApp-attested phone contact point), or by
 * their BSUID (`US.…`) when WhatsApp sends no number; replies go to `to` or `recipient` accordingly.
 *
 * @example await whatsappAdapter.connect({ id: 3, name: 'WhatsApp', config: { graphRoot, apiVersion: 'v21.0', phoneNumberId }, secrets, webhookUrl })
 */
export const whatsappAdapter: ChannelAdapter<WhatsAppConfig, WhatsAppSecrets> = {
  kind: 'whatsapp',
  configSchema: WhatsAppConfig,
  secretsSchema: WhatsAppSecrets,
  capabilities: {
    text: true,
    attachments: true,
    maxTextLength: 4096,
    typing: false,
    readReceipts: true,
    deliveryReceipts: true,
    buttons: true,
    customerStream: false,
    // Free-form messages only within 24 h of the customer's last message; then approved templates only.
    replyWindowHours: 24,
  },
  // 80 messages/s per number by default (130429); pair rate about 1 message per 6 s to one user (131056).
  // Bounded by the 24-hour customer service window; Cloud API sends take no idempotency key.
  delivery: { giveUpAfterMs: 24 * 60 * 60_000, idempotent: false },
  rateLimits: { perAccount: { perSecond: 80, burst: 80 }, perRecipient: { perSecond: 1 / 6, burst: 1 } },

  templates(account) {
    return account.config.templates;
  },

  async connect(account) {
    return checkWhatsAppNumber(targetOf(account), account.config.phoneNumberId, account.webhookUrl);
  },

  async disconnect() {
    // Nothing to call: the callback URL belongs to the Meta app, and our webhook route refuses disabled channels.
  },

  async health(account) {
    try {
      return await checkWhatsAppNumber(targetOf(account), account.config.phoneNumberId, account.webhookUrl);
    } catch (error) {
      if (error instanceof ChannelError) {
        return { ok: false, detail: error.message };
      }
      throw error;
    }
  },

  async send(account, message) {
    const { phoneNumberId, listButtonLabel } = account.config;
    return sendWhatsAppMessage(targetOf(account), phoneNumberId, message, { listButtonLabel });
  },

  webhook: {
    handshake(account, query) {
      return answerWhatsAppHandshake(account.secrets.verifyToken, query);
    },
    verify(account, request) {
      return verifyWhatsAppSignature(account.secrets.appSecret, request);
    },
    /**
     * Meta sends no event id: the SHA-256 of the raw bytes makes identical redeliveries one raw event; a
     * message repeated in a different body is deduplicated by its wamid, a unique external id (failure modes
     * F1 and F2, docs/channels.md).
     */
    eventKey(_account, request) {
      const parsed = Envelope.safeParse(readJson(request));
      if (!parsed.success) throw malformed('it is not a WhatsApp Business Account webhook');
      return createHash('sha256').update(request.rawBody).digest('hex');
    },
  },

  parse(account, request) {
    const body = readJson(request);
    try {
      return parseWhatsAppWebhook(body, { phoneNumberId: account.config.phoneNumberId });
    } catch (error) {
      throw malformed('its shape is not a WhatsApp webhook', error);
    }
  },

  async fetchMedia(account, media) {
    return fetchWhatsAppMedia(targetOf(account), media);
  },
};

const Envelope = z.object({ object: z.string(), entry: z.array(z.unknown()) });

function readJson(request: InboundRequest): unknown {
  try {
    return JSON.parse(request.rawBody.toString('utf8')) as unknown;
  } catch (error) {
    throw malformed('it is not JSON', error);
  }
}

const malformed = (why: string, cause?: unknown) =>
  new ChannelError('WHATSAPP_MALFORMED_WEBHOOK', `WhatsApp webhook body rejected: ${why}`, {
    retryable: false,
    cause,
  });

function targetOf(account: Account): GraphTarget {
  const { graphRoot, apiVersion } = account.config;
  return { graphRoot, apiVersion, accessToken: account.secrets.accessToken, fetch: account.fetch };
}
