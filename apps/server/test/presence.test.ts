import { RoutingSettings } from '@frontline/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { caseRow, openWebChatCase } from './support/cases.ts';
import { FakeTime } from './support/fake-time.ts';
import { errorCode, type WsClient } from './support/helpers.ts';
import { loginAdmin, loginOfflineOperator, loginOnlineOperator } from './support/people.ts';
import { replyAsOperator } from './support/replies.ts';
import { startServerForEachTest } from './support/server-lifecycle.ts';
import { TestSockets } from './support/test-sockets.ts';
import { authHeaders, dialects, eventually, type LoggedIn, type TestServer } from './support/test-server.ts';

const second = 1000;

describe.each(dialects)('operator presence on %s', (dialect) => {
  let server: TestServer;
  let sockets: TestSockets;
  const time = new FakeTime('2026-12-01T09:00:00Z');
  startServerForEachTest(dialect, (s) => (server = s), {
    workers: false,
    clock: time.clock,
    timers: time.timers,
  });
  beforeEach(async () => {
    sockets = await TestSockets.listen(server);
  });
  afterEach(() => sockets.closeAll());

  const setPresence = (s: LoggedIn, body: Record<string, unknown>) =>
    server.app.inject({
      method: 'PUT',
      url: '/api/v1/operators/me/presence',
      headers: authHeaders(s),
      payload: body,
    });

  const operatorRow = (id: number) =>
    server.store.db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  const periods = (id: number) =>
    server.store.db
      .selectFrom('presence_log')
      .select(['presence', 'reason', 'started_at', 'ended_at'])
      .where('operator_id', '=', id)
      .orderBy('id')
      .execute();

  async function openSocket(s: LoggedIn): Promise<WsClient> {
    const ws = await sockets.operator(s);
    await ws.waitFor((f) => f.type === 'ready');
    return ws;
  }

  /** Closes the socket and waits until the server has counted it gone (the grace timer is set). */
  async function closeSocket(ws: WsClient, operatorId: number, timersAfter: number) {
    await ws.close();
    await eventually(() => expect(server.services.presenceSockets.socketsOf(operatorId)).toBe(0));
    await eventually(() => expect(time.waiting).toBe(timersAfter));
  }

  /** `a` has a started case (they replied) and an unstarted one; returns both ids. */
  async function startedAndUnstarted(a: LoggedIn) {
    const started = await openWebChatCase(server, { text: 'Первый вопрос' });
    expect(await caseRow(server, started.caseId)).toMatchObject({ assignee_id: a.operatorId });
    await replyAsOperator(server, a, started.caseId, 'Сейчас посмотрю');
    const unstarted = await openWebChatCase(server, { text: 'Второй вопрос' });
    expect(await caseRow(server, unstarted.caseId)).toMatchObject({ assignee_id: a.operatorId });
    // Its wait began before the assignment: the hand-back keeps it.
    await server.store.db
      .updateTable('cases')
      .set({ queued_at: '2026-12-01T08:30:00.000Z' })
      .where('id', '=', unstarted.caseId)
      .execute();
    return { started: started.caseId, unstarted: unstarted.caseId };
  }

  /** The `case.updated` events about `caseId` addressed to `operatorId` alone. */
  const updatesTo = (caseId: number, operatorId: number) =>
    server.store.db
      .selectFrom('outbox_events')
      .select('payload')
      .where('type', '=', 'case.updated')
      .where('case_id', '=', caseId)
      .where('operator_id', '=', operatorId)
      .where('queue_id', 'is', null)
      .execute();

  it('a break takes a reason from the settings; an unknown one is 422 PRESENCE_REASON_UNKNOWN', async () => {
    const a = await loginOnlineOperator(server, 'a@example.com', [1]);
    const state = await server.app.inject({
      method: 'GET',
      url: '/api/v1/operators/me/presence',
      headers: authHeaders(a),
    });
    expect(state.json()).toMatchObject({
      presence: 'online',
      reason: null,
      breakReasons: ['break', 'lunch', 'training', 'meeting'],
    });

    const lunch = await setPresence(a, { presence: 'away', reason: 'lunch' });
    expect(lunch.statusCode).toBe(200);
    expect(lunch.json()).toMatchObject({
      presence: 'away',
      presenceReason: 'lunch',
      presenceSince: time.clock.now().toISOString(),
    });

    const nap = await setPresence(a, { presence: 'away', reason: 'nap' });
    expect(nap.statusCode).toBe(422);
    expect(errorCode(nap)).toBe('PRESENCE_REASON_UNKNOWN');
    expect(await operatorRow(a.operatorId)).toMatchObject({ presence: 'away', presence_reason: 'lunch' });
    // A reason belongs to a break only.
    expect((await setPresence(a, { presence: 'online', reason: 'lunch' })).statusCode).toBe(400);

    // The center's own reasons.
    await server.store.write((tx) =>
      server.services.routingSettings.write(tx, RoutingSettings.parse({ breakReasons: ['nap'] })),
    );
    expect((await setPresence(a, { presence: 'away', reason: 'nap' })).statusCode).toBe(200);
    expect((await setPresence(a, { presence: 'away', reason: 'lunch' })).statusCode).toBe(422);
    // Away without a reason stays possible.
    expect((await setPresence(a, { presence: 'away' })).json()).toMatchObject({ presenceReason: null });
  });

  it('every change closes the open presence period and opens the next; a repeat is no change', async () => {
    const a = await loginOfflineOperator(server, 'a@example.com', [1]);
    const t0 = time.clock.now().toISOString();
    expect((await setPresence(a, { presence: 'online' })).statusCode).toBe(200);
    time.advance(60 * second);
    const t1 = time.clock.now().toISOString();
    await setPresence(a, { presence: 'away', reason: 'break' });
    time.advance(15 * 60 * second);
    await setPresence(a, { presence: 'away', reason: 'break' });
    const t2 = time.clock.now().toISOString();
    await setPresence(a, { presence: 'away', reason: 'lunch' });
    time.advance(30 * 60 * second);
    const t3 = time.clock.now().toISOString();
    await setPresence(a, { presence: 'offline' });
    await setPresence(a, { presence: 'offline' });
    expect(await periods(a.operatorId)).toEqual([
      { presence: 'online', reason: null, started_at: t0, ended_at: t1 },
      { presence: 'away', reason: 'break', started_at: t1, ended_at: t2 },
      { presence: 'away', reason: 'lunch', started_at: t2, ended_at: t3 },
      { presence: 'offline', reason: null, started_at: t3, ended_at: null },
    ]);
    expect(await operatorRow(a.operatorId)).toMatchObject({ presence_since: t3, presence_reason: null });
  });

  it('logout sets the operator offline and returns their unstarted cases to the queue', async () => {
    const a = await loginOnlineOperator(server, 'a@example.com', [1]);
    const { started, unstarted } = await startedAndUnstarted(a);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: authHeaders(a),
    });
    expect(res.statusCode).toBe(204);
    expect(await operatorRow(a.operatorId)).toMatchObject({
      presence: 'offline',
      presence_reason: 'logout',
    });
    expect(await caseRow(server, unstarted)).toMatchObject({ status: 'queued', assignee_id: null });
    expect(await caseRow(server, started)).toMatchObject({ status: 'assigned', assignee_id: a.operatorId });
    expect((await periods(a.operatorId)).at(-1)).toMatchObject({ presence: 'offline', reason: 'logout' });
  });

  it('a logout while signed in on another device leaves the presence alone; the last one sets offline', async () => {
    const a = await loginOnlineOperator(server, 'a@example.com', [1]);
    const second = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@example.com', password: 'test-operator-pass-1' },
    });
    expect(second.statusCode).toBe(200);
    const cookie = second.cookies.find((c) => c.name === 'fl_session');
    const other = {
      cookie: `fl_session=${cookie?.value ?? ''}`,
      csrf: second.json<{ csrfToken: string }>().csrfToken,
      operatorId: a.operatorId,
    };
    const logout = (who: typeof a) =>
      server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: authHeaders(who) });
    expect((await logout(a)).statusCode).toBe(204);
    expect(await operatorRow(a.operatorId)).toMatchObject({ presence: 'online' });
    expect((await logout(other)).statusCode).toBe(204);
    expect(await operatorRow(a.operatorId)).toMatchObject({ presence: 'offline', presence_reason: 'logout' });
  });

  it('the last socket gone for the grace sets the operator offline; unstarted cases go to others', async () => {
    const a = await loginOnlineOperator(server, 'a@example.com', [1]);
    const ws = await openSocket(a);
    const { started, unstarted } = await startedAndUnstarted(a);
    const b = await loginOnlineOperator(server, 'b@example.com', [1]);
    const messagesBefore = await server.store.db
      .selectFrom('messages')
      .select('id')
      .where('case_id', '=', unstarted)
      .execute();

    await closeSocket(ws, a.operatorId, 1);
    time.advance(119 * second);
    expect(await operatorRow(a.operatorId)).toMatchObject({ presence: 'online' });
    time.advance(1 * second);
    await eventually(async () =>
      expect(await operatorRow(a.operatorId)).toMatchObject({
        presence: 'offline',
        presence_reason: 'connection_lost',
      }),
    );
    expect(await caseRow(server, unstarted)).toMatchObject({
      status: 'assigned',
      assignee_id: b.operatorId,
      queued_at: '2026-12-01T08:30:00.000Z',
    });
    expect(await caseRow(server, started)).toMatchObject({ status: 'assigned', assignee_id: a.operatorId });
    expect(
      await server.store.db.selectFrom('messages').select('id').where('case_id', '=', unstarted).execute(),
    ).toEqual(messagesBefore);
    // The one who had it is told it left them.
    const told = await updatesTo(unstarted, a.operatorId);
    const assignees = told.map(
      (e) => (JSON.parse(e.payload) as { case: { assigneeId: number | null } }).case.assigneeId,
    );
    expect(assignees).toContain(b.operatorId);
  });

  it('a reconnect within the grace keeps the operator online; only the last socket counts', async () => {
    const a = await loginOnlineOperator(server, 'a@example.com', [1]);
    const first = await openSocket(a);
    const second2 = await openSocket(a);
    await first.close();
    await eventually(() => expect(server.services.presenceSockets.socketsOf(a.operatorId)).toBe(1));
    expect(time.waiting).toBe(0);
    await closeSocket(second2, a.operatorId, 1);
    time.advance(100 * second);
    const again = await openSocket(a);
    expect(time.waiting).toBe(0);
    time.advance(10 * 60 * second);
    expect(await operatorRow(a.operatorId)).toMatchObject({ presence: 'online' });

    // The grace is the settings' presenceGraceSeconds.
    await server.store.write((tx) =>
      server.services.routingSettings.write(tx, RoutingSettings.parse({ presenceGraceSeconds: 30 })),
    );
    await closeSocket(again, a.operatorId, 1);
    time.advance(30 * second);
    await eventually(async () =>
      expect(await operatorRow(a.operatorId)).toMatchObject({ presence: 'offline' }),
    );
  });

  it('a presence chosen after the socket closed is kept when the grace ends', async () => {
    const a = await loginOnlineOperator(server, 'a@example.com', [1]);
    const { unstarted } = await startedAndUnstarted(a);
    const ws = await openSocket(a);
    await closeSocket(ws, a.operatorId, 1);
    time.advance(10 * second);
    expect((await setPresence(a, { presence: 'away', reason: 'meeting' })).statusCode).toBe(200);
    const grace = vi.spyOn(server.services.presence, 'offlineAfterGrace');
    time.advance(120 * second);
    expect(grace).toHaveBeenCalledTimes(1);
    expect(await grace.mock.results[0]?.value).toBe(false);
    expect(await operatorRow(a.operatorId)).toMatchObject({ presence: 'away', presence_reason: 'meeting' });
    expect(await caseRow(server, unstarted)).toMatchObject({ assignee_id: a.operatorId });
  });

  it('a shift end sets offline and returns every open case, messages intact, to others', async () => {
    const a = await loginOnlineOperator(server, 'a@example.com', [1]);
    const { started, unstarted } = await startedAndUnstarted(a);
    const b = await loginOnlineOperator(server, 'b@example.com', [1]);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/operators/me/shift-end',
      headers: authHeaders(a),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      operator: { presence: 'offline', presenceReason: 'shift_end' },
      returnedCaseIds: [started, unstarted],
    });
    for (const id of [started, unstarted])
      expect(await caseRow(server, id)).toMatchObject({ status: 'assigned', assignee_id: b.operatorId });
    const texts = await server.store.db
      .selectFrom('messages')
      .select('text')
      .where('case_id', '=', started)
      .orderBy('id')
      .execute();
    expect(texts.map((m) => m.text)).toEqual(['Первый вопрос', 'Сейчас посмотрю']);
  });

  it('disabling an operator sets them offline with a period and returns their unstarted cases', async () => {
    const admin = await loginAdmin(server);
    const a = await loginOnlineOperator(server, 'a@example.com', [1]);
    const { unstarted } = await startedAndUnstarted(a);
    const res = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/operators/${a.operatorId}`,
      headers: authHeaders(admin),
      payload: { disabled: true },
    });
    expect(res.json()).toMatchObject({ presence: 'offline', presenceReason: 'disabled' });
    expect(await caseRow(server, unstarted)).toMatchObject({ status: 'queued', assignee_id: null });
    expect((await periods(a.operatorId)).at(-1)).toMatchObject({ presence: 'offline', reason: 'disabled' });
  });
});
