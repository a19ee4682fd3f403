import { ChannelError } from '../../lib/errors.ts';
import type { ChannelAccountContext, ChannelAdapter, InboundRequest } from '../channel-adapter.ts';
import { callViberApi, type ViberApiTarget } from './call-viber-api.ts';
import { checkViberAccount } from './check-viber-account.ts';
import { fetchViberMedia } from './fetch-viber-media.ts';
import { parseViberCallback } from './parse-viber-callback.ts';
import { readViberJson } from './read-viber-json.ts';
import { sendViberMessage } from './send-viber-message.ts';
import { toViberChannelError } from './to-viber-channel-error.ts';
import { ViberConfig } from './viber-config.ts';
import { viberEventKey } from './viber-event-key.ts';
import { ViberSecrets } from './viber-secrets.ts';
import { verifyViberSignature } from './verify-viber-signature.ts';

/** The callbacks Frontline handles besides `message` and `webhook`, which Viber always sends. */
const eventTypes = ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'];

type Account = ChannelAccountContext<ViberConfig, ViberSecrets>;

/**
 * Viber REST Bot API channel (docs/channels.md: Viber): raw `fetch` against `config.apiRoot`, callbacks signed with the
 * auth token, 64-bit `message_token`s kept as exact decimal strings end to end (`readViberJson`). Each bot is
 * its own channel account; Viber user ids are per bot. Files cannot be sent (see `sendViberMessage`).
 *
 * @example await viberAdapter.connect({ id: 1, name: 'Support', config: { apiRoot, senderName: 'Support' }, secrets, webhookUrl })
 */
export const viberAdapter: ChannelAdapter<ViberConfig, ViberSecrets> = {
  kind: 'viber',
  configSchema: ViberConfig,
  secretsSchema: ViberSecrets,
  capabilities: {
    text: true,
    // Viber takes files only by public URL and Frontline keeps files private: attachments go as a notice.
    attachments: false,
    maxTextLength: 7000,
    typing: false,
    readReceipts: true,
    deliveryReceipts: true,
    buttons: true,
    // A share-phone button whose answer the parser attests (see telegramReplyMarkup / viberSharePhoneKeyboard).
    requestPhone: true,
    customerStream: false,
  },
  // Viber documents no per-second limit, only 100 messages per user per hour without a reply (status 12).
  // These are conservative choices: about one message a second to one customer with a small burst for
  // split texts, and 30/s per bot like other chat APIs; status 12 / HTTP 429 are retried after a minute.
  // The 24-hour session of free replies; send_message takes no idempotency key.
  delivery: { giveUpAfterMs: 24 * 60 * 60_000, idempotent: false },
  rateLimits: { perAccount: { perSecond: 30, burst: 30 }, perRecipient: { perSecond: 1, burst: 3 } },

  async connect(account) {
    const target = targetOf(account);
    const info = await callViberApi(target, 'get_account_info');
    if (!info.ok) throw toViberChannelError(info, 'get_account_info');
    // Viber calls the URL right away with a `webhook` event and fails unless it gets 200: the channel row
    // exists before connect() runs, so our webhook route answers it.
    const set = await callViberApi(target, 'set_webhook', {
      url: account.webhookUrl,
      event_types: eventTypes,
      send_name: true,
      send_photo: true,
    });
    if (!set.ok) throw toViberChannelError(set, 'set_webhook');
    return checkViberAccount(target, account.webhookUrl);
  },

  async disconnect(account) {
    const answer = await callViberApi(targetOf(account), 'set_webhook', { url: '' });
    if (!answer.ok) throw toViberChannelError(answer, 'set_webhook');
  },

  async health(account) {
    return checkViberAccount(targetOf(account), account.webhookUrl);
  },

  async send(account, message) {
    return sendViberMessage(targetOf(account), account.config, message);
  },

  webhook: {
    verify(account, request) {
      return verifyViberSignature(account.secrets.authToken, request);
    },
    eventKey(_account, request) {
      try {
        return viberEventKey(request.rawBody);
      } catch (error) {
        throw malformed('it is not a Viber callback with an event', error);
      }
    },
  },

  parse(_account, request) {
    const body = readJson(request);
    try {
      return parseViberCallback(body);
    } catch (error) {
      throw malformed('its shape is not a Viber callback', error);
    }
  },

  async fetchMedia(account, media) {
    // The configured API root (a fake, a proxy) may serve media from a private address; nothing else may.
    return fetchViberMedia(media, {
      trustedOrigins: [new URL(account.config.apiRoot).origin],
    });
  },
};

function readJson(request: InboundRequest): unknown {
  try {
    return readViberJson(request.rawBody);
  } catch (error) {
    throw malformed('it is not JSON', error);
  }
}

const malformed = (why: string, cause?: unknown) =>
  new ChannelError('VIBER_MALFORMED_CALLBACK', `Viber webhook body rejected: ${why}`, {
    retryable: false,
    cause,
  });

function targetOf(account: Account): ViberApiTarget {
  return { apiRoot: account.config.apiRoot, authToken: account.secrets.authToken, fetch: account.fetch };
}
