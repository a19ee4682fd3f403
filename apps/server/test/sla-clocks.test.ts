import { describe, expect, it } from 'vitest';
import { caseRow, openWebChatCase, resolveCase } from './support/cases.ts';
import { replyAsOperator } from './support/replies.ts';
import { startServerForEachTest } from './support/server-lifecycle.ts';
import {
  moscowWeekdays,
  outboxEvents,
  setBusinessHours,
  setSlaPolicy,
  slaEvents,
  TestClock,
} from './support/sla.ts';
import { authHeaders, customerSends, dialects, loginAs, type TestServer } from './support/test-server.ts';

// Wednesday 2026-12-09 10:00 Moscow.
const t0 = '2026-12-09T07:00:00.000Z';
const after = (seconds: number) => new Date(Date.parse(t0) + seconds * 1000).toISOString();

describe.each(dialects)('SLA clocks on %s', (dialect) => {
  let server: TestServer;
  const clock = new TestClock(t0);
  startServerForEachTest(dialect, (s) => (server = s), { workers: false, clock });
  const watch = () => server.services.slaWatcher.runOnce(clock.now());

  it('opening sets first-response and resolution due; the case DTOs carry them', async () => {
    clock.at(t0);
    await setSlaPolicy(server, 1, { first: 600, next: 300, resolution: 3600 });
    const op = await loginAs(server, { email: 'a@example.com', role: 'supervisor', queueIds: [1] });
    const { caseId } = await openWebChatCase(server);
    expect(await caseRow(server, caseId)).toMatchObject({
      sla_state: 'ok',
      sla_first_due: after(600),
      sla_next_due: null,
      sla_resolution_due: after(3600),
      awaiting_reply_since: t0,
      queued_at: t0,
    });
    const sla = {
      state: 'ok',
      firstResponseDue: after(600),
      nextResponseDue: null,
      resolutionDue: after(3600),
    };
    const detail = await server.app.inject({ url: `/api/v1/cases/${caseId}`, headers: authHeaders(op) });
    expect(detail.json()).toMatchObject({ sla, queuedAt: t0 });
    const list = await server.app.inject({ url: '/api/v1/cases', headers: authHeaders(op) });
    expect(list.json()).toMatchObject([{ id: caseId, sla, queuedAt: t0 }]);
  });

  it('a case of an entry point without a policy has no SLA', async () => {
    const { caseId } = await openWebChatCase(server);
    expect((await caseRow(server, caseId)).sla_state).toBeNull();
    expect(await watch()).toEqual({ opened: 0, overflowed: 0, checked: 0 });
  });

  it('first response: a warning at warn_percent, a breach at due, each once, published and escalated', async () => {
    clock.at(t0);
    await setSlaPolicy(server, 1, { first: 600, warnPercent: 50 });
    const { caseId } = await openWebChatCase(server);
    clock.at(after(299));
    expect((await watch()).checked).toBe(0);
    clock.at(after(300));
    expect((await watch()).checked).toBe(1);
    expect((await caseRow(server, caseId)).sla_state).toBe('warning');
    expect(await slaEvents(server, caseId)).toEqual(['first_response:warning']);
    const updates = await outboxEvents(server, 'case.updated', caseId);
    expect(updates.at(-1)?.event).toMatchObject({ case: { id: caseId, sla: { state: 'warning' } } });
    clock.at(after(400));
    expect((await watch()).checked).toBe(0);
    clock.at(after(600));
    expect((await watch()).checked).toBe(1);
    const row = await caseRow(server, caseId);
    expect(row).toMatchObject({ sla_state: 'breached', escalated_at: after(600) });
    expect(await slaEvents(server, caseId)).toEqual(['first_response:warning', 'first_response:breach']);
    // The escalation: to supervisors and admins (no assignee, no queue row), once.
    const escalations = await outboxEvents(server, 'case.escalated', caseId);
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.event).toMatchObject({
      clock: 'first_response',
      dueAt: after(600),
      case: { id: caseId, sla: { state: 'breached', escalatedAt: after(600) } },
    });
    expect(escalations[0]?.operator_id).toBeNull();
    clock.at(after(900));
    expect((await watch()).checked).toBe(0);
    expect(await outboxEvents(server, 'case.escalated', caseId)).toHaveLength(1);
  });

  it('a policy that does not escalate records the breach only', async () => {
    clock.at(t0);
    await setSlaPolicy(server, 1, { first: 60, escalate: false });
    const { caseId } = await openWebChatCase(server);
    clock.at(after(60));
    await watch();
    expect(await caseRow(server, caseId)).toMatchObject({ sla_state: 'breached', escalated_at: null });
    expect(await outboxEvents(server, 'case.escalated', caseId)).toEqual([]);
  });

  it('replies meet the response clocks; a customer message starts the next one; resolve meets resolution', async () => {
    clock.at(t0);
    await setSlaPolicy(server, 1, { first: 600, next: 300, resolution: 3600 });
    const op = await loginAs(server, { email: 'a@example.com', queueIds: [1], online: true });
    const { caseId, visitorToken } = await openWebChatCase(server);
    clock.at(after(100));
    await replyAsOperator(server, op, caseId, 'hello');
    expect(await caseRow(server, caseId)).toMatchObject({
      sla_first_due: null,
      sla_next_due: null,
      awaiting_reply_since: null,
      sla_resolution_due: after(3600),
    });
    expect(await slaEvents(server, caseId)).toEqual(['first_response:met']);
    clock.at(after(200));
    await customerSends(server, visitorToken, 'one more thing');
    clock.at(after(250));
    // A second message while a reply is pending keeps the clock where it started.
    await customerSends(server, visitorToken, 'and another');
    expect(await caseRow(server, caseId)).toMatchObject({
      awaiting_reply_since: after(200),
      sla_next_due: after(500),
    });
    clock.at(after(400));
    await replyAsOperator(server, op, caseId, 'done');
    expect(await caseRow(server, caseId)).toMatchObject({ sla_next_due: null, awaiting_reply_since: null });
    clock.at(after(500));
    await resolveCase(server, op, caseId);
    expect(await caseRow(server, caseId)).toMatchObject({ sla_resolution_due: null, sla_state: 'ok' });
    expect(await slaEvents(server, caseId)).toEqual([
      'first_response:met',
      'next_response:met',
      'resolution:met',
    ]);
  });

  it('a late reply stops the breached clock without a met event, and the state follows the clocks left', async () => {
    clock.at(t0);
    await setSlaPolicy(server, 1, { first: 60, resolution: 3600, escalate: false });
    const op = await loginAs(server, { email: 'a@example.com', queueIds: [1], online: true });
    const { caseId } = await openWebChatCase(server);
    clock.at(after(120));
    await watch();
    expect((await caseRow(server, caseId)).sla_state).toBe('breached');
    await replyAsOperator(server, op, caseId, 'sorry for the wait');
    expect(await caseRow(server, caseId)).toMatchObject({ sla_state: 'ok', sla_first_due: null });
    expect(await slaEvents(server, caseId)).toEqual(['first_response:breach']);
  });

  it('in business hours only, the clocks stop while the entry point is closed', async () => {
    // Friday 17:45 Moscow: 15 minutes today, the rest from Monday 09:00.
    clock.at('2026-12-11T14:45:00.000Z');
    await setBusinessHours(server, 1, moscowWeekdays);
    await setSlaPolicy(server, 1, { first: 3600, warnPercent: 50, businessHoursOnly: true, escalate: false });
    const { caseId } = await openWebChatCase(server);
    expect((await caseRow(server, caseId)).sla_first_due).toBe('2026-12-14T06:45:00.000Z');
    const stateAt = async (iso: string) => {
      clock.at(iso);
      await watch();
      return (await caseRow(server, caseId)).sla_state;
    };
    // All weekend long (hours of wall time, 15 business minutes): no warning yet.
    expect(await stateAt('2026-12-11T14:59:00.000Z')).toBe('ok');
    expect(await stateAt('2026-12-13T20:00:00.000Z')).toBe('ok');
    // 30 business minutes on Monday 09:15, due on Monday 09:45.
    expect(await stateAt('2026-12-14T06:14:00.000Z')).toBe('ok');
    expect(await stateAt('2026-12-14T06:15:00.000Z')).toBe('warning');
    expect(await stateAt('2026-12-14T06:44:00.000Z')).toBe('warning');
    expect(await stateAt('2026-12-14T06:45:00.000Z')).toBe('breached');
  });
});

