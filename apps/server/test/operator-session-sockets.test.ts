import { operatorSocketClose } from '@frontline/shared';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openWebChatCase } from './support/cases.ts';
import { errorCode, WsClient, type Frame } from './support/helpers.ts';
import { TestSockets } from './support/test-sockets.ts';
import { authHeaders, dialects, loginAs, type LoggedIn, type TestServer } from './support/test-server.ts';
import { startServerForSuite } from './support/server-lifecycle.ts';
import { loginOfflineOperator } from './support/people.ts';

/** A realtime socket is only as valid as the session that opened it. */
describe.each(dialects)('operator sockets end with their session on %s', (dialect) => {
  let server: TestServer;
  let sockets: TestSockets;
  let now = Date.parse('2026-12-01T08:00:00Z');
  startServerForSuite(dialect, (s) => (server = s), { clock: { now: () => new Date(now) } });
  beforeAll(async () => {
    sockets = await TestSockets.listen(server);
  });
  afterEach(() => sockets.closeAll());

  async function openSocket(s: LoggedIn): Promise<WsClient> {
    const ws = await sockets.operator(s);
    await ws.waitFor((f) => f.type === 'ready');
    return ws;
  }

  /**
   * A frame about `text`: the full message (the assignee, a viewer) or the inbox row of its case (queue
   * members and supervisors get rows, docs/realtime.md).
   */
  const mentions = (f: Frame, text: string) =>
    f.event?.message?.text === text ||
    (f.rows ?? []).some((r) => r.case?.lastMessageText === text || r.message?.text === text);

  /** A customer writes to queue 1; an operator socket that still works sees the message. */
  async function queueEvent(text: string) {
    await openWebChatCase(server, { text });
  }

  /** No frame about `text` ever reached `ws` (checked after a socket that stayed open got it). */
  async function neverReceived(ws: WsClient, text: string, witness: WsClient) {
    await witness.waitFor((f) => mentions(f, text));
    expect(ws.frames.some((f) => mentions(f, text))).toBe(false);
  }

  it('logout closes the socket with 4401 and a reason, and nothing arrives after it', async () => {
    const op = await loginOfflineOperator(server, 'logout-ws@example.com', [1]);
    const witness = await openSocket(
      await loginAs(server, { email: 'witness-1@example.com', role: 'supervisor' }),
    );
    const ws = await openSocket(op);
    await queueEvent('before logout');
    await ws.waitFor((f) => mentions(f, 'before logout'));

    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: authHeaders(op),
    });
    expect(res.statusCode).toBe(204);
    await ws.closed;
    expect(ws.closeInfo).toEqual({
      code: operatorSocketClose.sessionEnded,
      reason: 'session ended: logged out',
    });
    await queueEvent('after logout');
    await neverReceived(ws, 'after logout', witness);
    // The same cookie cannot open a new socket.
    await expect(
      WsClient.connect(`${sockets.base}/api/v1/realtime`, { cookie: op.cookie }),
    ).rejects.toMatchObject({
      status: 401,
    });
  });

  it('logging out one session leaves the operator’s other session and its socket open', async () => {
    const first = await loginOfflineOperator(server, 'two-sessions@example.com', [1]);
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'two-sessions@example.com', password: 'test-operator-pass-1' },
    });
    const cookie = login.cookies.find((c) => c.name === 'fl_session');
    const second: LoggedIn = {
      cookie: `fl_session=${cookie?.value ?? ''}`,
      csrf: login.json<{ csrfToken: string }>().csrfToken,
      operatorId: first.operatorId,
    };
    const a = await openSocket(first);
    const b = await openSocket(second);
    await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: authHeaders(first) });
    await a.closed;
    await queueEvent('second session still live');
    await b.waitFor((f) => mentions(f, 'second session still live'));
    expect(b.closeInfo).toBeNull();
  });

  it('an expired session closes the socket with 4401 "session expired" before the next event', async () => {
    const op = await loginOfflineOperator(server, 'expiry-ws@example.com', [1]);
    const ws = await openSocket(op);
    now += 13 * 60 * 60 * 1000; // past the 12-hour session
    const witness = await openSocket(
      await loginAs(server, { email: 'witness-2@example.com', role: 'supervisor' }),
    );
    await queueEvent('after expiry');
    await ws.closed;
    expect(ws.closeInfo).toEqual({ code: operatorSocketClose.sessionEnded, reason: 'session expired' });
    await neverReceived(ws, 'after expiry', witness);
  });

  it('disabling an operator (PATCH /operators/:id) closes their sockets with 4403, audited, and refuses login', async () => {
    const admin = await loginAs(server, { email: 'admin-ws@example.com', role: 'admin' });
    const op = await loginOfflineOperator(server, 'disabled-ws@example.com', [1]);
    const ws = await openSocket(op);
    const witness = await openSocket(
      await loginAs(server, { email: 'witness-3@example.com', role: 'supervisor' }),
    );

    const res = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/operators/${op.operatorId}`,
      headers: authHeaders(admin),
      payload: { disabled: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: op.operatorId, disabled: true, presence: 'offline' });
    await ws.closed;
    expect(ws.closeInfo).toEqual({ code: operatorSocketClose.operatorDisabled, reason: 'operator disabled' });
    await queueEvent('after disable');
    await neverReceived(ws, 'after disable', witness);

    const me = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: authHeaders(op) });
    expect(me.statusCode).toBe(401);
    const again = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'disabled-ws@example.com', password: 'test-operator-pass-1' },
    });
    expect(errorCode(again)).toBe('AUTH_INVALID_CREDENTIALS');
    const audit = await server.store.db
      .selectFrom('audit_log')
      .select(['actor_operator_id', 'action', 'target_id'])
      .where('action', '=', 'operator.disable')
      .execute();
    expect(audit).toEqual([
      { actor_operator_id: admin.operatorId, action: 'operator.disable', target_id: String(op.operatorId) },
    ]);

    // Enabling again lets the operator log in; the old session stays dead.
    const enable = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/operators/${op.operatorId}`,
      headers: authHeaders(admin),
      payload: { disabled: false },
    });
    expect(enable.json()).toMatchObject({ disabled: false });
    const meAgain = await server.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: authHeaders(op),
    });
    expect(meAgain.statusCode).toBe(401);
  });

  it('only an admin may disable, not oneself, and an unknown id is 404', async () => {
    const admin = await loginAs(server, { email: 'admin-2-ws@example.com', role: 'admin' });
    const sup = await loginAs(server, { email: 'sup-ws@example.com', role: 'supervisor' });
    const patch = (who: LoggedIn, id: number) =>
      server.app.inject({
        method: 'PATCH',
        url: `/api/v1/operators/${id}`,
        headers: authHeaders(who),
        payload: { disabled: true },
      });
    expect(errorCode(await patch(sup, admin.operatorId))).toBe('FORBIDDEN');
    expect(errorCode(await patch(admin, admin.operatorId))).toBe('CONFLICT');
    expect(errorCode(await patch(admin, 999_999))).toBe('OPERATOR_NOT_FOUND');
  });
});
