import { SignJWT } from 'jose';
import { widgetSecret } from './test-server.ts';

/** Claims a host backend signs for the chat (docs/chat-protocol.md). */
export interface IdentityClaims {
  sub: string;
  phone?: string;
  email?: string;
  name?: string;
}

/**
 * Signs an identity token the way a host application's backend does: HS256 with the widget secret and an
 * expiry (`expiresIn` seconds from now; negative for an already expired token).
 */
export async function signIdentity(
  claims: IdentityClaims,
  options: { secret?: string; expiresIn?: number; alg?: 'HS256' | 'HS512' } = {},
): Promise<string> {
  const { sub, ...rest } = claims;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 600))
    .sign(new TextEncoder().encode(options.secret ?? widgetSecret));
}
