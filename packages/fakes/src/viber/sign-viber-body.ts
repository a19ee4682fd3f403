import { createHmac } from 'node:crypto';

/**
 * `X-Viber-Content-Signature`: hex HMAC-SHA256 of the raw body, keyed with the bot's auth token.
 *
 * @example signViberBody('445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9', rawBody) // '9d3941b3…'
 */
export function signViberBody(authToken: string, rawBody: string | Buffer): string {
  return createHmac('sha256', authToken).update(rawBody).digest('hex');
}
