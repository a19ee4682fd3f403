import { ChannelError } from '../../lib/errors.ts';
import type { ChannelAccountContext } from '../channel-adapter.ts';
import type { GooglePlayTarget } from './call-google-play-api.ts';
import type { GoogleAccessTokens } from './google-access-tokens.ts';
import type { GooglePlayConfig } from './google-play-config.ts';
import {
  readServiceAccountKey,
  type GooglePlaySecrets,
  type ServiceAccountKey,
} from './google-play-secrets.ts';

/** Service-account keys read from their JSON text, by that text: each key file is parsed once. */
const readKeys = new Map<string, ServiceAccountKey>();
const maxReadKeys = 1000;

/**
 * The API target of a connected account: its (already validated) config and its service-account key, read
 * from the key file's text once. An unreadable key (the secrets schema lets none through; a test may) →
 * `GOOGLE_PLAY_SECRETS_INVALID`, permanent, with what to fix.
 */
export function googlePlayTargetOf(
  account: ChannelAccountContext<GooglePlayConfig, GooglePlaySecrets>,
  tokens?: GoogleAccessTokens,
): { target: GooglePlayTarget; config: GooglePlayConfig } {
  const { config } = account;
  return {
    config,
    target: {
      apiRoot: config.apiRoot,
      tokenUrl: config.tokenUrl,
      packageName: config.packageName,
      key: keyOf(account.secrets.serviceAccountJson),
      fetch: account.fetch,
      ...(tokens ? { tokens } : {}),
    },
  };
}

function keyOf(json: string): ServiceAccountKey {
  const known = readKeys.get(json);
  if (known) return known;
  const read = readServiceAccountKey(json);
  if (!read.ok) {
    throw new ChannelError('GOOGLE_PLAY_SECRETS_INVALID', `${read.why}: re-enter it in Channel settings`, {
      retryable: false,
    });
  }
  if (readKeys.size >= maxReadKeys) readKeys.clear();
  readKeys.set(json, read.key);
  return read.key;
}
