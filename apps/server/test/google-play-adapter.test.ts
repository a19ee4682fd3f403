import {
  googlePlayError,
  googlePlayFixtureNow,
  googlePlayFixtureReviews,
  googlePlayServiceAccountKey,
  startGooglePlayFake,
  type GooglePlayFake,
  type GooglePlayReview,
} from '@frontline/fakes';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ChannelAccountContext,
  ChannelHealth,
  InboundEvent,
  OutboundMessage,
} from '../src/channels/channel-adapter.ts';
import { GoogleAccessTokens } from '../src/channels/google-play/google-access-tokens.ts';
import { googlePlayAdapter } from '../src/channels/google-play/google-play-adapter.ts';
import { GooglePlayConfig } from '../src/channels/google-play/google-play-config.ts';
import { GooglePlaySecrets } from '../src/channels/google-play/google-play-secrets.ts';
import type {
  GooglePlayAccount,
  GooglePlayReceiverEnv,
} from '../src/channels/google-play/poll-google-play-reviews.ts';
import {
  startGooglePlayReceiver,
  type GooglePlayReceiver,
} from '../src/channels/google-play/start-google-play-receiver.ts';
import { createLogger } from '../src/lib/logger.ts';
import { syncEvents } from './support/helpers.ts';
import { channelError } from './support/channel-error.ts';

const pkg = 'com.example.app';
const clientEmail = 'reviews@frontline-test.iam.gserviceaccount.com';
const dayMs = 86_400_000;

let fake: GooglePlayFake;
let keys: { privateKey: KeyObject; publicKey: KeyObject };
let serviceAccountJson: string;
let receivers: GooglePlayReceiver[];

function account(
  config: Partial<GooglePlayConfig> = {},
  options: { id?: number; serviceAccountJson?: string } = {},
): ChannelAccountContext<GooglePlayConfig, GooglePlaySecrets> {
  return {
    id: options.id ?? 1,
    name: 'Reviews',
    config: GooglePlayConfig.parse({
      packageName: pkg,
      apiRoot: fake.url,
      tokenUrl: fake.tokenUrl,
      pollIntervalSeconds: 3600,
      ...config,
    }),
    secrets: { serviceAccountJson: options.serviceAccountJson ?? serviceAccountJson },
    webhookUrl: 'http://127.0.0.1/webhooks/google_play/1',
    tokenKey: Buffer.alloc(32, 7),
  };
}

/** An in-memory ReceiverEnv: the accounts list, Map-based cursors, a deduplicating intake, recorded health. */
function memoryEnv(accounts: GooglePlayAccount[], options: { acceptDelayMs?: number } = {}) {
  const stored = new Map<string, { accountId: number; key: string; raw: string }>();
  const acceptCalls: string[] = [];
  const cursors = new Map<string, string>();
  const health: Array<{ accountId: number } & ChannelHealth> = [];
  const intake = { pending: 0 };
  const env: GooglePlayReceiverEnv = {
    accounts: () => accounts,
    pollsHere: () => true,
    async accept(accountId, eventKey, raw) {
      acceptCalls.push(eventKey);
      intake.pending += 1;
      if (options.acceptDelayMs) await new Promise((r) => setTimeout(r, options.acceptDelayMs));
      const id = `${accountId}|${eventKey}`;
      if (!stored.has(id)) stored.set(id, { accountId, key: eventKey, raw: raw.toString('utf8') });
      intake.pending -= 1;
    },
    cursors: {
      get: async (accountId, name) => cursors.get(`${accountId}|${name}`) ?? null,
      set: async (accountId, name, value) => void cursors.set(`${accountId}|${name}`, value),
    },
    reportHealth: async (accountId, h) => void health.push({ accountId, ...h }),
    logger: createLogger('silent'),
    clock: { now: () => new Date(fake.state.now()) },
    settings: undefined,
  };
  return {
    env,
    accounts,
    acceptCalls,
    cursors,
    health,
    intake,
    keys: () => [...stored.values()].map((s) => s.key),
    stored: () => [...stored.values()],
  };
}

async function receiverFor(env: GooglePlayReceiverEnv): Promise<GooglePlayReceiver> {
  const receiver = await startGooglePlayReceiver(env, {
    schedule: 'manual',
    tokens: new GoogleAccessTokens(),
  });
  receivers.push(receiver);
  return receiver;
}

