import { createHash, timingSafeEqual } from 'node:crypto';

/** Meta's challenge is a number; anything else is not echoed back (no reflected content). */
const challengeFormat = /^[A-Za-z0-9._-]{1,256}$/;

/**
 * The GET verification handshake (docs/channels.md: WhatsApp): `hub.mode=subscribe` and a `hub.verify_token` equal to
 * ours (constant time) → the `hub.challenge` to answer with; otherwise null (the route answers 403).
 * No signature is involved: Meta sends none on this GET.
 *
 * @example answerWhatsAppHandshake('my-verify-token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'my-verify-token', 'hub.challenge': '1158201444' }) // '1158201444'
 */
export function answerWhatsAppHandshake(
  verifyToken: string | undefined,
  query: Record<string, string>,
): string | null {
  if (verifyToken === undefined || verifyToken === '') return null;
  const challenge = query['hub.challenge'];
  const received = query['hub.verify_token'];
  if (query['hub.mode'] !== 'subscribe' || received === undefined || challenge === undefined) return null;
  if (!challengeFormat.test(challenge)) return null;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(verifyToken)) ? challenge : null;
}