describe.each(dialects)('overflow on %s', (dialect) => {
  let server: TestServer;
  const clock = new TestClock(t0);
  startServerForEachTest(dialect, (s) => (server = s), { workers: false, clock });
  const watch = () => server.services.slaWatcher.runOnce(clock.now());

  it('a case waiting past overflow_after_seconds moves once to the overflow queue and is routed there', async () => {
    clock.at(t0);
    await setSlaPolicy(server, 1, { overflowAfter: 120, overflowQueueId: 2 });
    const { caseId } = await openWebChatCase(server);
    clock.at(after(119));
    expect((await watch()).overflowed).toBe(0);
    expect((await caseRow(server, caseId)).queue_id).toBe(1);
    // Someone of the backup queue is there to take it.
    const backup = await loginAs(server, { email: 'b@example.com', queueIds: [2], online: true });
    clock.at(after(120));
    expect((await watch()).overflowed).toBe(1);
    expect(await caseRow(server, caseId)).toMatchObject({
      queue_id: 2,
      overflowed_at: after(120),
      queued_at: t0,
      status: 'assigned',
      assignee_id: backup.operatorId,
    });
    // Both queues hear of it.
    const updates = await outboxEvents(server, 'case.updated', caseId);
    expect(updates.map((u) => u.queue_id)).toEqual(expect.arrayContaining([1, 2]));
  });

  it('a transfer to a queue starts a new wait; overflow counts from there', async () => {
    clock.at(t0);
    await setSlaPolicy(server, 1, { overflowAfter: 120, overflowQueueId: 2 });
    const sup = await loginAs(server, { email: 's@example.com', role: 'supervisor', queueIds: [1, 3] });
    const { caseId } = await openWebChatCase(server);
    clock.at(after(100));
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/transfer`,
      headers: authHeaders(sup),
      payload: { queueId: 3 },
    });
    expect(res.statusCode).toBe(200);
    expect((await caseRow(server, caseId)).queued_at).toBe(after(100));
    clock.at(after(200));
    expect((await watch()).overflowed).toBe(0);
    clock.at(after(220));
    expect((await watch()).overflowed).toBe(1);
    expect(await caseRow(server, caseId)).toMatchObject({ queue_id: 2, queued_at: after(100) });
  });

  it('a case overflows once: put back in its queue, it stays there', async () => {
    clock.at(t0);
    await setSlaPolicy(server, 1, { overflowAfter: 60, overflowQueueId: 2 });
    const { caseId } = await openWebChatCase(server);
    clock.at(after(60));
    expect((await watch()).overflowed).toBe(1);
    expect((await caseRow(server, caseId)).queue_id).toBe(2);
    await server.store.db.updateTable('cases').set({ queue_id: 1 }).where('id', '=', caseId).execute();
    clock.at(after(600));
    expect((await watch()).overflowed).toBe(0);
    expect((await caseRow(server, caseId)).queue_id).toBe(1);
  });
});
