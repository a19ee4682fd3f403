import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import type { ChannelHealth } from '../channel-adapter.ts';
import { callTelegramApi, type TelegramApiTarget } from './call-telegram-api.ts';
import { toTelegramChannelError } from './to-telegram-channel-error.ts';

const WebhookInfo = z.object({
  url: z.string(),
  pending_update_count: z.number().int(),
  last_error_date: z.number().int().optional(),
  last_error_message: z.string().optional(),
});

/** An error newer than this makes the account unhealthy. */
const recentErrorMs = 10 * 60 * 1000;

/**
 * Health from `getWebhookInfo` (failure mode F11, docs/channels.md): healthy when Telegram pushes to our URL
 * and reported no recent delivery error; the detail names the URL Telegram uses, the pending update count and
 * the last error.
 */
export async function checkTelegramWebhook(
  target: TelegramApiTarget,
  expectedUrl: string,
  /** Only to tell whether Telegram's last delivery error is recent (the core stamps the check's time). */
  now: Date = new Date(),
): Promise<ChannelHealth> {
  try {
    const answer = await callTelegramApi(target, 'getWebhookInfo');
    if (!answer.ok) throw toTelegramChannelError(answer, 'getWebhookInfo');
    const info = WebhookInfo.parse(answer.result);
    const facts = [`pending_update_count=${info.pending_update_count}`];
    const recentError =
      info.last_error_date !== undefined && now.getTime() - info.last_error_date * 1000 < recentErrorMs;
    if (info.last_error_date !== undefined) {
      const at = new Date(info.last_error_date * 1000).toISOString();
      facts.push(`last_error_message="${info.last_error_message ?? ''}" at ${at}`);
    }
    // Another system's webhook URL may carry the bot token (Chatwoot style): never show it.
    const url = info.url.split(target.token).join('<bot token>');
    if (info.url === '') {
      return {
        ok: false,
        detail: ['webhook is not set: Telegram delivers nothing', ...facts].join('; '),
      };
    }
    if (info.url !== expectedUrl) {
      const detail = [`webhook points to ${url}, expected ${expectedUrl}: reconnect the channel`, ...facts];
      return { ok: false, detail: detail.join('; ') };
    }
    if (recentError) {
      return {
        ok: false,
        detail: ['Telegram cannot deliver to the webhook', ...facts].join('; '),
      };
    }
    return { ok: true, detail: ['webhook set', ...facts].join('; ') };
  } catch (error) {
    if (error instanceof ChannelError) return { ok: false, detail: error.message };
    throw error;
  }
}
