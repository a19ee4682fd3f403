import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundRequest } from '../channel-adapter.ts';
import { ViberSecrets } from './viber-secrets.ts';

const header = 'x-viber-content-signature';

/**
 * Checks `X-Viber-Content-Signature` = hex HMAC-SHA256(auth token, raw body) in constant time. Fails closed:
 * no valid auth token configured, no header, or a header that is not 64 hex digits → false.
 */
export function verifyViberSignature(authToken: string | undefined, request: InboundRequest): boolean {
  if (!ViberSecrets.safeParse({ authToken }).success || authToken === undefined) return false;
  const entry = Object.entries(request.headers).find(([name]) => name.toLowerCase() === header)?.[1];
  const received = Array.isArray(entry) ? (entry.length === 1 ? entry[0] : undefined) : entry;
  if (received === undefined || !/^[0-9a-f]{64}$/i.test(received)) return false;
  const expected = createHmac('sha256', authToken).update(request.rawBody).digest();
  return timingSafeEqual(Buffer.from(received, 'hex'), expected);
}
