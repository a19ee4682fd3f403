import { describe, expect, it } from 'vitest';
import { caseRow as storedCase, openWebChatCase } from './support/cases.ts';
import { errorCode } from './support/helpers.ts';
import { authHeaders, dialects, loginAs, type LoggedIn, type TestServer } from './support/test-server.ts';
import { startServerForEachTest } from './support/server-lifecycle.ts';

describe.each(dialects)('routing on %s', (dialect) => {
  let server: TestServer;
  startServerForEachTest(dialect, (s) => (server = s), { workers: false });

  /** A new customer writes in on `entryPoint`; returns the case row it opened. */
  async function newCase(entryPoint = 'general', text = 'help') {
    return caseRow((await openWebChatCase(server, { entryPoint, text })).caseId);
  }
  const caseRow = (id: number) => storedCase(server, id);
  const post = (s: LoggedIn, url: string, payload?: unknown) =>
    server.app.inject({
      method: 'POST',
      url,
      headers: authHeaders(s),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const setPresence = (s: LoggedIn, presence: string) =>
    server.app.inject({
      method: 'PUT',
      url: '/api/v1/operators/me/presence',
      headers: authHeaders(s),
      payload: { presence },
    });
  const audit = (action: string, caseId: number) =>
    server.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .where('target_type', '=', 'case')
      .where('target_id', '=', String(caseId))
      .execute();

  it('a new case goes to the least-loaded online operator of its queue; offline, away and other-queue operators get nothing', async () => {
    const a = await loginAs(server, { email: 'a@example.com', queueIds: [1], online: true });
    const b = await loginAs(server, { email: 'b@example.com', queueIds: [1], online: true });
    const other = await loginAs(server, { email: 'other@example.com', queueIds: [2], online: true });
    const offline = await loginAs(server, { email: 'off@example.com', queueIds: [1] });
    const away = await loginAs(server, { email: 'away@example.com', queueIds: [1], online: true });
    expect((await setPresence(away, 'away')).statusCode).toBe(200);

    const assignees: Array<number | null> = [];
    for (let i = 0; i < 4; i++) {
      const c = await newCase();
      expect(c.status).toBe('assigned');
      assignees.push(c.assignee_id);
    }
    // Each new case goes to whoever has fewer open cases: the load alternates.
    expect(assignees[0]).not.toBe(assignees[1]);
    expect(assignees[2]).not.toBe(assignees[3]);
    expect(assignees.filter((x) => x === a.operatorId)).toHaveLength(2);
    expect(assignees.filter((x) => x === b.operatorId)).toHaveLength(2);
    for (const nobody of [other, offline, away]) expect(assignees).not.toContain(nobody.operatorId);

    // The queue-2 case goes to the queue-2 operator only.
    const q2 = await newCase('mnp');
    expect(q2).toMatchObject({ queue_id: 2, status: 'assigned', assignee_id: other.operatorId });
  });

  it('with nobody online or everyone at capacity the case waits queued', async () => {
    const noOne = await newCase();
    expect(noOne).toMatchObject({ status: 'queued', assignee_id: null });
    const a = await loginAs(server, { email: 'cap@example.com', queueIds: [1], capacity: 1 });
    // Going online hands the oldest waiting case over immediately.
    expect((await setPresence(a, 'online')).statusCode).toBe(200);
    expect(await caseRow(noOne.id)).toMatchObject({ status: 'assigned', assignee_id: a.operatorId });
    const waiting = await newCase();
    expect(waiting).toMatchObject({ status: 'queued', assignee_id: null });
    const queues = await server.app.inject({ method: 'GET', url: '/api/v1/queues', headers: authHeaders(a) });
    expect(queues.json<Array<{ id: number; waiting: number }>>().find((q) => q.id === 1)?.waiting).toBe(1);
  });

  it('when an operator resolves a case, the OLDEST waiting case is assigned to them', async () => {
    const a = await loginAs(server, { email: 'res@example.com', queueIds: [1], capacity: 1, online: true });
    const first = await newCase();
    expect(first.assignee_id).toBe(a.operatorId);
    const oldest = await newCase('general', 'second');
    const newest = await newCase('general', 'third');
    expect([oldest.status, newest.status]).toEqual(['queued', 'queued']);

    const res = await post(a, `/api/v1/cases/${first.id}/resolve`);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ status: string }>().status).toBe('resolved');
    expect(await caseRow(first.id)).toMatchObject({ status: 'resolved' });
    expect((await caseRow(first.id)).resolved_at).not.toBeNull();
    expect(await caseRow(oldest.id)).toMatchObject({ status: 'assigned', assignee_id: a.operatorId });
    expect(await caseRow(newest.id)).toMatchObject({ status: 'queued', assignee_id: null });
    const rows = await audit('case.resolve', first.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actor_operator_id).toBe(a.operatorId);
    // Resolving again is a no-op (no second audit row).
    expect((await post(a, `/api/v1/cases/${first.id}/resolve`)).statusCode).toBe(200);
    expect(await audit('case.resolve', first.id)).toHaveLength(1);
  });

  it('going online assigns the oldest waiting cases up to capacity', async () => {
    const c1 = await newCase('general', 'one');
    const c2 = await newCase('general', 'two');
    const c3 = await newCase('general', 'three');
    const a = await loginAs(server, { email: 'late@example.com', queueIds: [1], capacity: 2 });
    expect((await setPresence(a, 'online')).statusCode).toBe(200);
    expect(await caseRow(c1.id)).toMatchObject({ status: 'assigned', assignee_id: a.operatorId });
    expect(await caseRow(c2.id)).toMatchObject({ status: 'assigned', assignee_id: a.operatorId });
    expect(await caseRow(c3.id)).toMatchObject({ status: 'queued', assignee_id: null });
  });

  it('transfer to another queue re-routes the case there and is audited', async () => {
    const a = await loginAs(server, { email: 'q1@example.com', queueIds: [1], capacity: 1, online: true });
    const b = await loginAs(server, { email: 'q2@example.com', queueIds: [2], online: true });
    const c = await newCase();
    expect(c.assignee_id).toBe(a.operatorId);
    const waiting = await newCase('general', 'waiting for a');
    expect(waiting.status).toBe('queued');

    const res = await post(a, `/api/v1/cases/${c.id}/transfer`, { queueId: 2 });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ queueId: number; assigneeId: number }>()).toMatchObject({
      queueId: 2,
      assigneeId: b.operatorId,
    });
    expect(await caseRow(c.id)).toMatchObject({ queue_id: 2, status: 'assigned', assignee_id: b.operatorId });
    // a freed up: the waiting queue-1 case goes to a.
    expect(await caseRow(waiting.id)).toMatchObject({ status: 'assigned', assignee_id: a.operatorId });
    const rows = await audit('case.transfer', c.id);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]?.details ?? '{}')).toMatchObject({
      fromQueue: 1,
      toQueue: 2,
      fromOperator: a.operatorId,
      toOperator: b.operatorId,
    });
    // a no longer sees the case (queue 2, not theirs).
    expect(
      errorCode(
        await server.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: authHeaders(a) }),
      ),
    ).toBe('CASE_NOT_FOUND');

    const bad = await post(b, `/api/v1/cases/${c.id}/transfer`, { queueId: 999 });
    expect(bad.statusCode).toBe(404);
    expect(errorCode(bad)).toBe('QUEUE_NOT_FOUND');
  });

  it('transfer to a queue nobody serves leaves the case queued there', async () => {
    const a = await loginAs(server, { email: 'tq@example.com', queueIds: [1], online: true });
    const c = await newCase();
    const res = await post(a, `/api/v1/cases/${c.id}/transfer`, { queueId: 3 });
    expect(res.statusCode).toBe(200);
    expect(await caseRow(c.id)).toMatchObject({ queue_id: 3, status: 'queued', assignee_id: null });
  });

  it('unassign puts the case back to queued; operators cannot assign to others, supervisors can; all audited', async () => {
    const a = await loginAs(server, { email: 'ua@example.com', queueIds: [1], online: true });
    const b = await loginAs(server, { email: 'ub@example.com', queueIds: [1] });
    const sup = await loginAs(server, { email: 'usup@example.com', role: 'supervisor', queueIds: [] });
    const c = await newCase();
    expect(c.assignee_id).toBe(a.operatorId);

    const forbidden = await post(a, `/api/v1/cases/${c.id}/assign`, { operatorId: b.operatorId });
    expect(forbidden.statusCode).toBe(403);
    expect(errorCode(forbidden)).toBe('FORBIDDEN');
    expect(await caseRow(c.id)).toMatchObject({ assignee_id: a.operatorId });

    // a leaves for a break; the supervisor puts the case back in the queue.
    expect((await setPresence(a, 'away')).statusCode).toBe(200);
    const un = await post(sup, `/api/v1/cases/${c.id}/assign`, { operatorId: null });
    expect(un.statusCode).toBe(200);
    expect(un.json<{ status: string; assigneeId: number | null }>()).toMatchObject({
      status: 'queued',
      assigneeId: null,
    });
    expect(await caseRow(c.id)).toMatchObject({ status: 'queued', assignee_id: null });

    // The supervisor assigns it to b (even offline: a manual assignment).
    const to = await post(sup, `/api/v1/cases/${c.id}/assign`, { operatorId: b.operatorId });
    expect(to.statusCode).toBe(200);
    expect(await caseRow(c.id)).toMatchObject({ status: 'assigned', assignee_id: b.operatorId });

    // An operator may take a case themselves.
    const take = await post(a, `/api/v1/cases/${c.id}/assign`, { operatorId: a.operatorId });
    expect(take.statusCode).toBe(200);
    expect(await caseRow(c.id)).toMatchObject({ status: 'assigned', assignee_id: a.operatorId });

    const unknown = await post(sup, `/api/v1/cases/${c.id}/assign`, { operatorId: 99999 });
    expect(errorCode(unknown)).toBe('OPERATOR_NOT_FOUND');

    const rows = await audit('case.assign', c.id);
    expect(rows.map((r) => [r.actor_operator_id, JSON.parse(r.details) as unknown])).toEqual([
      [sup.operatorId, { from: a.operatorId, to: null }],
      [sup.operatorId, { from: null, to: b.operatorId }],
      [a.operatorId, { from: b.operatorId, to: a.operatorId }],
    ]);
  });

  it('an operator who gives a case up does not get it straight back', async () => {
    const a = await loginAs(server, { email: 'solo@example.com', queueIds: [1], online: true });
    const c = await newCase();
    expect(c.assignee_id).toBe(a.operatorId);
    const un = await post(a, `/api/v1/cases/${c.id}/assign`, { operatorId: null });
    expect(un.statusCode).toBe(200);
    expect(await caseRow(c.id)).toMatchObject({ status: 'queued', assignee_id: null });
    // A later trigger (another operator comes online) hands it out.
    const b = await loginAs(server, { email: 'next@example.com', queueIds: [1], online: true });
    expect(await caseRow(c.id)).toMatchObject({ status: 'assigned', assignee_id: b.operatorId });
  });

  it('unassign with another operator free re-routes the case to them', async () => {
    const a = await loginAs(server, { email: 'ra@example.com', queueIds: [1], capacity: 1, online: true });
    const c = await newCase();
    expect(c.assignee_id).toBe(a.operatorId);
    const b = await loginAs(server, { email: 'rb@example.com', queueIds: [1], capacity: 1, online: true });
    expect((await setPresence(a, 'away')).statusCode).toBe(200);
    const res = await post(a, `/api/v1/cases/${c.id}/assign`, { operatorId: null });
    expect(res.statusCode).toBe(200);
    expect(await caseRow(c.id)).toMatchObject({ status: 'assigned', assignee_id: b.operatorId });
  });

  it('actions on a resolved case are refused with CASE_RESOLVED; reopen assigns it to me', async () => {
    const a = await loginAs(server, { email: 'ro@example.com', queueIds: [1], online: true });
    const c = await newCase();
    expect((await post(a, `/api/v1/cases/${c.id}/resolve`)).statusCode).toBe(200);
    for (const [path, body] of [
      ['assign', { operatorId: a.operatorId }],
      ['transfer', { queueId: 2 }],
    ] as const) {
      const res = await post(a, `/api/v1/cases/${c.id}/${path}`, body);
      expect(res.statusCode).toBe(409);
      expect(errorCode(res)).toBe('CASE_RESOLVED');
    }
    const re = await post(a, `/api/v1/cases/${c.id}/reopen`);
    expect(re.statusCode).toBe(200);
    expect(await caseRow(c.id)).toMatchObject({
      status: 'assigned',
      assignee_id: a.operatorId,
      resolved_at: null,
    });
    expect(await audit('case.reopen', c.id)).toHaveLength(1);
  });
});
