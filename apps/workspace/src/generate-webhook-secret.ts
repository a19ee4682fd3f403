/** The 64-character alphabet Telegram (and most providers) accept in a webhook secret token. */
export const webhookSecretAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * A random webhook secret of `length` characters from `[A-Za-z0-9_-]`, drawn with
 * `crypto.getRandomValues` (64 symbols, so `byte & 63` is uniform: no modulo bias).
 * @example generateWebhookSecret() // → 'q3W_…' (32 characters)
 */
export function generateWebhookSecret(
  length = 32,
  randomBytes: (size: number) => Uint8Array = (size) => crypto.getRandomValues(new Uint8Array(size)),
): string {
  return [...randomBytes(length)].map((byte) => webhookSecretAlphabet.charAt(byte & 63)).join('');
}
