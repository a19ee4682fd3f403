import {
  googlePlayFixtureNow,
  googlePlayFixtureReviews,
  googlePlayServiceAccountKey,
  startGooglePlayFake,
  type GooglePlayFake,
} from '@frontline/fakes';
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForLength } from './support/wait-for-length.ts';
import { resolveCase } from './support/cases.ts';
import { loginAdmin, loginOnlineOperator } from './support/people.ts';
import { messageRow, replyAsOperator } from './support/replies.ts';
import {
  connectChannel,
  dialects,
  eventually,
  startTestServer,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';

const pkg = 'ru.example.mobile';
const clientEmail = 'frontline@reviews-test.iam.gserviceaccount.com';

/**
 * Google Play reviews through the whole platform: the admin connects the app, the poller (started with the
 * platform) turns reviews into cases, an operator's answer is posted as the developer reply, and an edited
 * review continues its case.
 */
describe.each(dialects)('Google Play reviews end to end on %s', (dialect) => {
  let fake: GooglePlayFake;
  let server: TestServer;
  let admin: LoggedIn;
  let operator: LoggedIn;
  let channelId: number;

  beforeEach(async () => {
    fake = await startGooglePlayFake({ now: googlePlayFixtureNow });
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fake.state.addServiceAccount({ clientEmail, publicKey: keys.publicKey });
    fake.state.addApp(pkg);
    for (const r of googlePlayFixtureReviews) fake.state.addReview(pkg, r);
    server = await startTestServer(dialect);
    admin = await loginAdmin(server);
    operator = await loginOnlineOperator(server, 'gp-op@example.com', [3]);
    channelId = await connectChannel(server, admin, {
      kind: 'google_play',
      name: 'App reviews',
      entryPointId: 3,
      config: { packageName: pkg, apiRoot: fake.url, tokenUrl: fake.tokenUrl, pollIntervalSeconds: 1 },
      secrets: {
        serviceAccountJson: googlePlayServiceAccountKey({ clientEmail, privateKey: keys.privateKey }),
      },
    });
  });
  afterEach(async () => {
    await server.close();
    await fake.close();
  });

  const inbound = () =>
    server.store.db
      .selectFrom('messages')
      .selectAll()
      .where('direction', '=', 'in')
      .orderBy('external_id')
      .execute();

  it('each review becomes its own case once; the reply is posted as the developer reply', async () => {
    const rows = await waitForLength(inbound, 2, 10_000);
    expect(rows.map((m) => m.external_id)).toEqual([
      'gp:AOqpTOE1aaa:1763900000',
      'gp:AOqpTOE2bbb:1763800000',
    ]);
    expect(rows[0]!.text).toBe(
      '★☆☆☆☆ 1/5 · Crashes on start\n📱 v1.2.0 (120) · Samsung Galaxy A52 (a52q) · Android API 34',
    );
    expect(rows[0]!.case_id).not.toBe(rows[1]!.case_id);
    const identity = await server.store.db
      .selectFrom('identities')
      .selectAll()
      .where('external_id', '=', 'gp:AOqpTOE1aaa')
      .executeTakeFirstOrThrow();
    expect(identity.display_name).toBe('Jane Bloggs');
    // Later polls see the same reviews again: still stored once.
    const listsBefore = fake.state.requestsFor('list').length;
    await eventually(() => expect(fake.state.requestsFor('list').length).toBeGreaterThan(listsBefore), 5000);
    expect(await inbound()).toHaveLength(2);

    const replyId = await replyAsOperator(
      server,
      operator,
      rows[0]!.case_id,
      'Jane, the fix is in version 1.2.1 — please update.',
    );
    await eventually(() => {
      const posts = fake.state.requestsFor('reply');
      expect(posts).toHaveLength(1);
      expect(posts[0]!.rawPath).toBe(
        `/androidpublisher/v3/applications/${pkg}/reviews/gp%3AAOqpTOE1aaa:reply`,
      );
      expect(JSON.parse(posts[0]!.rawBody)).toEqual({
        replyText: 'Jane, the fix is in version 1.2.1 — please update.',
      });
    }, 10_000);
    await eventually(async () => {
      const m = await messageRow(server, replyId);
      expect(m.status).toBe('sent');
      expect(m.external_id).toMatch(/^reply:gp:AOqpTOE1aaa:\d+$/);
    });
  });

  it('an edited review continues its case even after it was resolved', async () => {
    const [first] = await waitForLength(inbound, 2, 10_000);
    const caseId = first!.case_id;
    await resolveCase(server, operator, caseId);
    fake.state.editReview(pkg, 'gp:AOqpTOE1aaa', { text: 'Fixed after the update, thanks', starRating: 4 });
    const edited = await eventually(async () => {
      const all = await inbound();
      expect(all).toHaveLength(3);
      return all.find((m) => m.text.startsWith('★★★★☆'));
    }, 10_000);
    expect(edited).toMatchObject({ case_id: caseId });
    expect(edited!.text).toContain('Fixed after the update, thanks');
    const c = await server.store.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(c.status).not.toBe('resolved');
    expect(await server.store.db.selectFrom('cases').select('id').execute()).toHaveLength(2);
  });

  it('webhooks for Google Play are refused with 404 CHANNEL_TAKES_NO_WEBHOOKS (reviews are polled)', async () => {
    for (const method of ['POST', 'GET'] as const) {
      const res = await server.app.inject({
        method,
        url: `/webhooks/google_play/${channelId}`,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { payload: '{}' } : {}),
      });
      expect(res.statusCode).toBe(404);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('CHANNEL_TAKES_NO_WEBHOOKS');
    }
  });
});
