import { ChannelError } from '../../lib/errors.ts';
import type { ChannelAdapter } from '../channel-adapter.ts';
import { checkGooglePlayAccount } from './check-google-play-account.ts';
import { GooglePlayConfig } from './google-play-config.ts';
import { GooglePlaySecrets } from './google-play-secrets.ts';
import { googlePlayTargetOf } from './google-play-target.ts';
import { maxReplyLength, sendGooglePlayReply } from './send-google-play-reply.ts';
import { parseGooglePlayReview } from './parse-google-play-review.ts';
import { startGooglePlayReceiver } from './start-google-play-receiver.ts';

/**
 * Google Play reviews channel (docs/channels.md: Google Play): one account per app. No push: the receiver polls the
 * reviews of the last 7 days and stores each version of a review once (`<reviewId>:<lastModified.seconds>`);
 * operators answer with the review's single reply (a new reply replaces it). Plain `fetch` against
 * `config.apiRoot` with a service-account access token (JWT exchanged at `config.tokenUrl`).
 * There is no webhook (the webhook route answers 404 for this kind); `parse` reads the reviews the
 * receiver stored.
 *
 * @example await googlePlayAdapter.connect({ id: 1, name: 'Reviews', config: { packageName: 'com.example.app' }, secrets: { serviceAccountJson }, … })
 */
export const googlePlayAdapter: ChannelAdapter<GooglePlayConfig, GooglePlaySecrets> = {
  kind: 'google_play',
  configSchema: GooglePlayConfig,
  secretsSchema: GooglePlaySecrets,
  capabilities: {
    text: true,
    attachments: false,
    maxTextLength: maxReplyLength,
    typing: false,
    readReceipts: false,
    deliveryReceipts: false,
    buttons: false,
    answersOnly: true,
    customerStream: false,
  },
  // Google allows 2000 replies a day per app: paced to that rate, with a burst for a morning's backlog.
  // A review has one reply and a new one replaces it: idempotent. Three days ride out a spent daily quota.
  delivery: { giveUpAfterMs: 3 * 24 * 60 * 60_000, idempotent: true },
  rateLimits: { perAccount: { perSecond: 2000 / 86_400, burst: 100 } },

  async connect(account) {
    // A rejected key, a missing permission or an unknown package throws (permanent): the admin sees why.
    return checkGooglePlayAccount(googlePlayTargetOf(account).target);
  },

  async disconnect() {
    // Nothing is registered at Google: the receiver stops polling the account on refresh.
  },

  async health(account) {
    try {
      return await checkGooglePlayAccount(googlePlayTargetOf(account).target);
    } catch (error) {
      if (error instanceof ChannelError) {
        return { ok: false, detail: error.message };
      }
      throw error;
    }
  },

  async send(account, message) {
    return sendGooglePlayReply(googlePlayTargetOf(account).target, message);
  },

  parse(_account, request) {
    // A stored review as the receiver accepted it; malformed JSON or shape throws (kept, failed).
    return parseGooglePlayReview(JSON.parse(request.rawBody.toString('utf8')));
  },

  receiver: {
    start(env) {
      return startGooglePlayReceiver(env);
    },
  },
};
