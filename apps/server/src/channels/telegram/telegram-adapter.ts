import { ChannelError } from '../../lib/errors.ts';
import type { ChannelAccountContext, ChannelAdapter, InboundRequest } from '../channel-adapter.ts';
import { callTelegramApi, type TelegramApiTarget } from './call-telegram-api.ts';
import { checkTelegramWebhook } from './check-telegram-webhook.ts';
import { fetchTelegramMedia } from './fetch-telegram-media.ts';
import { parseTelegramUpdate } from './parse-telegram-update.ts';
import { sendTelegramMessage } from './send-telegram-message.ts';
import { TelegramConfig } from './telegram-config.ts';
import { TelegramSecrets } from './telegram-secrets.ts';
import { toTelegramChannelError } from './to-telegram-channel-error.ts';
import { verifyTelegramSecretToken } from './verify-telegram-secret-token.ts';
import { z } from 'zod';

/** The updates Frontline handles; Telegram does not send the others. */
const allowedUpdates = ['message', 'edited_message', 'callback_query', 'my_chat_member'];

type Account = ChannelAccountContext<TelegramConfig, TelegramSecrets>;

/**
 * Telegram Bot API channel (docs/channels.md: Telegram): webhook with `secret_token`, plain `fetch` against
 * `config.apiRoot`, files uploaded as multipart. Each bot is its own channel account; ids are scoped per chat.
 *
 * @example await telegramAdapter.connect({ id: 1, name: 'Support bot', config: { apiRoot }, secrets, webhookUrl })
 */
export const telegramAdapter: ChannelAdapter<TelegramConfig, TelegramSecrets> = {
  kind: 'telegram',
  configSchema: TelegramConfig,
  secretsSchema: TelegramSecrets,
  capabilities: {
    text: true,
    attachments: true,
    maxTextLength: 4096,
    typing: true,
    readReceipts: false,
    deliveryReceipts: false,
    buttons: true,
    // A share-phone button whose answer the parser attests (see telegramReplyMarkup / viberSharePhoneKeyboard).
    requestPhone: true,
    customerStream: false,
  },
  // Bot FAQ: about 30 messages/s per bot, and no more than about one per second in one chat.
  // No reply window: a day of retries rides out any outage; no idempotency key for sends.
  delivery: { giveUpAfterMs: 24 * 60 * 60_000, idempotent: false },
  rateLimits: { perAccount: { perSecond: 30, burst: 30 }, perRecipient: { perSecond: 1, burst: 1 } },

  async connect(account) {
    const target = targetOf(account);
    const me = await callTelegramApi(target, 'getMe');
    if (!me.ok) throw toTelegramChannelError(me, 'getMe');
    const set = await callTelegramApi(target, 'setWebhook', {
      url: account.webhookUrl,
      secret_token: account.secrets.webhookSecret,
      allowed_updates: allowedUpdates,
    });
    if (!set.ok) throw toTelegramChannelError(set, 'setWebhook');
    return checkTelegramWebhook(target, account.webhookUrl);
  },

  async disconnect(account) {
    const answer = await callTelegramApi(targetOf(account), 'deleteWebhook');
    if (!answer.ok) throw toTelegramChannelError(answer, 'deleteWebhook');
  },

  async health(account) {
    return checkTelegramWebhook(targetOf(account), account.webhookUrl);
  },

  async send(account, message) {
    return sendTelegramMessage(targetOf(account), message);
  },

  webhook: {
    verify(account, request) {
      return verifyTelegramSecretToken(account.secrets.webhookSecret, request);
    },
    eventKey(_account, request) {
      const parsed = UpdateId.safeParse(readJson(request));
      if (!parsed.success) throw malformed('it has no numeric update_id');
      return String(parsed.data.update_id);
    },
  },

  parse(_account, request) {
    const body = readJson(request);
    try {
      return parseTelegramUpdate(body);
    } catch (error) {
      throw malformed('its shape is not a Telegram update', error);
    }
  },

  async fetchMedia(account, media) {
    return fetchTelegramMedia(targetOf(account), media);
  },

  /** Answers the callback query of a button tap (`ref` = its id): the customer's button stops spinning. */
  async acknowledge(account, ref) {
    const answer = await callTelegramApi(
      targetOf(account),
      'answerCallbackQuery',
      { callback_query_id: ref },
      { timeoutMs: 5000 },
    );
    if (!answer.ok) throw toTelegramChannelError(answer, 'answerCallbackQuery');
  },
};

const UpdateId = z.object({ update_id: z.number().int().nonnegative() });

function readJson(request: InboundRequest): unknown {
  try {
    return JSON.parse(request.rawBody.toString('utf8')) as unknown;
  } catch (error) {
    throw malformed('it is not JSON', error);
  }
}

const malformed = (why: string, cause?: unknown) =>
  new ChannelError('TELEGRAM_MALFORMED_UPDATE', `Telegram webhook body rejected: ${why}`, {
    retryable: false,
    cause,
  });

function targetOf(account: Account): TelegramApiTarget {
  return { apiRoot: account.config.apiRoot, token: account.secrets.botToken, fetch: account.fetch };
}