async function pollOnce(receiver: GooglePlayReceiver, accountId = 1) {
  return (await receiver.pollNow(accountId)).get(accountId);
}

const reply = (text: string, reviewId = 'gp:AOqpTOE1aaa'): OutboundMessage => ({
  messageId: 1,
  text,
  attachments: [],
  recipientExternalId: reviewId,
  idempotencyKey: 'frontline-1',
});

/** A text review written `ageMs` before the fake's clock. */
function review(id: string, ageMs: number, text = `review ${id}`): GooglePlayReview {
  return {
    reviewId: id,
    authorName: 'Someone',
    comments: [
      {
        userComment: {
          text,
          lastModified: { seconds: String(Math.floor((fake.state.now() - ageMs) / 1000)), nanos: 0 },
          starRating: 3,
        },
      },
    ],
  };
}

const listCalls = () => fake.state.requestsFor('list');
const parse = (raw: string): InboundEvent[] =>
  syncEvents(googlePlayAdapter.parse!(account(), { rawBody: Buffer.from(raw), headers: {} }));

beforeEach(async () => {
  fake = await startGooglePlayFake({ now: googlePlayFixtureNow });
  // A fresh key per test: the process-wide token cache never serves a token of an earlier fake.
  keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fake.state.addServiceAccount({ clientEmail, publicKey: keys.publicKey });
  serviceAccountJson = googlePlayServiceAccountKey({
    clientEmail,
    privateKey: keys.privateKey,
    tokenUri: fake.tokenUrl,
  });
  fake.state.addApp(pkg);
  for (const r of googlePlayFixtureReviews) fake.state.addReview(pkg, r);
  receivers = [];
});
afterEach(async () => {
  for (const r of receivers) await r.stop();
  await fake.close();
});

describe('googlePlayAdapter connect and health', () => {
  it('connect: a token from the service account, one review listed, healthy with the package and count', async () => {
    const health = await googlePlayAdapter.connect(account());
    expect(health).toMatchObject({ ok: true, detail: 'package com.example.app, 2 reviews visible' });
    const [token] = fake.state.requestsFor('token');
    expect(new URLSearchParams(token?.rawBody).get('grant_type')).toBe(
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
    );
    const issued = (token?.response.body as { access_token: string }).access_token;
    expect(listCalls()[0]).toMatchObject({
      rawPath: '/androidpublisher/v3/applications/com.example.app/reviews',
      query: { maxResults: '1' },
      authorization: `Bearer ${issued}`,
      response: { httpStatus: 200 },
    });
    expect(await googlePlayAdapter.health(account())).toMatchObject({ ok: true });
  });

  it('connect with a rejected key, a missing permission or an unknown package → non-retryable, actionable', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const wrongKey = googlePlayServiceAccountKey({ clientEmail, privateKey: stranger.privateKey });
    const rejected = await channelError(
      googlePlayAdapter.connect(account({}, { serviceAccountJson: wrongKey })),
    );
    expect(rejected).toMatchObject({ code: 'GOOGLE_PLAY_UNAUTHENTICATED', retryable: false });
    expect(rejected.message).toBe(
      `Google rejected the service account key of ${clientEmail} (invalid_grant: Invalid JWT Signature.): create a new JSON key for the service account and re-enter it in Channel settings`,
    );
    expect(rejected.message).not.toContain('PRIVATE KEY');

    fake.state.app(pkg).insufficientPermissions = true;
    const denied = await channelError(googlePlayAdapter.connect(account()));
    expect(denied).toMatchObject({ code: 'GOOGLE_PLAY_PERMISSION_DENIED', retryable: false });
    expect(denied.message).toMatch(/The current user has insufficient permissions/);
    expect(denied.message).toMatch(/Play Console .* give reviews@.* access to com\.example\.app/);
    expect(await googlePlayAdapter.health(account())).toMatchObject({ ok: false, detail: denied.message });

    fake.state.app(pkg).insufficientPermissions = false;
    const unknown = await channelError(
      googlePlayAdapter.connect(account({ packageName: 'com.example.nope' })),
    );
    expect(unknown).toMatchObject({ code: 'GOOGLE_PLAY_NOT_FOUND', retryable: false });
    expect(unknown.message).toContain('No application was found for the given package name.');

    const broken = await channelError(googlePlayAdapter.connect(account({}, { serviceAccountJson: '{}' })));
    expect(broken).toMatchObject({ code: 'GOOGLE_PLAY_SECRETS_INVALID', retryable: false });
  });

  it('validates the secrets: a JSON key file with client_email and a readable private_key', () => {
    expect(GooglePlaySecrets.safeParse({ serviceAccountJson }).success).toBe(true);
    for (const bad of ['not json', '{}', JSON.stringify({ client_email: clientEmail, private_key: 'x' })]) {
      expect(GooglePlaySecrets.safeParse({ serviceAccountJson: bad }).success).toBe(false);
    }
    expect(GooglePlayConfig.parse({ packageName: pkg })).toEqual({
      packageName: pkg,
      apiRoot: 'https://androidpublisher.googleapis.com/',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      pollIntervalSeconds: 300,
      pageSize: 100,
      maxGetsPerHour: 180,
    });
    expect(GooglePlayConfig.safeParse({ packageName: 'not a package' }).success).toBe(false);
  });

  it('caches the access token until shortly before expiry; a 401 fetches a new one and retries once', async () => {
    await googlePlayAdapter.connect(account());
    await googlePlayAdapter.send(account(), reply('Thanks'));
    expect(fake.state.requestsFor('token')).toHaveLength(1);
    fake.state.revokeTokens();
    await googlePlayAdapter.send(account(), reply('Thanks again'));
    expect(fake.state.requestsFor('token')).toHaveLength(2);
    expect(fake.state.requestsFor('reply').map((r) => r.response.httpStatus)).toEqual([200, 401, 200]);
    // A token that expires within five minutes is not reused.
    fake.state.tokenTtlSeconds = 200;
    fake.state.revokeTokens();
    await googlePlayAdapter.health(account());
    await googlePlayAdapter.health(account());
    expect(fake.state.requestsFor('token')).toHaveLength(4);
  });
});

