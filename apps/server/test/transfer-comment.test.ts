import { describe, expect, it } from 'vitest';
import { caseRow as storedCase, openWebChatCase } from './support/cases.ts';
import { errorCode } from './support/helpers.ts';
import { authHeaders, dialects, loginAs, type LoggedIn, type TestServer } from './support/test-server.ts';
import { startServerForEachTest } from './support/server-lifecycle.ts';

describe.each(dialects)('a transfer with a comment on %s', (dialect) => {
  let server: TestServer;
  startServerForEachTest(dialect, (s) => (server = s), { workers: false });

  const post = (s: LoggedIn, url: string, payload: Record<string, unknown>) =>
    server.app.inject({ method: 'POST', url, headers: authHeaders(s), payload });
  const notes = (caseId: number) =>
    server.store.db
      .selectFrom('messages')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('direction', '=', 'note')
      .execute();

  it('keeps the comment as an internal note by the actor, tells the new queue, and the case waits anew', async () => {
    const a = await loginAs(server, { email: 'tc-a@example.com', queueIds: [1], online: true });
    const b = await loginAs(server, { email: 'tc-b@example.com', queueIds: [2], online: true });
    const { caseId } = await openWebChatCase(server, { entryPoint: 'general', text: 'переведите меня' });
    expect((await storedCase(server, caseId)).assignee_id).toBe(a.operatorId);

    const res = await post(a, `/api/v1/cases/${caseId}/transfer`, {
      queueId: 2,
      comment: 'Клиент спрашивает о переносе номера / asks about number porting',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ assigneeId: number }>().assigneeId).toBe(b.operatorId);
    const [note, ...more] = await notes(caseId);
    expect(more).toHaveLength(0);
    expect(note).toMatchObject({
      author_operator_id: a.operatorId,
      text: 'Клиент спрашивает о переносе номера / asks about number porting',
      channel_account_id: null,
    });
    // The note reaches the new assignee and queue as a message event.
    const events = await server.store.db
      .selectFrom('outbox_events')
      .select(['type', 'queue_id', 'operator_id', 'payload'])
      .where('case_id', '=', caseId)
      .where('type', '=', 'message.created')
      .execute();
    expect(events.some((e) => e.payload.includes(`"id":${note?.id},`) && e.queue_id === 2)).toBe(true);
    // The previous assignee is told the case now belongs to queue 2 and b: their workspace drops it.
    const told = await server.store.db
      .selectFrom('outbox_events')
      .select('payload')
      .where('case_id', '=', caseId)
      .where('type', '=', 'case.updated')
      .where('operator_id', '=', a.operatorId)
      .execute();
    expect(told.map((e) => (JSON.parse(e.payload) as { case: unknown }).case).at(-1)).toMatchObject({
      queueId: 2,
      assigneeId: b.operatorId,
    });
  });

  it('a transfer to a queue restarts the wait; without a comment no note is written', async () => {
    const a = await loginAs(server, { email: 'tw-a@example.com', queueIds: [1], online: true });
    const { caseId } = await openWebChatCase(server, { entryPoint: 'general', text: 'hi' });
    await server.store.db
      .updateTable('cases')
      .set({ queued_at: '2020-01-01T00:00:00.000Z' })
      .where('id', '=', caseId)
      .execute();
    expect((await post(a, `/api/v1/cases/${caseId}/transfer`, { queueId: 3 })).statusCode).toBe(200);
    const row = await storedCase(server, caseId);
    expect(row).toMatchObject({ queue_id: 3, status: 'queued' });
    expect(row.queued_at).not.toBe('2020-01-01T00:00:00.000Z');
    expect(await notes(caseId)).toHaveLength(0);
  });

  it('refuses a comment over 1000 characters, and an empty one, with VALIDATION_FAILED and no change', async () => {
    const a = await loginAs(server, { email: 'tl-a@example.com', queueIds: [1], online: true });
    const { caseId } = await openWebChatCase(server, { entryPoint: 'general', text: 'hi' });
    for (const comment of ['x'.repeat(1001), '   ']) {
      const res = await post(a, `/api/v1/cases/${caseId}/transfer`, { queueId: 2, comment });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
    }
    expect(await storedCase(server, caseId)).toMatchObject({ queue_id: 1, assignee_id: a.operatorId });
    expect(await notes(caseId)).toHaveLength(0);
  });
});
