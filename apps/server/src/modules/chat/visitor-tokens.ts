import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const Claims = z.object({
  v: z.literal(2),
  vid: z.string().min(1).max(256),
  ep: z.number().int(),
  /** Expiry (seconds since the epoch): after it the token authenticates nothing. */
  exp: z.number().int(),
  /** Refresh horizon (seconds): until then an expired token may be exchanged for a new one. */
  rexp: z.number().int(),
});
export type VisitorClaims = z.infer<typeof Claims>;

/** What a token is worth at a given time. */
export type TokenCheck =
  | { status: 'valid'; claims: VisitorClaims }
  | { status: 'expired'; claims: VisitorClaims; refreshable: boolean }
  | { status: 'invalid' };

/**
 * Visitor tokens: `base64url(claims).base64url(HMAC-SHA256(secret, claims))`. Stateless, so any node can check
 * them; the visitor keeps the token in localStorage (widget) or the keychain (apps). A token lives `ttlSeconds`;
 * until `refreshSeconds` after it was issued it can be exchanged for a fresh one (sliding for anonymous visitors;
 * fixed for customers signed in by the host, see `issue`), later never.
 */
export class VisitorTokens {
  constructor(
    private readonly secret: string,
    private readonly lifetimes: { ttlSeconds: number; refreshSeconds: number } = {
      ttlSeconds: 3600,
      refreshSeconds: 30 * 24 * 3600,
    },
  ) {}

  private mac(body: string): string {
    return createHmac('sha256', `visitor:${this.secret}`).update(body).digest('base64url');
  }

  /**
   * A new token for the visitor, valid from `now`. With `rexp` the refresh horizon is kept (never moved on) and
   * the token does not outlive it: a customer signed in by the host's backend must come back with a fresh
   * identity token by then, so a stolen visitor token cannot be kept alive by refreshing it.
   */
  issue(claims: { vid: string; ep: number; rexp?: number }, now: Date): { token: string; expiresAt: Date } {
    const iat = Math.floor(now.getTime() / 1000);
    const rexp = claims.rexp ?? iat + Math.max(this.lifetimes.refreshSeconds, this.lifetimes.ttlSeconds);
    const full: VisitorClaims = {
      v: 2,
      vid: claims.vid,
      ep: claims.ep,
      exp: Math.min(iat + this.lifetimes.ttlSeconds, rexp),
      rexp,
    };
    const body = Buffer.from(JSON.stringify(full)).toString('base64url');
    return { token: `${body}.${this.mac(body)}`, expiresAt: new Date(full.exp * 1000) };
  }

  /** Checks the signature and shape, then the expiry against `now`. */
  check(token: string, now: Date): TokenCheck {
    const claims = this.verifySignature(token);
    if (!claims) return { status: 'invalid' };
    const seconds = now.getTime() / 1000;
    if (seconds < claims.exp) return { status: 'valid', claims };
    return { status: 'expired', claims, refreshable: seconds < claims.rexp };
  }

  /** The claims of an authentic token (whatever its expiry), or null for anything forged or malformed. */
  private verifySignature(token: string): VisitorClaims | null {
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
