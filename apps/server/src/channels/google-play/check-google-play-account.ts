import type { ChannelHealth } from '../channel-adapter.ts';
import type { GooglePlayTarget } from './call-google-play-api.ts';
import { listGooglePlayReviews } from './list-google-play-reviews.ts';

/**
 * Checks an app's credentials end to end with the cheapest call: an access token, then one review
 * (`maxResults=1`). Healthy with a detail like "package com.example.app, 2 reviews visible"; throws
 * `ChannelError` when Google says no (a rejected key, a missing permission, an unknown package: permanent).
 *
 * @example await checkGooglePlayAccount(target) // { ok: true, detail: 'package com.example.app, 2 reviews visible' }
 */
export async function checkGooglePlayAccount(target: GooglePlayTarget): Promise<ChannelHealth> {
  const page = await listGooglePlayReviews(target, { maxResults: 1, token: null });
  const count = page.totalResults ?? page.reviews.length;
  const more = page.totalResults === null && page.nextPageToken !== null ? '+' : '';
  return {
    ok: true,
    detail: `package ${target.packageName}, ${count}${more} review${count === 1 && !more ? '' : 's'} visible`,
  };
}
