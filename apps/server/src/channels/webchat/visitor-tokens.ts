import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const Claims = z.object({ v: z.literal(1), vid: z.string().min(1).max(256), ep: z.number().int() });
export type VisitorClaims = z.infer<typeof Claims>;

/**
 * Visitor tokens: `base64url(claims).base64url(HMAC-SHA256(secret, claims))`. Stateless, so any node
 * can check them; the visitor keeps the token in localStorage (widget) or the keychain (apps).
 */
export class VisitorTokens {
  constructor(private readonly secret: string) {}

  private mac(body: string): string {
    return createHmac('sha256', `visitor:${this.secret}`).update(body).digest('base64url');
  }

  issue(claims: Omit<VisitorClaims, 'v'>): string {
    const body = Buffer.from(JSON.stringify({ v: 1, ...claims })).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The claims of a valid token, or null for anything forged, truncated or malformed. */
  verify(token: string): VisitorClaims | null {
    const [body, sig, extra] = token.split('.');
    if (!body || !sig || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const parsed = Claims.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}

/** Checks `hash = hex(HMAC-SHA256(widgetSecret, id))` from the host application's backend, in constant time. */
export function verifyIdentityHash(widgetSecret: string, id: string, hash: string): boolean {
  const expected = Buffer.from(createHmac('sha256', widgetSecret).update(id).digest('hex'));
  const given = Buffer.from(hash.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