describe('googlePlayAdapter receiver (polling)', () => {
  it('stores each review once; an edited review (same id, new lastModified) yields a new key', async () => {
    const memory = memoryEnv([account()]);
    const receiver = await receiverFor(memory.env);
    expect(await pollOnce(receiver)).toEqual({ status: 'complete', accepted: 2, pages: 1 });
    expect(memory.keys()).toEqual(['gp:AOqpTOE1aaa:1763900000', 'gp:AOqpTOE2bbb:1763800000']);
    expect(JSON.parse(memory.stored()[0]?.raw ?? '')).toEqual(googlePlayFixtureReviews[0]);
    await pollOnce(receiver);
    expect(memory.acceptCalls).toHaveLength(4);
    expect(memory.keys()).toHaveLength(2);

    fake.state.advance(60_000);
    const seconds = fake.state.editReview(pkg, 'gp:AOqpTOE2bbb', { text: 'Стало хуже', starRating: 2 });
    await pollOnce(receiver);
    expect(memory.keys()).toEqual([
      'gp:AOqpTOE1aaa:1763900000',
      'gp:AOqpTOE2bbb:1763800000',
      `gp:AOqpTOE2bbb:${seconds}`,
    ]);
    const [edited] = parse(memory.stored()[2]?.raw ?? '');
    expect(edited).toMatchObject({
      type: 'message',
      externalMessageId: `gp:AOqpTOE2bbb:${seconds}`,
      identity: { externalId: 'gp:AOqpTOE2bbb' },
      text: '★★☆☆☆ 2/5 · Стало хуже',
      thread: { references: [], caseId: null, continueLatest: true },
    });
    expect(memory.health).toEqual([]);
  });

  it('finds a review that is only on page 2 (token → nextPageToken)', async () => {
    const memory = memoryEnv([account({ pageSize: 1 })]);
    const receiver = await receiverFor(memory.env);
    expect(await pollOnce(receiver)).toEqual({ status: 'complete', accepted: 2, pages: 2 });
    expect(memory.keys()).toContain('gp:AOqpTOE2bbb:1763800000');
    const [first, second] = listCalls();
    expect(first?.query).toEqual({ maxResults: '1' });
    expect(second?.query).toEqual({ maxResults: '1', token: expect.any(String) as string });
    expect(memory.cursors.get('1|reviews-page')).toBe('');
    expect(memory.cursors.get('1|last-complete-poll-at')).toBe(new Date(googlePlayFixtureNow).toISOString());
  });

  it('quota exhausted mid-pagination: pauses, then resumes from the saved page token without re-reading page 1', async () => {
    fake.state.addReview(pkg, review('gp:AOqpTOE3ccc', 60_000));
    fake.state.getsPerHour = 2;
    const memory = memoryEnv([account({ pageSize: 1 })]);
    const receiver = await receiverFor(memory.env);
    expect(await pollOnce(receiver)).toEqual({ status: 'paused', reason: 'quota', accepted: 2, pages: 2 });
    expect(listCalls().map((r) => r.response.httpStatus)).toEqual([200, 200, 429]);
    const saved = memory.cursors.get('1|reviews-page');
    expect(saved).toBe(listCalls()[2]?.query.token);
    expect(memory.cursors.get('1|last-complete-poll-at')).toBeUndefined();

    fake.state.advance(3_600_001);
    expect(await pollOnce(receiver)).toEqual({ status: 'complete', accepted: 1, pages: 1 });
    expect(listCalls()[3]?.query).toEqual({ maxResults: '1', token: saved });
    expect(memory.keys()).toHaveLength(3);
    expect(memory.cursors.get('1|reviews-page')).toBe('');
    // The scan began in the first round: that is when it is complete from.
    expect(memory.cursors.get('1|last-complete-poll-at')).toBe(new Date(googlePlayFixtureNow).toISOString());
    // The next round starts over at page 1.
    await pollOnce(receiver);
    expect(listCalls()[4]?.query).toEqual({ maxResults: '1' });
  });

  it('stays within maxGetsPerHour of its own rolling hour, without asking Google', async () => {
    fake.state.addReview(pkg, review('gp:AOqpTOE3ccc', 60_000));
    const memory = memoryEnv([account({ pageSize: 1, maxGetsPerHour: 2 })]);
    const receiver = await receiverFor(memory.env);
    expect(await pollOnce(receiver)).toMatchObject({ status: 'paused', reason: 'budget', pages: 2 });
    expect(await pollOnce(receiver)).toMatchObject({ status: 'paused', reason: 'budget', pages: 0 });
    expect(listCalls()).toHaveLength(2);
    expect(JSON.parse(memory.cursors.get('1|gets-last-hour') ?? '[]')).toHaveLength(2);
    const saved = memory.cursors.get('1|reviews-page');
    expect(saved).toEqual(expect.any(String));
    fake.state.advance(3_600_001);
    expect(await pollOnce(receiver)).toEqual({ status: 'complete', accepted: 1, pages: 1 });
    expect(listCalls()[2]?.query.token).toBe(saved);
  });

  it('gap alert after more than 7 days without a complete poll, and recovery', async () => {
    const memory = memoryEnv([account()]);
    const receiver = await receiverFor(memory.env);
    await pollOnce(receiver);
    expect(memory.health).toEqual([]);

    fake.state.advance(8 * dayMs + 3_600_000);
    fake.state.addReview(pkg, review('gp:AOqpTOE4ddd', 60_000));
    fake.state.failNext('list', googlePlayError(503, 'The service is currently unavailable.'));
    expect(await pollOnce(receiver)).toMatchObject({ status: 'paused', reason: 'unavailable' });
    expect(memory.health).toEqual([
      {
        accountId: 1,
        ok: false,
        detail: 'reviews were not polled for 8 days: reviews older than 7 days may have been missed',
      },
    ]);

    expect(await pollOnce(receiver)).toEqual({ status: 'complete', accepted: 1, pages: 1 });
    expect(memory.health).toHaveLength(2);
    expect(memory.health[1]).toEqual({
      accountId: 1,
      ok: true,
      detail:
        'package com.example.app: reviews are polled again; reviews that aged out during the gap could not be read',
    });
    await pollOnce(receiver);
    expect(memory.health).toHaveLength(2);
  });

  it('reports a permanent failure (permission removed) as unhealthy, and ok once polling works again', async () => {
    const memory = memoryEnv([account()]);
    const receiver = await receiverFor(memory.env);
    fake.state.app(pkg).insufficientPermissions = true;
    expect(await pollOnce(receiver)).toMatchObject({
      status: 'failed',
      code: 'GOOGLE_PLAY_PERMISSION_DENIED',
    });
    expect(memory.health[0]).toMatchObject({
      ok: false,
      detail: expect.stringContaining('insufficient') as string,
    });
    fake.state.app(pkg).insufficientPermissions = false;
    await pollOnce(receiver);
    expect(memory.health[1]).toMatchObject({
      ok: true,
      detail: 'package com.example.app: reviews are polled again',
    });
  });

  it('refresh picks up added and removed accounts', async () => {
    fake.state.addApp('com.example.other').reviews.set('gp:other', review('gp:other', 1000));
    const memory = memoryEnv([account()]);
    const receiver = await receiverFor(memory.env);
    memory.accounts.push(account({ packageName: 'com.example.other' }, { id: 2 }));
    expect([...(await receiver.pollNow()).keys()]).toEqual([1]);
    await receiver.refresh();
    expect([...(await receiver.pollNow()).keys()]).toEqual([1, 2]);
    expect(
      memory
        .stored()
        .filter((s) => s.accountId === 2)
        .map((s) => s.key),
    ).toEqual([`gp:other:${Math.floor((googlePlayFixtureNow - 1000) / 1000)}`]);
    memory.accounts.splice(0, 1);
    await receiver.refresh();
    expect([...(await receiver.pollNow()).keys()]).toEqual([2]);
  });

  it('polls on its own every pollIntervalSeconds (adapter.receiver.start); stop awaits the round in flight', async () => {
    const memory = memoryEnv([account({ pollIntervalSeconds: 1 })], { acceptDelayMs: 300 });
    memory.env.clock = { now: () => new Date() };
    fake.state.setNow(Date.now());
    fake.state.addReview(pkg, review('gp:live', 1000));
    const receiver = await googlePlayAdapter.receiver!.start(memory.env);
    const waitFor = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    };
    // The first round runs at once (never polled before), the second one a second after the first ended.
    await waitFor(() => listCalls().length >= 2 && memory.intake.pending > 0);
    expect(listCalls()).toHaveLength(2);
    await receiver.stop();
    expect(memory.intake.pending).toBe(0);
    const liveKey = `gp:live:${Math.floor((fake.state.now() - 1000) / 1000)}`;
    expect(memory.acceptCalls).toEqual([liveKey, liveKey]);
    await new Promise((r) => setTimeout(r, 1100));
    expect(listCalls()).toHaveLength(2);
  });
});

