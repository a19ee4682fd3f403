import { createSign } from 'node:crypto';
import type { ServiceAccountKey } from './google-play-secrets.ts';

/** The OAuth scope of the Google Play Developer API. */
export const androidPublisherScope = 'https://www.googleapis.com/auth/androidpublisher';

/** Google accepts assertions that live at most an hour. */
const lifetimeSeconds = 3600;

/**
 * The JWT a service account presents to Google's token endpoint (RFC 7523): RS256 over
 * `{"iss":client_email,"scope","aud":tokenUrl,"iat","exp"}`, signed with the key file's private key.
 *
 * @example signServiceAccountJwt(key, { tokenUrl: 'https://oauth2.googleapis.com/token', nowSeconds: 1763900000 }) // 'eyJhbGciOiJSUzI1NiIs…'
 */
export function signServiceAccountJwt(
  key: ServiceAccountKey,
  options: { tokenUrl: string; nowSeconds: number; scope?: string },
): string {
  const header = { alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) };
  const claims = {
    iss: key.client_email,
    scope: options.scope ?? androidPublisherScope,
    aud: options.tokenUrl,
    iat: options.nowSeconds,
    exp: options.nowSeconds + lifetimeSeconds,
  };
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key.private_key, 'base64url');
  return `${unsigned}.${signature}`;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
