import { ChannelError } from '../../lib/errors.ts';
import type { TelegramCallResult } from './call-telegram-api.ts';

type TelegramFailure = Extract<TelegramCallResult, { ok: false }>;

export const tokenRejectedMessage = 'bot token rejected by Telegram: re-enter it in Channel settings';

/**
 * Classifies a Bot API error (docs/channels.md: Telegram): throttled and transient → retryable; the customer blocked the
 * bot, unknown chat, bad request and rejected token → permanent, with a message the operator can act on.
 */
export function toTelegramChannelError(failure: TelegramFailure, method: string): ChannelError {
  const { errorCode, description } = failure;
  if (errorCode === 429) {
    const seconds = failure.retryAfterSeconds ?? 1;
    return new ChannelError(
      'TELEGRAM_RATE_LIMITED',
      `Telegram rate limit hit (${method}): retry after ${seconds} s`,
      {
        retryable: true,
        retryAfterMs: seconds * 1000,
      },
    );
  }
  if (errorCode === 401)
    return new ChannelError('TELEGRAM_TOKEN_REJECTED', tokenRejectedMessage, { retryable: false });
  if (errorCode === 403) {
    if (/blocked|deactivated|can't initiate|kicked/i.test(description)) {
      return new ChannelError('TELEGRAM_BLOCKED', `the customer blocked the bot (Telegram: ${description})`, {
        retryable: false,
      });
    }
    return new ChannelError('TELEGRAM_FORBIDDEN', `Telegram refused ${method}: ${description}`, {
      retryable: false,
    });
  }
  if (errorCode === 400 && /chat not found/i.test(description)) {
    return new ChannelError(
      'TELEGRAM_CHAT_NOT_FOUND',
      'Telegram does not know this chat: the customer must message the bot first',
      { retryable: false },
    );
  }
  if (errorCode === 400 && /file is too big/i.test(description)) {
    return new ChannelError(
      'TELEGRAM_FILE_TOO_BIG',
      'files over 20 MB cannot be fetched from Telegram: ask the customer to send it another way',
      { retryable: false },
    );
  }
  if (errorCode >= 500) {
    return new ChannelError('TELEGRAM_UNAVAILABLE', `Telegram is unavailable (${method}): ${description}`, {
      retryable: true,
    });
  }
  if (errorCode === 409) {
    return new ChannelError('TELEGRAM_CONFLICT', `Telegram conflict (${method}): ${description}`, {
      retryable: false,
    });
  }
  return new ChannelError('TELEGRAM_BAD_REQUEST', `Telegram rejected ${method}: ${description}`, {
    retryable: false,
  });
}
