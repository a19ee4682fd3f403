import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  authHeaders,
  customerSends,
  dialects,
  loginAs,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';
import { openWebChatCase } from './support/cases.ts';
import { startWithFakeWebChat } from './support/fake-web-chat.ts';
import { postReply } from './support/replies.ts';
import { FakeChannelAdapter } from './support/fake-channel-adapter.ts';

/**
 * A channel with a reply window (WhatsApp: 24 h) refuses free-form replies once it has closed
 * (failure mode F6, docs/channels.md).
 */
describe.each(dialects)('reply window on %s', (dialect) => {
  let server: TestServer;
  let t: number;
  let op: LoggedIn;
  let token: string;
  let caseId: number;

  beforeEach(async () => {
    // Web chat with a messenger's 24-hour reply window, for this test's server only.
    const webchat = new FakeChannelAdapter(undefined, { capabilities: { replyWindowHours: 24 } });
    t = Date.parse('2030-03-01T10:00:00.000Z');
    // The clock jumps past a day: the visitor token must outlive it (token expiry has its own tests).
    server = await startWithFakeWebChat(dialect, webchat, () => t, {
      CHAT_TOKEN_TTL_SECONDS: String(30 * 24 * 3600),
    });
    op = await loginAs(server, { email: 'window@example.com', queueIds: [1], online: true });
    ({ caseId, visitorToken: token } = await openWebChatCase(server));
  });
  afterEach(async () => {
    await server.close();
  });

  const reply = (key: string, note = false) =>
    postReply(server, op, caseId, { clientMsgId: `window-${key}`, text: 'Ответ', note });
  const relogin = async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'window@example.com', password: 'test-operator-pass-1' },
    });
    const cookie = res.cookies.find((c) => c.name === 'fl_session');
    op = {
      ...op,
      cookie: `fl_session=${cookie?.value ?? ''}`,
      csrf: res.json<{ csrfToken: string }>().csrfToken,
    };
  };
  const detail = async () =>
    (
      await server.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: authHeaders(op) })
    ).json<{
      replyWindow: { open: boolean; closesAt: string | null; channelKind: string };
    }>();

  it('is open within the window, closed after it (free-form refused, notes allowed), and reopens when the customer writes', async () => {
    expect((await detail()).replyWindow).toEqual({
      channelKind: 'webchat',
      open: true,
      closesAt: '2030-03-02T10:00:00.000Z',
    });
    expect((await reply('inside-01')).statusCode).toBe(201);

    t += 25 * 3_600_000;
    await relogin(); // a session lasts one shift (12 h)
    expect((await detail()).replyWindow.open).toBe(false);
    const refused = await reply('outside-01');
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('REPLY_WINDOW_CLOSED');
    expect(
      await server.store.db
        .selectFrom('messages')
        .select('id')
        .where('client_msg_id', '=', 'window-outside-01')
        .execute(),
    ).toHaveLength(0);
    expect((await reply('note-0001', true)).statusCode).toBe(201);

    await customerSends(server, token, 'Я снова здесь');
    expect((await detail()).replyWindow.open).toBe(true);
    expect((await reply('again-001')).statusCode).toBe(201);
  });
});
