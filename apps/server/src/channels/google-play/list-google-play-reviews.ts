import { ChannelError } from '../../lib/errors.ts';
import { callGooglePlayApi, type GooglePlayTarget } from './call-google-play-api.ts';
import { GooglePlayReviewsPage } from './google-play-review-schema.ts';

export interface GooglePlayReviewsPageResult {
  /** The reviews of the page exactly as Google sent them (parsed JSON, unvalidated). */
  reviews: unknown[];
  nextPageToken: string | null;
  totalResults: number | null;
}

/**
 * One page of `GET …/applications/{pkg}/reviews` (only text reviews of the last 7 days, Google's rule):
 * `maxResults`, `token` (from the previous page's `tokenPagination.nextPageToken`), `translationLanguage`.
 * One call spends one of the app's 200 GETs an hour. Throws `ChannelError` like `callGooglePlayApi`.
 *
 * @example await listGooglePlayReviews(target, { maxResults: 100, token: null }) // { reviews: [ … ], nextPageToken: 'CAESBgoEEAEYAQ', totalResults: null }
 */
export async function listGooglePlayReviews(
  target: GooglePlayTarget,
  options: { maxResults: number; token: string | null; translationLanguage?: string | undefined },
): Promise<GooglePlayReviewsPageResult> {
  const body = await callGooglePlayApi(target, {
    method: 'GET',
    path: '/reviews',
    query: {
      maxResults: String(options.maxResults),
      token: options.token ?? undefined,
      translationLanguage: options.translationLanguage,
    },
    what: options.token === null ? 'list reviews' : 'list reviews (next page)',
  });
  const page = GooglePlayReviewsPage.safeParse(body);
  if (!page.success) {
    throw new ChannelError(
      'GOOGLE_PLAY_UNAVAILABLE',
      'Google Play answered list reviews without a review list',
      {
        retryable: true,
      },
    );
  }
  return {
    reviews: page.data.reviews,
    nextPageToken: page.data.tokenPagination?.nextPageToken || null,
    totalResults: page.data.pageInfo?.totalResults ?? null,
  };
}
