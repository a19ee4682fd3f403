import { ChannelError } from '../../lib/errors.ts';
import { callProvider, type ProviderFetch } from '../call-provider.ts';
import { googleAccessTokens, type GoogleAccessTokens } from './google-access-tokens.ts';
import type { ServiceAccountKey } from './google-play-secrets.ts';
import { toGooglePlayChannelError } from './to-google-play-channel-error.ts';

/** Where and as whom one app's reviews are read and answered. */
export interface GooglePlayTarget {
  apiRoot: string;
  tokenUrl: string;
  packageName: string;
  key: ServiceAccountKey;
  /** The access-token cache (default: the process-wide one). */
  tokens?: GoogleAccessTokens;
  /** The `fetch` to call, for the API and the token endpoint (default: the global one). */
  fetch?: ProviderFetch | undefined;
}

export interface GooglePlayRequest {
  method: 'GET' | 'POST';
  /** Below `…/applications/{packageName}`, already URL-encoded: `/reviews`, `/reviews/gp%3A…:reply`. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** For messages: "list reviews", "reply to review gp:…". */
  what: string;
  /** Ends the call early (the delivery attempt's deadline); the call's own timeout is 30 s. */
  signal?: AbortSignal | undefined;
}

/**
 * Calls `<apiRoot>/androidpublisher/v3/applications/{packageName}<path>` with a Bearer access token
 * of the service account and returns the JSON body. A 401 drops the cached token and tries once more with
 * a fresh one. Failures throw `ChannelError` (see `toGooglePlayChannelError`); unreachable or a 2xx that
 * is not JSON → `GOOGLE_PLAY_UNAVAILABLE`, retryable. Tokens never appear in messages.
 *
 * @example await callGooglePlayApi(target, { method: 'GET', path: '/reviews', query: { maxResults: '1' }, what: 'list reviews' })
 */
export async function callGooglePlayApi(
  target: GooglePlayTarget,
  request: GooglePlayRequest,
): Promise<unknown> {
  const tokens = target.tokens ?? googleAccessTokens;
  const url = new URL(
    `${target.apiRoot.replace(/\/+$/, '')}/androidpublisher/v3/applications/${encodeURIComponent(target.packageName)}${request.path}`,
  );
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  const context = {
    what: request.what,
    packageName: target.packageName,
    clientEmail: target.key.client_email,
  };
  for (let attempt = 1; ; attempt++) {
    const accessToken = await tokens.get(target.key, target.tokenUrl, target.fetch);
    const res = await callProvider({
      url,
      method: request.method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: request.signal,
      fetch: target.fetch,
      unreachable: {
        code: 'GOOGLE_PLAY_UNAVAILABLE',
        message: `Google Play could not be reached (${request.what})`,
      },
    });
    if (res.status === 401 && attempt === 1) {
      // The cached token expired early or was revoked: one more try with a fresh one.
      tokens.invalidate(target.key, target.tokenUrl);
      continue;
    }
    const json = parseJson(res.text);
    if (!res.ok) {
      throw toGooglePlayChannelError(
        { httpStatus: res.status, body: json, retryAfter: res.headers.get('retry-after') },
        context,
      );
    }
    if (json === undefined) {
      throw new ChannelError(
        'GOOGLE_PLAY_UNAVAILABLE',
        `Google Play answered ${request.what} with something that is not JSON`,
        { retryable: true },
      );
    }
    return json;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
