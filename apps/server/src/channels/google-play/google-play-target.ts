import { ChannelError } from '../../lib/errors.ts';
import type { ChannelAccountContext } from '../channel-adapter.ts';
import type { GooglePlayTarget } from './call-google-play-api.ts';
import type { GoogleAccessTokens } from './google-access-tokens.ts';
import { GooglePlayConfig } from './google-play-config.ts';
import { readServiceAccountKey } from './google-play-secrets.ts';

/**
 * The API target of a connected account: its validated config and service-account key. A missing or
 * unreadable key → `GOOGLE_PLAY_SECRETS_INVALID`, a broken config → `GOOGLE_PLAY_CONFIG_INVALID`, both
 * permanent with what to fix.
 */
export function googlePlayTargetOf(
  account: ChannelAccountContext,
  tokens?: GoogleAccessTokens,
): { target: GooglePlayTarget; config: GooglePlayConfig } {
  const config = GooglePlayConfig.safeParse(account.config);
  if (!config.success) {
    throw new ChannelError(
      'GOOGLE_PLAY_CONFIG_INVALID',
      `the Google Play channel settings are invalid (${config.error.issues.map((i) => i.message).join('; ')}): fix them in Channel settings`,
      { retryable: false },
    );
  }
  const json = account.secrets.serviceAccountJson;
  const read = json === undefined ? null : readServiceAccountKey(json);
  if (!read?.ok) {
    throw new ChannelError(
      'GOOGLE_PLAY_SECRETS_INVALID',
      `${read?.why ?? 'the service account key is missing'}: re-enter it in Channel settings`,
      { retryable: false },
    );
  }
  return {
    config: config.data,
    target: {
      apiRoot: config.data.apiRoot,
      tokenUrl: config.data.tokenUrl,
      packageName: config.data.packageName,
      key: read.key,
      ...(tokens ? { tokens } : {}),
    },
  };
}
