import { errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';

/** The claims a host backend signs; anything else in the token is ignored. */
const IdentityClaims = z.object({
  sub: z.string().min(1).max(200),
  exp: z.number().int(),
  phone: z.string().max(32).optional(),
  email: z.string().email().max(320).optional(),
  name: z.string().max(200).optional(),
});
export type IdentityClaims = z.infer<typeof IdentityClaims>;

/**
 * Verifies the identity token a host application's backend signed for its signed-in customer: a JWT, HS256 with
 * the widget secret, with `sub` (the customer's id in the host system) and `exp`; every claim used (phone, e-mail,
 * name) is covered by the signature. Throws `CHAT_IDENTITY_EXPIRED` or `CHAT_IDENTITY_INVALID` (401).
 */
export async function verifyIdentityToken(
  widgetSecret: string,
  token: string,
  now: Date,
): Promise<IdentityClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(widgetSecret), {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
      currentDate: now,
      clockTolerance: 30,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new AppError(
        'CHAT_IDENTITY_EXPIRED',
        'the identity token has expired: have your backend sign a fresh one (exp a few minutes ahead)',
      );
    }
    const reason = error instanceof errors.JOSEError ? error.code : 'malformed';
    throw new AppError(
      'CHAT_IDENTITY_INVALID',
      `the identity token is not valid (${reason}): sign a JWT with HS256, the widget secret, sub and exp`,
    );
  }
  const claims = IdentityClaims.safeParse(payload);
  if (!claims.success) {
    const issues = claims.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('CHAT_IDENTITY_INVALID', `the identity token's claims are not valid: ${issues}`);
  }
  return claims.data;
}
