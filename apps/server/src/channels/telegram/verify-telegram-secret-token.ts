import { createHash, timingSafeEqual } from 'node:crypto';
import type { InboundRequest } from '../channel-adapter.ts';
import { webhookSecretPattern } from './telegram-secrets.ts';

const header = 'x-telegram-bot-api-secret-token';

/**
 * Checks `X-Telegram-Bot-Api-Secret-Token` against the account's webhook secret in constant time (digests of
 * equal length, so the secret's length does not leak). Fails closed: no valid secret configured → false.
 */
export function verifyTelegramSecretToken(
  webhookSecret: string | undefined,
  request: InboundRequest,
): boolean {
  if (webhookSecret === undefined || !webhookSecretPattern.test(webhookSecret)) return false;
  const entry = Object.entries(request.headers).find(([name]) => name.toLowerCase() === header)?.[1];
  const received = Array.isArray(entry) ? (entry.length === 1 ? entry[0] : undefined) : entry;
  if (received === undefined || received === '') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(webhookSecret));
}
