import { createHash } from 'node:crypto';
import { ViberCallbackHead } from './viber-callback-schema.ts';
import { readViberJson } from './read-viber-json.ts';

/**
 * The idempotency key of a callback: `<event>:<message_token>` with the token as its exact decimal string
 * (so `delivered` and `seen` of one message stay apart and a redelivery is stored once), or
 * `<event>:sha256:<hex of the raw body>` for callbacks without a token. Throws on a body that is not one.
 *
 * @example viberEventKey(Buffer.from('{"event":"seen","message_token":5843910012345679000}')) // 'seen:5843910012345679000'
 */
export function viberEventKey(rawBody: Buffer): string {
  const head = ViberCallbackHead.parse(readViberJson(rawBody));
  if (head.message_token !== undefined) return `${head.event}:${head.message_token}`;
  return `${head.event}:sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}
