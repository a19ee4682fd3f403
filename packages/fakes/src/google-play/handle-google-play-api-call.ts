import { googlePlayError, type GooglePlayFakeAnswer } from './google-play-error.ts';
import type { FakeGooglePlayApp, GooglePlayFakeState } from './google-play-fake-state.ts';
import type { GooglePlayReview } from './google-play-review-types.ts';

/** A parsed API request (the route already matched). */
export interface GooglePlayApiCall {
  route: 'list' | 'get' | 'reply';
  packageName: string;
  reviewId: string | null;
  query: URLSearchParams;
  authorization: string | null;
  rawBody: string;
}

/** Google: "Replies of more than approximately 350 characters will be rejected." */
export const googlePlayMaxReplyLength = 350;
const defaultPageSize = 10;
const maxPageSize = 100;

const unauthenticated = () =>
  googlePlayError(
    401,
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    { reason: 'authError' },
  );

/**
 * Executes one androidpublisher v3 reviews call (docs/channels.md: Google Play, The fakes) in this order: Bearer token (401
 * UNAUTHENTICATED), the app (404 `applicationNotFound`), the permission (403), the quota (GET 200/hour,
 * reply 2000/day per app → 429 RESOURCE_EXHAUSTED `rateLimitExceeded`, or 403 if so configured), then the call.
 */
export function handleGooglePlayApiCall(
  state: GooglePlayFakeState,
  call: GooglePlayApiCall,
): GooglePlayFakeAnswer {
  const bearer = /^Bearer (\S+)$/.exec(call.authorization ?? '')?.[1];
  if (bearer === undefined || state.tokenOwner(bearer) === null) return unauthenticated();
  const app = state.apps.get(call.packageName);
  if (!app) {
    return googlePlayError(404, 'No application was found for the given package name.', {
      reason: 'applicationNotFound',
    });
  }
  if (app.insufficientPermissions) {
    return googlePlayError(
      403,
      'The current user has insufficient permissions to perform the requested operation.',
      {
        reason: 'permissionDenied',
      },
    );
  }
  const withinQuota =
    call.route === 'reply' ? state.countPost(app.packageName) : state.countGet(app.packageName);
  if (!withinQuota) {
    const what = call.route === 'reply' ? 'Reply requests per day' : 'Queries per hour';
    return googlePlayError(
      state.quotaErrorStatus,
      `Quota exceeded for quota metric '${what}' of service 'androidpublisher.googleapis.com' for package ${app.packageName}.`,
      {
        status: state.quotaErrorStatus === 429 ? 'RESOURCE_EXHAUSTED' : 'PERMISSION_DENIED',
        reason: 'rateLimitExceeded',
      },
    );
  }
  switch (call.route) {
    case 'list':
      return listReviews(state, app, call.query);
    case 'get':
      return getReview(state, app, call.reviewId ?? '', call.query);
    case 'reply':
      return reply(state, app, call.reviewId ?? '', call.rawBody);
  }
}

function listReviews(
  state: GooglePlayFakeState,
  app: FakeGooglePlayApp,
  query: URLSearchParams,
): GooglePlayFakeAnswer {
  const size = readInt(query.get('maxResults'), defaultPageSize);
  if (size === null || size < 1) return googlePlayError(400, 'Invalid value for maxResults.');
  const pageSize = Math.min(size, maxPageSize);
  const token = query.get('token');
  let offset = readInt(query.get('startIndex'), 0);
  if (token !== null) offset = readPageToken(token);
  if (offset === null || offset < 0) return googlePlayError(400, 'Invalid pagination token.');
  const visible = state.visibleReviews(app.packageName);
  const page = visible.slice(offset, offset + pageSize);
  const language = query.get('translationLanguage');
  const tokenPagination: Record<string, string> = {};
  if (offset + pageSize < visible.length) tokenPagination.nextPageToken = pageToken(offset + pageSize);
  if (offset > 0) tokenPagination.previousPageToken = pageToken(Math.max(0, offset - pageSize));
  return {
    httpStatus: 200,
    body: {
      // proto3 JSON leaves out empty lists: a page without reviews has no `reviews` at all.
      ...(page.length > 0 ? { reviews: page.map((r) => translated(r, language)) } : {}),
      ...(Object.keys(tokenPagination).length > 0 ? { tokenPagination } : {}),
      pageInfo: { totalResults: visible.length, resultPerPage: pageSize, startIndex: offset },
    },
  };
}

function getReview(
  state: GooglePlayFakeState,
  app: FakeGooglePlayApp,
  reviewId: string,
  query: URLSearchParams,
): GooglePlayFakeAnswer {
  const review = state.visibleReviews(app.packageName).find((r) => r.reviewId === reviewId);
  if (!review) return googlePlayError(404, 'Review not found.', { reason: 'reviewNotFound' });
  return { httpStatus: 200, body: translated(review, query.get('translationLanguage')) };
}

function reply(
  state: GooglePlayFakeState,
  app: FakeGooglePlayApp,
  reviewId: string,
  rawBody: string,
): GooglePlayFakeAnswer {
  let params: unknown;
  try {
    params = JSON.parse(rawBody);
  } catch {
    return googlePlayError(400, 'Invalid JSON payload received.');
  }
  const replyText =
    typeof params === 'object' && params !== null ? (params as { replyText?: unknown }).replyText : undefined;
  if (typeof replyText !== 'string') return googlePlayError(400, 'replyText is required.');
  const review = app.reviews.get(reviewId);
  if (!review) return googlePlayError(404, 'Review not found.', { reason: 'reviewNotFound' });
  // "HTML tags will be stripped."
  const text = replyText.replace(/<[^>]*>/g, '');
  if (text.trim() === '') return googlePlayError(400, 'The reply text must not be empty.');
  if ([...text].length > googlePlayMaxReplyLength) {
    return googlePlayError(
      400,
      `The reply is too long: replies of more than ${googlePlayMaxReplyLength} characters are rejected.`,
    );
  }
  const now = state.now();
  const lastEdited = { seconds: String(Math.floor(now / 1000)), nanos: (now % 1000) * 1e6 };
  // One reply per review: a second reply replaces the first.
  review.comments = [
    ...review.comments.filter((c) => !('developerComment' in c)),
    { developerComment: { text, lastModified: lastEdited } },
  ];
  return { httpStatus: 200, body: { result: { replyText: text, lastEdited } } };
}

/** `translationLanguage` → the text "translated" (prefixed with the language) and `originalText` added. */
function translated(review: GooglePlayReview, language: string | null): GooglePlayReview {
  const copy = structuredClone(review);
  if (!language) return copy;
  const target = language.toLowerCase().split(/[-_]/)[0];
  for (const comment of copy.comments) {
    if (!('userComment' in comment)) continue;
    const user = comment.userComment;
    if ((user.reviewerLanguage ?? '').toLowerCase().split(/[-_]/)[0] === target) continue;
    user.originalText = user.text;
    user.text = `[${language}] ${user.text.trim()}`;
  }
  return copy;
}

function readInt(value: string | null, fallback: number): number | null {
  if (value === null) return fallback;
  return /^\d+$/.test(value) ? Number(value) : null;
}

/** Opaque-looking page tokens that carry the offset. */
function pageToken(offset: number): string {
  return Buffer.from(`fake-page:${offset}`).toString('base64url');
}

function readPageToken(token: string): number | null {
  const match = /^fake-page:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}
