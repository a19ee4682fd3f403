import { createHmac } from 'node:crypto';

/**
 * The `X-Hub-Signature-256` header value Meta sends: `sha256=<hex HMAC-SHA256(app secret, raw body)>`.
 *
 * @example signWhatsAppBody('app-secret', Buffer.from('{}')) // 'sha256=…' (71 characters)
 */
export function signWhatsAppBody(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