describe('googlePlayAdapter send (reply)', () => {
  it('POSTs …/reviews/gp%3A…:reply with the exact body and returns reply:<reviewId>:<lastEdited.seconds>', async () => {
    const result = await googlePlayAdapter.send(account(), reply('Fixed in <b>1.2.1</b>, please update'));
    const [call] = fake.state.requestsFor('reply');
    expect(call).toMatchObject({
      method: 'POST',
      rawPath: '/androidpublisher/v3/applications/com.example.app/reviews/gp%3AAOqpTOE1aaa:reply',
      rawBody: '{"replyText":"Fixed in <b>1.2.1</b>, please update"}',
    });
    expect(result).toEqual({ externalId: `reply:gp:AOqpTOE1aaa:${googlePlayFixtureNow / 1000}` });
    // Google strips the HTML; replying again replaces the reply (a retry is harmless).
    fake.state.advance(1000);
    const again = await googlePlayAdapter.send(account(), reply('Fixed in 1.2.1'));
    expect(again.externalId).toBe(`reply:gp:AOqpTOE1aaa:${googlePlayFixtureNow / 1000 + 1}`);
    expect(fake.state.review(pkg, 'gp:AOqpTOE1aaa').comments).toHaveLength(2);
  });

  it('> 350 characters → REVIEW_REPLY_TOO_LONG, never truncated, nothing sent', async () => {
    const error = await channelError(googlePlayAdapter.send(account(), reply('ж'.repeat(351))));
    expect(error).toMatchObject({ code: 'REVIEW_REPLY_TOO_LONG', retryable: false });
    expect(error.message).toBe(
      'the reply has 351 characters; Google Play accepts at most 350: shorten it and send again',
    );
    expect(fake.state.requestsFor('reply')).toHaveLength(0);
    await googlePlayAdapter.send(account(), reply('ж'.repeat(350)));
    expect(googlePlayAdapter.capabilities.maxTextLength).toBe(350);
  });

  it('429 → retryable with retryAfterMs; 503 → retryable; 404/400 → permanent with Google’s message', async () => {
    const send = () => channelError(googlePlayAdapter.send(account(), reply('Thanks')));
    fake.state.failNext(
      'reply',
      googlePlayError(429, 'Quota exceeded.', {
        status: 'RESOURCE_EXHAUSTED',
        headers: { 'retry-after': '120' },
      }),
    );
    expect(await send()).toMatchObject({ code: 'GOOGLE_PLAY_QUOTA', retryable: true, retryAfterMs: 120_000 });
    fake.state.postsPerDay = 0;
    expect(await send()).toMatchObject({ code: 'GOOGLE_PLAY_QUOTA', retryable: true, retryAfterMs: 60_000 });
    fake.state.postsPerDay = null;
    fake.state.failNext('reply', googlePlayError(503, 'The service is currently unavailable.'));
    expect(await send()).toMatchObject({ code: 'GOOGLE_PLAY_UNAVAILABLE', retryable: true });
    fake.state.failNext('reply', googlePlayError(400, 'Invalid reply.'));
    const bad = await send();
    expect(bad).toMatchObject({ code: 'GOOGLE_PLAY_BAD_REQUEST', retryable: false });
    expect(bad.message).toBe('Google Play rejected reply to review gp:AOqpTOE1aaa: Invalid reply.');
    const gone = await channelError(googlePlayAdapter.send(account(), reply('Thanks', 'gp:deleted')));
    expect(gone).toMatchObject({ code: 'GOOGLE_PLAY_NOT_FOUND', retryable: false });
    expect(gone.message).toContain('Review not found.');
    const offline = await channelError(
      googlePlayAdapter.send(account({ apiRoot: 'http://127.0.0.1:9' }), reply('Thanks')),
    );
    expect(offline).toMatchObject({ code: 'GOOGLE_PLAY_UNAVAILABLE', retryable: true });
  });
});

