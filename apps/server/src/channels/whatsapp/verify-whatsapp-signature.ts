import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundRequest } from '../channel-adapter.ts';

const header = 'x-hub-signature-256';
const format = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>` over the bytes exactly as
 * received (Meta escapes non-ASCII as `\uXXXX`: a re-serialised body would not match), in constant time.
 * Fails closed: no app secret configured, no header, or a malformed header → false (failure mode F8,
 * docs/channels.md).
 *
 * @example verifyWhatsAppSignature(appSecret, { rawBody, headers: { 'x-hub-signature-256': 'sha256=…' } }) // true
 */
export function verifyWhatsAppSignature(appSecret: string | undefined, request: InboundRequest): boolean {
  if (appSecret === undefined || appSecret === '') return false;
  const entry = Object.entries(request.headers).find(([name]) => name.toLowerCase() === header)?.[1];
  const received = Array.isArray(entry) ? (entry.length === 1 ? entry[0] : undefined) : entry;
  const hex = received === undefined ? undefined : format.exec(received.trim())?.[1];
  if (hex === undefined) return false;
  const expected = createHmac('sha256', appSecret).update(request.rawBody).digest();
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}
