import { z } from 'zod';

/** Telegram's alphabet for `secret_token` (echoed in `X-Telegram-Bot-Api-Secret-Token`). */
export const webhookSecretPattern = /^[A-Za-z0-9_-]{1,256}$/;

/** Secret settings of a Telegram account: the BotFather token and our webhook secret. */
export const TelegramSecrets = z.object({
  botToken: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'a BotFather token looks like 123456789:AAH…'),
  webhookSecret: z.string().regex(webhookSecretPattern, '1–256 characters of A–Z, a–z, 0–9, _ and -'),
});
export type TelegramSecrets = z.infer<typeof TelegramSecrets>;
