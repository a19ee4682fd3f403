import { describe, expect, it } from 'vitest';
import { caseOfMessage, caseRow, openWebChatCase, resolveCase } from './support/cases.ts';
import { loginOnlineOperator } from './support/people.ts';
import {
  authHeaders,
  customerSends,
  dialects,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';
import { startServerForEachTest } from './support/server-lifecycle.ts';

const hour = 3_600_000;

describe.each(dialects)('one case across a return, on %s', (dialect) => {
  let server: TestServer;
  let nowMs = Date.parse('2026-12-01T09:00:00Z');
  const clock = { now: () => new Date(nowMs) };
  // Visitor tokens outlive the jumps of the fake clock (a returning widget visitor refreshes theirs).
  startServerForEachTest(dialect, (s) => (server = s), {
    workers: false,
    clock,
    env: { CHAT_TOKEN_TTL_SECONDS: String(7 * 24 * 3600) },
  });

  const setPresence = (s: LoggedIn, presence: string) =>
    server.app.inject({
      method: 'PUT',
      url: '/api/v1/operators/me/presence',
      headers: authHeaders(s),
      payload: { presence },
    });

  /** A customer's case handled and resolved by `by`; returns its id and the visitor token. */
  async function resolvedCase(by: LoggedIn, entryPoint = 'general') {
    const opened = await openWebChatCase(server, { entryPoint, text: 'Не работает интернет' });
    expect(await caseRow(server, opened.caseId)).toMatchObject({ assignee_id: by.operatorId });
    await resolveCase(server, by, opened.caseId);
    return opened;
  }

  it('a message within the reopen window reopens the same case and brings it back to the operator who resolved it', async () => {
    const a = await loginOnlineOperator(server, 'a@example.com', [1]);
    const { caseId, visitorToken } = await resolvedCase(a);
    expect(await caseRow(server, caseId)).toMatchObject({ status: 'resolved', resolved_by_id: a.operatorId });
    // Another operator comes online in between: least-loaded routing would pick them, stickiness does not.
    const b = await loginOnlineOperator(server, 'b@example.com', [1]);
    nowMs += 47 * hour;
    const ack = await customerSends(server, visitorToken, 'Снова пропал интернет');
    expect(await caseOfMessage(server, ack.messageId)).toBe(caseId);
    expect(await caseRow(server, caseId)).toMatchObject({ status: 'assigned', assignee_id: a.operatorId });
    expect(b.operatorId).not.toBe(a.operatorId);
  });

  it('when the resolver is offline or full the reopened case goes to the queue instead', async () => {
    const a = await loginOnlineOperator(server, 'a@example.com', [1], 1);
    const first = await resolvedCase(a);
    const second = await resolvedCase(a);
    expect((await setPresence(a, 'offline')).statusCode).toBe(200);
    const b = await loginOnlineOperator(server, 'b@example.com', [1]);
    const ack = await customerSends(server, first.visitorToken, 'Ещё вопрос');
    expect(await caseOfMessage(server, ack.messageId)).toBe(first.caseId);
    expect(await caseRow(server, first.caseId)).toMatchObject({
      status: 'assigned',
      assignee_id: b.operatorId,
    });

    // Back online and at capacity: a new customer's case goes to the least loaded (a, none open), which fills
    // a (capacity 1); the next return is not forced onto them.
    expect((await setPresence(a, 'online')).statusCode).toBe(200);
    const third = await openWebChatCase(server, { text: 'Новый клиент' });
    expect(await caseRow(server, third.caseId)).toMatchObject({ assignee_id: a.operatorId });
    const ack2 = await customerSends(server, second.visitorToken, 'И ещё');
    expect(await caseOfMessage(server, ack2.messageId)).toBe(second.caseId);
    expect(await caseRow(server, second.caseId)).toMatchObject({
      status: 'assigned',
      assignee_id: b.operatorId,
    });
  });

  it('after the window, or on an entry point whose window is 0, a new message opens a new case', async () => {
    const a = await loginOnlineOperator(server, 'a@example.com', [1, 2]);
    await server.store.db
      .updateTable('entry_points')
      .set({ reopen_window_hours: 0 })
      .where('slug', '=', 'mnp')
      .execute();
    const mnp = await resolvedCase(a, 'mnp');
    const again = await customerSends(server, mnp.visitorToken, 'Сразу же');
    expect(await caseOfMessage(server, again.messageId)).not.toBe(mnp.caseId);

    const old = await resolvedCase(a);
    nowMs += 48 * hour + 1000;
    const late = await customerSends(server, old.visitorToken, 'Через два дня');
    expect(await caseOfMessage(server, late.messageId)).not.toBe(old.caseId);
    expect(await caseRow(server, old.caseId)).toMatchObject({ status: 'resolved' });
  });
});
