import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  googlePlayError,
  googlePlayFixtureNow,
  googlePlayFixtureReviews,
  googlePlayJwtBearerGrant,
  googlePlayScope,
  googlePlayServiceAccountKey,
  GooglePlayFakeState,
  startGooglePlayFake,
  type GooglePlayFake,
  type GooglePlayReview,
} from '../src/index.ts';

const pkg = 'com.example.app';
const clientEmail = 'reviews@frontline-test.iam.gserviceaccount.com';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const base = `/androidpublisher/v3/applications/${pkg}`;

let fake: GooglePlayFake;
let token: string;

function jwt(overrides: Record<string, unknown> = {}, privateKey: KeyObject = keys.privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const claims = { iss: clientEmail, scope: googlePlayScope, aud: fake.tokenUrl, iat: now, exp: now + 3600 };
  const unsigned = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({ ...claims, ...overrides })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey, 'base64url')}`;
}

async function exchange(assertion: string, grantType = googlePlayJwtBearerGrant) {
  const res = await fetch(fake.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: grantType, assertion }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function api(path: string, init: { method?: string; body?: unknown; bearer?: string | null } = {}) {
  const bearer = init.bearer === undefined ? token : init.bearer;
  const res = await fetch(`${fake.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const raw = await res.text();
  return { status: res.status, raw, body: JSON.parse(raw) as ApiAnswer };
}

/** The fields of the fake's answers these tests read. */
interface ApiAnswer {
  error?: { code: number; status: string; message: string; errors: Array<{ reason: string }> };
  reviews?: GooglePlayReview[];
  tokenPagination?: { nextPageToken?: string; previousPageToken?: string };
  pageInfo?: { totalResults: number; resultPerPage: number; startIndex: number };
  result?: { replyText: string; lastEdited: { seconds: string; nanos: number } };
}

const ids = (answer: { body: ApiAnswer }) => (answer.body.reviews ?? []).map((r) => r.reviewId);

const list = (query = '') => api(`${base}/reviews${query}`);

/** A text review `ageMs` old on the fake clock. */
function review(id: string, ageMs: number, text = `review ${id}`): GooglePlayReview {
  const seconds = Math.floor((fake.state.now() - ageMs) / 1000);
  return {
    reviewId: id,
    authorName: `Author ${id}`,
    comments: [
      { userComment: { text, lastModified: { seconds: String(seconds), nanos: 0 }, starRating: 4 } },
    ],
  };
}

beforeEach(async () => {
  fake = await startGooglePlayFake({ now: googlePlayFixtureNow });
  fake.state.addServiceAccount({ clientEmail, publicKey: keys.publicKey });
  fake.state.addApp(pkg);
  for (const r of googlePlayFixtureReviews) fake.state.addReview(pkg, r);
  const issued = await exchange(jwt());
  token = String(issued.body.access_token);
});
afterEach(async () => {
  await fake.close();
});

describe('Google Play fake: token endpoint and auth', () => {
  it('issues a Bearer token for a JWT signed by the registered key (RS256, aud, scope, short-lived)', async () => {
    const ok = await exchange(jwt());
    expect(ok).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 3599 } });
    expect(ok.body.access_token).toMatch(/^ya29\./);
    expect(await exchange(jwt({}, otherKeys.privateKey))).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
    });
    expect((await exchange(jwt({ iss: 'someone@else.iam.gserviceaccount.com' }))).body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'Invalid grant: account not found',
    });
    expect((await exchange(jwt({ aud: 'https://oauth2.googleapis.com/token' }))).body.error).toBe(
      'invalid_grant',
    );
    const hourAgo = Math.floor(Date.now() / 1000) - 7200;
    expect((await exchange(jwt({ iat: hourAgo, exp: hourAgo + 3600 }))).body.error_description).toMatch(
      /short-lived token/,
    );
    expect((await exchange(jwt({ scope: 'https://www.googleapis.com/auth/drive' }))).body.error).toBe(
      'invalid_scope',
    );
    expect((await exchange(jwt(), 'client_credentials')).body.error).toBe('unsupported_grant_type');
    const keyFile = JSON.parse(googlePlayServiceAccountKey({ clientEmail, privateKey: keys.privateKey })) as {
      type: string;
      client_email: string;
      private_key: string;
    };
    expect(keyFile).toMatchObject({ type: 'service_account', client_email: clientEmail });
    expect(keyFile.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('requires Authorization: Bearer <issued token> on API routes (401 UNAUTHENTICATED otherwise)', async () => {
    expect((await list()).status).toBe(200);
    for (const bearer of [null, 'ya29.made-up']) {
      const denied = await api(`${base}/reviews`, { bearer });
      expect(denied.status).toBe(401);
      expect(denied.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    }
    fake.state.revokeTokens();
    expect((await list()).status).toBe(401);
    expect(fake.state.requestsFor('list').map((r) => r.response.httpStatus)).toEqual([200, 401, 401, 401]);
  });
});