describe('googlePlayAdapter parse (stored reviews)', () => {
  it('parse produces the documented event (exact text) for the fixture reviews', () => {
    expect(parse(JSON.stringify(googlePlayFixtureReviews[0]))).toEqual([
      {
        type: 'message',
        externalMessageId: 'gp:AOqpTOE1aaa:1763900000',
        identity: { externalId: 'gp:AOqpTOE1aaa', displayName: 'Jane Bloggs' },
        text: '★☆☆☆☆ 1/5 · Crashes on start\n📱 v1.2.0 (120) · Samsung Galaxy A52 (a52q) · Android API 34',
        media: [],
        edited: false,
        subject: null,
        thread: { references: [], caseId: null, continueLatest: true },
        language: 'en',
      },
    ]);
    expect(parse(JSON.stringify(googlePlayFixtureReviews[1]))).toEqual([
      {
        type: 'message',
        externalMessageId: 'gp:AOqpTOE2bbb:1763800000',
        identity: { externalId: 'gp:AOqpTOE2bbb', displayName: 'A Google user' },
        text: '★★★★★ 5/5 · Отлично',
        media: [],
        edited: false,
        subject: null,
        thread: { references: [], caseId: null, continueLatest: true },
        language: 'ru',
      },
    ]);
  });

  it('shows the original of a translated review; no comment → ignored; malformed → throws', () => {
    const translated = structuredClone(googlePlayFixtureReviews[1]) as GooglePlayReview;
    translated.comments[0] = {
      userComment: {
        text: '[en] Excellent',
        originalText: 'Отлично',
        reviewerLanguage: 'ru',
        starRating: 5,
        lastModified: { seconds: '1763800000', nanos: 0 },
      },
    };
    expect(parse(JSON.stringify(translated))[0]).toMatchObject({
      text: '★★★★★ 5/5 · [en] Excellent\n🌐 ru: Отлично',
    });
    expect(parse(JSON.stringify({ reviewId: 'gp:x', comments: [] }))).toEqual([
      { type: 'ignored', reason: 'review without a customer comment', code: 'no_content' },
    ]);
    expect(() => parse('not json')).toThrow(SyntaxError);
    expect(() => parse('{"comments":[]}')).toThrow();
  });

  it('takes no webhooks (it has none: the webhook route answers 404), reviews are polled', () => {
    expect(googlePlayAdapter.webhook).toBeUndefined();
    expect(googlePlayAdapter.receiver).toBeDefined();
    expect(googlePlayAdapter.capabilities).toMatchObject({ attachments: false, customerStream: false });
    expect(googlePlayAdapter.rateLimits?.perAccount?.perSecond).toBeCloseTo(2000 / 86_400);
  });
});
