import { createHash } from 'node:crypto';
import type { ProviderFetch } from '../call-provider.ts';
import { fetchGoogleAccessToken } from './fetch-google-access-token.ts';
import type { ServiceAccountKey } from './google-play-secrets.ts';

interface Cached {
  accessToken: string;
  expiresAtMs: number;
}

/** Fetch a new token this long before the old one expires. */
const refreshMarginMs = 5 * 60_000;

/**
 * Access tokens per service account and token endpoint, cached until five minutes before they expire;
 * concurrent callers share one fetch. Keyed by a hash of the key, so a replaced key gets a new token.
 * Times are wall-clock (tokens expire in real time, whatever clock the receiver runs on).
 */
export class GoogleAccessTokens {
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<Cached>>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * A valid access token (cached or fresh, fetched with `fetch`, default the global one); throws
   * `ChannelError` as `fetchGoogleAccessToken` does.
   */
  async get(key: ServiceAccountKey, tokenUrl: string, fetch?: ProviderFetch): Promise<string> {
    const id = cacheKey(key, tokenUrl);
    const cached = this.cache.get(id);
    if (cached && cached.expiresAtMs - refreshMarginMs > this.now()) return cached.accessToken;
    let pending = this.pending.get(id);
    if (!pending) {
      pending = fetchGoogleAccessToken(key, { tokenUrl, nowMs: this.now(), fetch }).finally(() =>
        this.pending.delete(id),
      );
      this.pending.set(id, pending);
    }
    const fresh = await pending;
    this.cache.set(id, fresh);
    return fresh.accessToken;
  }

  /** Forget the token (Google answered 401 with it): the next `get` fetches a new one. */
  invalidate(key: ServiceAccountKey, tokenUrl: string): void {
    this.cache.delete(cacheKey(key, tokenUrl));
  }
}

function cacheKey(key: ServiceAccountKey, tokenUrl: string): string {
  return createHash('sha256')
    .update(`${tokenUrl}\u0000${key.client_email}\u0000${key.private_key}`)
    .digest('hex');
}

/** The process-wide token cache the adapter uses. */
export const googleAccessTokens = new GoogleAccessTokens();