describe('Google Play fake: reviews', () => {
  it('pages with token → tokenPagination.nextPageToken, maxResults, the last page without it', async () => {
    for (let i = 0; i < 3; i++) fake.state.addReview(pkg, review(`gp:AOqpTOE${i}new`, (i + 1) * 60_000));
    const first = await list('?maxResults=2');
    expect(ids(first)).toEqual(['gp:AOqpTOE0new', 'gp:AOqpTOE1new']);
    expect(first.body.pageInfo).toEqual({ totalResults: 5, resultPerPage: 2, startIndex: 0 });
    const next = first.body.tokenPagination?.nextPageToken ?? '';
    const second = await list(`?maxResults=2&token=${encodeURIComponent(next)}`);
    expect(ids(second)).toEqual(['gp:AOqpTOE2new', 'gp:AOqpTOE1aaa']);
    const third = await list(
      `?maxResults=2&token=${encodeURIComponent(second.body.tokenPagination?.nextPageToken ?? '')}`,
    );
    expect(ids(third)).toEqual(['gp:AOqpTOE2bbb']);
    expect(Object.keys(third.body.tokenPagination ?? {})).toEqual(['previousPageToken']);
    expect((await list('?token=garbage')).body.error).toMatchObject({
      code: 400,
      status: 'INVALID_ARGUMENT',
    });
    // The fixture comes back byte-faithful (seconds as strings, nanos, device metadata).
    expect(third.body.reviews?.[0]).toEqual(googlePlayFixtureReviews[1]);
  });

  it('returns only reviews with text modified within 7 days of the fake clock', async () => {
    fake.state.addReview(pkg, review('gp:old', 7 * 86_400_000 + 1000));
    fake.state.addReview(pkg, review('gp:empty', 1000, ''));
    fake.state.addReview(pkg, { reviewId: 'gp:stars-only', comments: [] });
    expect(ids(await list())).toEqual(['gp:AOqpTOE1aaa', 'gp:AOqpTOE2bbb']);
    fake.state.advance(7 * 86_400_000 - 3_600_000 + 1000);
    // 1763900000 is now 7 days + 1 s old; 1763800000 even older: nothing is listed, and `reviews` is absent.
    expect((await list()).body).toEqual({ pageInfo: { totalResults: 0, resultPerPage: 10, startIndex: 0 } });
    const seconds = fake.state.editReview(pkg, 'gp:AOqpTOE2bbb', { text: 'Отлично, но…', starRating: 4 });
    expect(ids(await list())).toEqual(['gp:AOqpTOE2bbb']);
    expect(seconds).toBe(String(Math.floor(fake.state.now() / 1000)));
  });

  it('translates with translationLanguage (text translated, originalText kept)', async () => {
    const { body } = await list('?translationLanguage=en');
    expect(body.reviews?.[0]?.comments[0]).toMatchObject({ userComment: { text: '\tCrashes on start' } });
    expect(body.reviews?.[0]?.comments[0]).not.toHaveProperty('userComment.originalText');
    expect(body.reviews?.[1]?.comments[0]).toMatchObject({
      userComment: { text: '[en] Отлично', originalText: 'Отлично' },
    });
  });

  it('gets one review by its URL-encoded id (gp%3A…); an unencoded id is not a route', async () => {
    const one = await api(`${base}/reviews/${encodeURIComponent('gp:AOqpTOE1aaa')}`);
    expect(one.raw).toContain('"reviewId":"gp:AOqpTOE1aaa"');
    expect(fake.state.requestsFor('get')[0]).toMatchObject({
      rawPath: `${base}/reviews/gp%3AAOqpTOE1aaa`,
      reviewId: 'gp:AOqpTOE1aaa',
    });
    expect((await api(`${base}/reviews/gp%3Anope`)).body.error?.code).toBe(404);
    const unencoded = await fetch(`${fake.url}${base}/reviews/gp:AOqpTOE1aaa`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(unencoded.status).toBe(404);
  });

  it('reply: result with lastEdited; a second reply replaces; HTML stripped; > 350 chars → 400', async () => {
    const path = `${base}/reviews/${encodeURIComponent('gp:AOqpTOE2bbb')}:reply`;
    const first = await api(path, { method: 'POST', body: { replyText: 'Спасибо <b>большое</b>!' } });
    expect(first.body).toEqual({
      result: {
        replyText: 'Спасибо большое!',
        lastEdited: { seconds: String(googlePlayFixtureNow / 1000), nanos: 0 },
      },
    });
    fake.state.advance(5000);
    await api(path, { method: 'POST', body: { replyText: 'Updated answer' } });
    const listed = (await list()).body.reviews?.[1];
    expect(listed?.comments).toEqual([
      googlePlayFixtureReviews[1]?.comments[0],
      {
        developerComment: {
          text: 'Updated answer',
          lastModified: { seconds: String(googlePlayFixtureNow / 1000 + 5), nanos: 0 },
        },
      },
    ]);
    const long = await api(path, { method: 'POST', body: { replyText: 'я'.repeat(351) } });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect((await api(path, { method: 'POST', body: { replyText: 'я'.repeat(350) } })).status).toBe(200);
    // Tags do not count: 350 characters of text inside markup are accepted.
    const marked = await api(path, { method: 'POST', body: { replyText: `<p>${'a'.repeat(350)}</p>` } });
    expect(marked.body.result?.replyText).toBe('a'.repeat(350));
    expect(
      (await api(`${base}/reviews/gp%3Anope:reply`, { method: 'POST', body: { replyText: 'x' } })).status,
    ).toBe(404);
  });
});

describe('Google Play fake: quotas, permissions, failures', () => {
  it('> 200 GETs an hour → 429 RESOURCE_EXHAUSTED rateLimitExceeded, until the hour rolls over', async () => {
    fake.state.getsPerHour = 3;
    for (let i = 0; i < 3; i++) expect((await list()).status).toBe(200);
    const over = await list();
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      errors: [{ reason: 'rateLimitExceeded' }],
    });
    expect(fake.state.usage(pkg).getsLastHour).toBe(3);
    fake.state.quotaErrorStatus = 403;
    expect((await list()).body.error).toMatchObject({ code: 403, errors: [{ reason: 'rateLimitExceeded' }] });
    fake.state.advance(3_600_001);
    expect((await list()).status).toBe(200);
    expect(new GooglePlayFakeState().getsPerHour).toBe(200);
  });

  it('> 2000 replies a day → 429', async () => {
    fake.state.postsPerDay = 2;
    const path = `${base}/reviews/gp%3AAOqpTOE1aaa:reply`;
    for (let i = 0; i < 2; i++)
      expect((await api(path, { method: 'POST', body: { replyText: 'hi' } })).status).toBe(200);
    expect((await api(path, { method: 'POST', body: { replyText: 'hi' } })).status).toBe(429);
    expect((await list()).status).toBe(200);
    expect(fake.state.usage(pkg)).toEqual({ getsLastHour: 1, postsLastDay: 2 });
  });

  it('no permission → 403 "insufficient permissions"; unknown package → 404; scripted one-shot 503', async () => {
    fake.state.app(pkg).insufficientPermissions = true;
    const denied = await list();
    expect(denied.status).toBe(403);
    expect(denied.body.error?.message).toMatch(/^The current user has insufficient permissions/);
    fake.state.app(pkg).insufficientPermissions = false;
    const unknown = await api('/androidpublisher/v3/applications/com.example.nope/reviews');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.message).toBe('No application was found for the given package name.');
    fake.state.failNext('list', googlePlayError(503, 'The service is currently unavailable.'));
    expect((await list()).body.error).toMatchObject({ code: 503, status: 'UNAVAILABLE' });
    expect((await list()).status).toBe(200);
    fake.state.failNext('token', { httpStatus: 500, body: { error: 'internal_failure' } });
    expect((await exchange(jwt())).status).toBe(500);
    expect(fake.state.requests.map((r) => r.route)).toEqual([
      'token',
      'list',
      'list',
      'list',
      'list',
      'token',
    ]);
    expect(fake.state.requestsFor('list')[0]).toMatchObject({
      method: 'GET',
      packageName: pkg,
      authorization: `Bearer ${token}`,
    });
  });
});
