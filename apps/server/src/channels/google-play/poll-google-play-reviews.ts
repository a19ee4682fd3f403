import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import type { ChannelAccountContext, ReceiverEnv } from '../channel-adapter.ts';
import type { GoogleAccessTokens } from './google-access-tokens.ts';
import type { GooglePlayConfig } from './google-play-config.ts';
import type { GooglePlayGetBudget } from './google-play-get-budget.ts';
import { googlePlayReviewKey } from './google-play-review-key.ts';
import type { GooglePlaySecrets } from './google-play-secrets.ts';
import { GooglePlayReview, userCommentOf } from './google-play-review-schema.ts';
import { googlePlayTargetOf } from './google-play-target.ts';
import { listGooglePlayReviews } from './list-google-play-reviews.ts';

/** A connected Google Play account, its config and secrets parsed. */
export type GooglePlayAccount = ChannelAccountContext<GooglePlayConfig, GooglePlaySecrets>;
/** What the Google Play receiver gets from the core. */
export type GooglePlayReceiverEnv = ReceiverEnv<GooglePlayConfig, GooglePlaySecrets>;

/** The per-account positions a poll keeps in `env.cursors`. */
export const googlePlayCursors = {
  /** The next page to read when the last round stopped early ('' = start from page 1). */
  page: 'reviews-page',
  /** When the scan now in progress read its first page (ISO). */
  scanStartedAt: 'reviews-scan-started-at',
  /** When the last complete scan (all pages) started (ISO): reviews modified since may be unseen. */
  lastCompletePollAt: 'last-complete-poll-at',
  /** When this account was first polled (ISO): the gap reference before any complete scan. */
  pollingSince: 'polling-since',
  /** Days of the gap last reported unhealthy ('' = none). */
  gapAlert: 'gap-alert',
  /** Code of the error last reported unhealthy ('' = none). */
  errorAlert: 'error-alert',
  /** JSON array of this hour's GET times (ms), for the quota budget across restarts. */
  getsLastHour: 'gets-last-hour',
} as const;

/** Google returns reviews of the last 7 days only. */
export const reviewWindowMs = 7 * 24 * 3_600_000;
const dayMs = 24 * 3_600_000;

export type GooglePlayPollOutcome =
  | { status: 'complete'; accepted: number; pages: number }
  | { status: 'paused'; reason: 'budget' | 'quota' | 'unavailable'; accepted: number; pages: number }
  | { status: 'failed'; code: string; accepted: number; pages: number };

/**
 * One polling round for one app: reads review pages (resuming from the saved page token, if the last
 * round stopped early) and hands each review with a customer comment to `env.accept` under
 * `<reviewId>:<lastModified.seconds>` (the store keeps each version once). Every GET is taken from the
 * account's rolling-hour budget (`maxGetsPerHour`); when it is spent or Google answers a quota error or
 * is unavailable, the round pauses and the next round resumes at the saved page token.
 *
 * Gap alert: reviews age out of the API after 7 days, so when more than 7 days passed since the last
 * complete scan began, health is reported not ok ("reviews were not polled for N days …"); a permanent
 * error (key rejected, permission removed) is reported too. The next complete scan reports ok again.
 */
