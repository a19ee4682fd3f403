import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import { callProvider, type ProviderFetch } from '../call-provider.ts';
import type { ServiceAccountKey } from './google-play-secrets.ts';
import { signServiceAccountJwt } from './sign-service-account-jwt.ts';

const TokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const OAuthError = z.object({ error: z.string(), error_description: z.string().optional() });

/**
 * Exchanges a signed service-account JWT for an access token at `tokenUrl`
 * (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`). A rejected key (HTTP 400/401 `invalid_grant`,
 * `invalid_client` …) → `GOOGLE_PLAY_UNAUTHENTICATED`, not retryable, with Google's reason; unreachable or
 * HTTP 5xx → `GOOGLE_PLAY_UNAVAILABLE`, retryable. Neither the JWT nor the token appear in messages.
 *
 * @example await fetchGoogleAccessToken(key, { tokenUrl, nowMs: Date.now() }) // { accessToken: 'ya29.…', expiresAtMs: 1763903599000 }
 */
export async function fetchGoogleAccessToken(
  key: ServiceAccountKey,
  options: { tokenUrl: string; nowMs: number; fetch?: ProviderFetch | undefined },
): Promise<{ accessToken: string; expiresAtMs: number }> {
  const assertion = signServiceAccountJwt(key, {
    tokenUrl: options.tokenUrl,
    nowSeconds: Math.floor(options.nowMs / 1000),
  });
  const res = await callProvider({
    url: options.tokenUrl,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
    fetch: options.fetch,
    unreachable: { code: 'GOOGLE_PLAY_UNAVAILABLE', message: "Google's token endpoint could not be reached" },
  });
  const json = parseJson(res.text);
  if (res.ok) {
    const answer = TokenAnswer.safeParse(json);
    if (!answer.success) throw unavailable('the token endpoint answered without an access_token');
    return {
      accessToken: answer.data.access_token,
      expiresAtMs: options.nowMs + answer.data.expires_in * 1000,
    };
  }
  if (res.status >= 500) throw unavailable(`HTTP ${res.status}`);
  if (res.status === 429) {
    throw new ChannelError('GOOGLE_PLAY_QUOTA', 'Google throttled the access-token request: HTTP 429', {
      retryable: true,
      retryAfterMs: 60_000,
    });
  }
  const oauth = OAuthError.safeParse(json);
  const reason = oauth.success
    ? [oauth.data.error, oauth.data.error_description].filter(Boolean).join(': ')
    : `HTTP ${res.status}`;
  throw new ChannelError(
    'GOOGLE_PLAY_UNAUTHENTICATED',
    `Google rejected the service account key of ${key.client_email} (${reason}): create a new JSON key for the service account and re-enter it in Channel settings`,
    { retryable: false },
  );
}

const unavailable = (why: string) =>
  new ChannelError('GOOGLE_PLAY_UNAVAILABLE', `Google's token endpoint could not be reached: ${why}`, {
    retryable: true,
  });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
