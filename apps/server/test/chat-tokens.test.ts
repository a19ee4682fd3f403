import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getChatHistory, postChatSession } from './support/chat.ts';
import { openChatSocket } from './support/open-chat-socket.ts';
import { errorCode, listen } from './support/helpers.ts';
import { signIdentity } from './support/sign-identity.ts';
import {
  customerSends,
  dialects,
  eventually,
  startTestServer,
  type TestServer,
} from './support/test-server.ts';

const ttl = 600;
const refreshWindow = 3600;

/** Visitor tokens expire; within their refresh horizon they are exchanged for new ones, later never. */
describe.each(dialects)('visitor token expiry and refresh on %s', (dialect) => {
  let server: TestServer;
  let wsBase: string;
  let nowMs = Date.parse('2026-12-01T10:00:00Z');
  const advance = (seconds: number) => (nowMs += seconds * 1000);

  beforeAll(async () => {
    server = await startTestServer(dialect, {
      clock: { now: () => new Date(nowMs) },
      env: { CHAT_TOKEN_TTL_SECONDS: String(ttl), CHAT_TOKEN_REFRESH_SECONDS: String(refreshWindow) },
    });
    wsBase = await listen(server);
  });
  afterAll(async () => {
    await server.close();
  });

  const start = (payload: Record<string, unknown> = {}) => postChatSession(server, payload);
  const history = (token: string) => getChatHistory(server, token);
  const refresh = (token: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/chat/sessions/refresh',
      headers: { authorization: `Bearer ${token}` },
    });

  it('an expired token is refused with CHAT_TOKEN_EXPIRED, refreshed to the same visitor, and dead past the horizon', async () => {
    const res = await start();
    const session = res.json<{ visitorToken: string; visitorId: string; expiresAt: string }>();
    expect(Date.parse(session.expiresAt)).toBe(nowMs + ttl * 1000);
    await customerSends(server, session.visitorToken, 'before expiry');

    advance(ttl + 1);
    const expired = await history(session.visitorToken);
    expect(expired.statusCode).toBe(401);
    expect(errorCode(expired)).toBe('CHAT_TOKEN_EXPIRED');

    const renewed = await refresh(session.visitorToken);
    expect(renewed.statusCode, renewed.body).toBe(200);
    const next = renewed.json<{ visitorToken: string; expiresAt: string }>();
    expect(Date.parse(next.expiresAt)).toBe(nowMs + ttl * 1000);
    // (On PostgreSQL the relay numbers the event shortly after the commit.)
    await eventually(async () => expect((await history(next.visitorToken)).body).toContain('before expiry'));
    // The session endpoint resumes with an expired, still refreshable token too (a page opened next day).
    const resumed = await start({ visitorToken: session.visitorToken });
    expect(resumed.json<{ visitorId: string }>().visitorId).toBe(session.visitorId);

    advance(refreshWindow + 1);
    for (const late of [await refresh(next.visitorToken), await start({ visitorToken: next.visitorToken })]) {
      expect(late.statusCode).toBe(401);
      expect(errorCode(late)).toBe('CHAT_TOKEN_EXPIRED');
    }
    expect(errorCode(await refresh('forged.token'))).toBe('CHAT_TOKEN_INVALID');
  });

  it('refreshing slides for an anonymous visitor, but never past the horizon of a customer the host signed in', async () => {
    const anonymous = (await start()).json<{ visitorToken: string }>();
    const identityToken = await signIdentity({ sub: 'refresh-limit' }, { expiresIn: 7 * 24 * 3600 });
    const signedIn = (await start({ identityToken })).json<{ visitorToken: string; expiresAt: string }>();
    let anon = anonymous.visitorToken;
    let signed = signedIn.visitorToken;
    // Refreshed every 20 min for 80 min: each refresh is well inside the 60-minute refresh window.
    for (let step = 1; step <= 4; step++) {
      advance(1200);
      const a = await refresh(anon);
      expect(a.statusCode, a.body).toBe(200);
      anon = a.json<{ visitorToken: string }>().visitorToken;
      const b = await refresh(signed);
      if (step < 3) {
        expect(b.statusCode, b.body).toBe(200);
        const renewed = b.json<{ visitorToken: string; expiresAt: string }>();
        signed = renewed.visitorToken;
        continue;
      }
      // Past the horizon of the first sign-in: the host's backend must sign the customer in again.
      expect(b.statusCode).toBe(401);
      expect(errorCode(b)).toBe('CHAT_TOKEN_EXPIRED');
      expect((await start({ visitorToken: signed })).statusCode).toBe(401);
    }
    const again = await start({ identityToken });
    expect(again.statusCode, again.body).toBe(200);
  });

  it('a socket opened with an expired token is closed with 4401; a live one closes at expiry unless given a fresh token', async () => {
    const session = (await start()).json<{ visitorToken: string }>();
    advance(ttl + 1);
    const stale = await openChatSocket(wsBase, session.visitorToken);
    expect(await stale.closed).toEqual({
      code: 4401,
      reason: 'CHAT_TOKEN_EXPIRED: refresh the visitor token',
    });

    // A token that expires 300 ms (of real time) after the socket opens.
    const fresh = (await refresh(session.visitorToken)).json<{ visitorToken: string }>();
    advance(ttl - 0.3);
    const closing = await openChatSocket(wsBase, fresh.visitorToken);
    await closing.next((f) => f.type === 'ready');
    expect((await closing.closed).code).toBe(4401);

    const kept = await openChatSocket(wsBase, fresh.visitorToken);
    await kept.next((f) => f.type === 'ready');
    const renewed = (await refresh(fresh.visitorToken)).json<{ visitorToken: string }>();
    kept.ws.send(JSON.stringify({ type: 'token', token: renewed.visitorToken }));
    await new Promise((r) => setTimeout(r, 800));
    kept.ws.send(JSON.stringify({ type: 'ping' }));
    await kept.next((f) => f.type === 'pong');
    expect(kept.ws.readyState).toBe(kept.ws.OPEN);

    // A token of another visitor is refused on this socket.
    const other = (await start()).json<{ visitorToken: string }>();
    kept.ws.send(JSON.stringify({ type: 'token', token: other.visitorToken }));
    expect(await kept.next((f) => f.type === 'error')).toMatchObject({ code: 'CHAT_TOKEN_INVALID' });
    kept.ws.close();
  });
});