export async function pollGooglePlayReviews(deps: {
  env: GooglePlayReceiverEnv;
  account: GooglePlayAccount;
  budget: GooglePlayGetBudget;
  tokens?: GoogleAccessTokens;
}): Promise<GooglePlayPollOutcome> {
  const { env, account, budget } = deps;
  const id = account.id;
  const cursors = env.cursors;
  const started = env.clock.now();
  let accepted = 0;
  let pages = 0;

  const pollingSince = await cursors.get(id, googlePlayCursors.pollingSince);
  if (pollingSince === null) await cursors.set(id, googlePlayCursors.pollingSince, started.toISOString());
  const lastComplete = await cursors.get(id, googlePlayCursors.lastCompletePollAt);
  const gapDays = gapInDays(lastComplete ?? pollingSince, started);
  const gapAlert = (await cursors.get(id, googlePlayCursors.gapAlert)) ?? '';
  if (gapDays !== null && gapAlert !== String(gapDays)) {
    await env.reportHealth(id, { ok: false, detail: gapDetail(gapDays) });
    await cursors.set(id, googlePlayCursors.gapAlert, String(gapDays));
  }

  const fail = async (error: ChannelError): Promise<GooglePlayPollOutcome> => {
    const detail = gapDays === null ? error.message : `${error.message}; ${gapDetail(gapDays)}`;
    await env.reportHealth(id, { ok: false, detail });
    await cursors.set(id, googlePlayCursors.errorAlert, error.code);
    return { status: 'failed', code: error.code, accepted, pages };
  };

  let setup;
  try {
    setup = googlePlayTargetOf(account, deps.tokens);
  } catch (error) {
    if (error instanceof ChannelError) return fail(error);
    throw error;
  }
  const { target, config } = setup;

  if (!budget.has(id)) budget.load(id, readTimes(await cursors.get(id, googlePlayCursors.getsLastHour)));
  const saveBudget = () =>
    cursors.set(
      id,
      googlePlayCursors.getsLastHour,
      JSON.stringify(budget.recent(id, env.clock.now().getTime())),
    );

  let token = (await cursors.get(id, googlePlayCursors.page)) || null;
  let resumed = token !== null;
  let scanStartedAt = resumed ? await cursors.get(id, googlePlayCursors.scanStartedAt) : null;
  if (scanStartedAt === null) {
    scanStartedAt = started.toISOString();
    await cursors.set(id, googlePlayCursors.scanStartedAt, scanStartedAt);
  }

  try {
    for (;;) {
      if (!budget.take(id, env.clock.now().getTime(), config.maxGetsPerHour)) {
        env.logger.info({ accountId: id, pages }, 'google play GET budget of the hour spent: polling paused');
        return { status: 'paused', reason: 'budget', accepted, pages };
      }
      let page;
      try {
        page = await listGooglePlayReviews(target, {
          maxResults: config.pageSize,
          token,
          translationLanguage: config.translationLanguage,
        });
      } catch (error) {
        if (!(error instanceof ChannelError)) throw error;
        if (resumed && error.code === 'GOOGLE_PLAY_BAD_REQUEST') {
          // The saved page token is no longer accepted: start the scan over from page 1.
          env.logger.warn({ accountId: id }, 'google play page token rejected: scanning from page 1');
          token = null;
          resumed = false;
          scanStartedAt = env.clock.now().toISOString();
          await cursors.set(id, googlePlayCursors.page, '');
          await cursors.set(id, googlePlayCursors.scanStartedAt, scanStartedAt);
          continue;
        }
        if (error.code === 'GOOGLE_PLAY_QUOTA') {
          env.logger.warn({ accountId: id, pages }, 'google play quota exceeded: polling paused');
          return { status: 'paused', reason: 'quota', accepted, pages };
        }
        if (error.retryable) {
          env.logger.warn(
            { accountId: id, pages, err: error.message },
            'google play unavailable: polling paused',
          );
          return { status: 'paused', reason: 'unavailable', accepted, pages };
        }
        return await fail(error);
      }
      pages += 1;
      for (const raw of page.reviews) {
        const review = GooglePlayReview.safeParse(raw);
        const key = review.success ? googlePlayReviewKey(review.data) : null;
        if (!review.success || key === null) {
          env.logger.warn({ accountId: id }, 'google play sent a review without id or comment: skipped');
          continue;
        }
        if ((userCommentOf(review.data)?.text.trim() ?? '') === '') continue;
        await env.accept(id, key, Buffer.from(JSON.stringify(raw)));
        accepted += 1;
      }
      if (page.nextPageToken === null) break;
      token = page.nextPageToken;
      await cursors.set(id, googlePlayCursors.page, token);
    }
  } finally {
    await saveBudget();
  }

  await cursors.set(id, googlePlayCursors.page, '');
  await cursors.set(id, googlePlayCursors.lastCompletePollAt, scanStartedAt);
  const errorAlert = (await cursors.get(id, googlePlayCursors.errorAlert)) ?? '';
  if (gapDays !== null || gapAlert !== '' || errorAlert !== '') {
    const hadGap = gapDays !== null || gapAlert !== '';
    const detail = hadGap
      ? `package ${config.packageName}: reviews are polled again; reviews that aged out during the gap could not be read`
      : `package ${config.packageName}: reviews are polled again`;
    await env.reportHealth(id, { ok: true, detail });
    await cursors.set(id, googlePlayCursors.gapAlert, '');
    await cursors.set(id, googlePlayCursors.errorAlert, '');
  }
  return { status: 'complete', accepted, pages };
}

/** Whole days since `since` when more than the 7-day window passed, else null. */
function gapInDays(since: string | null, now: Date): number | null {
  if (since === null) return null;
  const gap = now.getTime() - Date.parse(since);
  return Number.isFinite(gap) && gap > reviewWindowMs ? Math.floor(gap / dayMs) : null;
}

const gapDetail = (days: number) =>
  `reviews were not polled for ${days} days: reviews older than 7 days may have been missed`;

function readTimes(value: string | null): number[] {
  if (!value) return [];
  try {
    const times = z.array(z.number()).safeParse(JSON.parse(value));
    return times.success ? times.data : [];
  } catch {
    return [];
  }
}
