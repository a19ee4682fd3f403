import { verify } from 'node:crypto';
import type { GooglePlayFakeAnswer } from './google-play-error.ts';
import type { GooglePlayFakeState } from './google-play-fake-state.ts';

export const googlePlayJwtBearerGrant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const googlePlayScope = 'https://www.googleapis.com/auth/androidpublisher';

/** Google accepts assertions valid for at most an hour, with a few minutes of clock skew. */
const maxLifetimeSeconds = 3600;
const skewSeconds = 300;

const oauthError = (httpStatus: number, error: string, description: string): GooglePlayFakeAnswer => ({
  httpStatus,
  body: { error, error_description: description },
});

/**
 * The OAuth 2.0 token endpoint for service accounts (RFC 7523): `grant_type=…jwt-bearer&assertion=<JWT>`,
 * form-encoded. The JWT must be RS256, signed by a registered service account (`iss`), addressed to this
 * endpoint (`aud`), ask for the androidpublisher `scope` and live at most an hour around the wall clock.
 * Answers `{access_token, expires_in, token_type}` or Google's OAuth errors (`invalid_grant` …).
 */
export function handleGooglePlayTokenRequest(
  state: GooglePlayFakeState,
  rawBody: string,
): GooglePlayFakeAnswer {
  const form = new URLSearchParams(rawBody);
  const grantType = form.get('grant_type');
  if (grantType !== googlePlayJwtBearerGrant) {
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  }
  const assertion = form.get('assertion') ?? '';
  const parts = assertion.split('.');
  if (parts.length !== 3)
    return oauthError(400, 'invalid_grant', 'Invalid JWT: not a JWS compact serialization.');
  const [rawHeader = '', rawClaims = '', rawSignature = ''] = parts;
  const header = decodeJson(rawHeader);
  const claims = decodeJson(rawClaims);
  if (header === null || claims === null)
    return oauthError(400, 'invalid_grant', 'Invalid JWT: bad encoding.');
  if (header.alg !== 'RS256') return oauthError(400, 'invalid_grant', 'Invalid JWT: alg must be RS256.');
  const iss = typeof claims.iss === 'string' ? claims.iss : '';
  const publicKey = state.serviceAccounts.get(iss);
  if (!publicKey) return oauthError(400, 'invalid_grant', 'Invalid grant: account not found');
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${rawHeader}.${rawClaims}`),
    publicKey,
    Buffer.from(rawSignature, 'base64url'),
  );
  if (!signed) return oauthError(400, 'invalid_grant', 'Invalid JWT Signature.');
  if (claims.aud !== state.tokenUrl) {
    return oauthError(
      400,
      'invalid_grant',
      `Invalid JWT: Failed audience check. The right audience is ${state.tokenUrl}`,
    );
  }
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = claims;
  if (
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    exp <= iat ||
    exp - iat > maxLifetimeSeconds ||
    iat > now + skewSeconds ||
    exp < now - skewSeconds
  ) {
    return oauthError(
      400,
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(googlePlayScope)) {
    return oauthError(400, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
  }
  const { token, expiresIn } = state.issueToken(iss);
  return { httpStatus: 200, body: { access_token: token, expires_in: expiresIn, token_type: 'Bearer' } };
}

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
