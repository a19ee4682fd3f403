import { beforeAll, describe, expect, it } from 'vitest';
import { chatHistory } from './support/chat.ts';
import {
  caseOfMessage,
  caseRow,
  disableReopenWindow,
  openWebChatCase,
  resolveCase,
} from './support/cases.ts';
import { errorCode } from './support/helpers.ts';
import { loginSupervisor } from './support/people.ts';
import { messageRow as storedMessage, postReply } from './support/replies.ts';
import {
  authHeaders,
  customerSends,
  dialects,
  eventually,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';
import { startServerForSuite } from './support/server-lifecycle.ts';

describe.each(dialects)('messages on %s', (dialect) => {
  let server: TestServer;
  let sup: LoggedIn;
  startServerForSuite(dialect, (s) => (server = s));
  beforeAll(async () => {
    sup = await loginSupervisor(server, 'msg-sup@example.com');
  });

  const caseOf = (messageId: number) => caseOfMessage(server, messageId);
  const reply = (
    caseId: number,
    text: string,
    clientMsgId: string,
    extra: Record<string, unknown> = {},
    as: LoggedIn = sup,
  ) => postReply(server, as, caseId, { clientMsgId, text, ...extra });
  const history = (token: string, since = 0) => chatHistory(server, token, since);
  const messageRow = (id: number) => storedMessage(server, id);
  const waitSent = (id: number) =>
    eventually(async () => {
      expect((await messageRow(id)).status).toBe('sent');
    });

  it('a reply is delivered to the customer; an internal note is stored but never reaches the customer', async () => {
    const { visitorToken: token, caseId } = await openWebChatCase(server, { text: 'Где мой заказ?' });

    const r = await reply(caseId, 'Уже едет', 'reply-key-0001');
    expect(r.statusCode).toBe(201);
    const out = r.json<{ id: number; direction: string; status: string; authorOperatorId: number }>();
    expect(out).toMatchObject({ direction: 'out', status: 'queued', authorOperatorId: sup.operatorId });
    const n = await reply(caseId, 'SECRET internal note: VIP customer', 'note-key-0001', { note: true });
    expect(n.statusCode).toBe(201);
    const note = n.json<{ id: number; direction: string }>();
    expect(note.direction).toBe('note');

    await waitSent(out.id);
    const deliveries = await server.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('message_id', 'in', [out.id, note.id])
      .execute();
    expect(deliveries.map((d) => [d.message_id, d.status])).toEqual([[out.id, 'done']]);

    const items = await eventually(async () => {
      const h = await history(token);
      expect(h.items.some((i) => i.event.message?.id === out.id)).toBe(true);
      return h.items;
    });
    expect(items.find((i) => i.event.message?.id === out.id)?.event.message).toMatchObject({
      direction: 'out',
      text: 'Уже едет',
      status: 'sent',
    });
    expect(JSON.stringify(items)).not.toContain('SECRET internal note');
    expect(items.some((i) => i.event.message?.id === note.id)).toBe(false);
    const customerEvents = await server.store.db
      .selectFrom('outbox_events')
      .select('payload')
      .where('audience', '=', 'customer')
      .execute();
    expect(customerEvents.some((e) => e.payload.includes('SECRET internal note'))).toBe(false);

    // The operator's timeline has all three, in order.
    const c = await caseRow(server, caseId);
    const tl = await server.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${c.customer_id}/timeline`,
      headers: authHeaders(sup),
    });
    expect(tl.json<Array<{ direction: string; text: string }>>().map((m) => m.direction)).toEqual([
      'in',
      'out',
      'note',
    ]);
  });

  it('replying to a resolved case → 409 CASE_RESOLVED and nothing is stored', async () => {
    const { caseId } = await openWebChatCase(server, { text: 'спасибо, всё' });
    await resolveCase(server, sup, caseId);
    const res = await reply(caseId, 'late reply', 'late-reply-0001');
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('CASE_RESOLVED');
    const rows = await server.store.db
      .selectFrom('messages')
      .select('id')
      .where('case_id', '=', caseId)
      .where('direction', '=', 'out')
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('the same clientMsgId on another case → 409 IDEMPOTENCY_MISMATCH; on the same case → the same message', async () => {
    const { caseId: c1 } = await openWebChatCase(server, { text: 'one' });
    const { caseId: c2 } = await openWebChatCase(server, { text: 'two' });
    const first = await reply(c1, 'hello', 'idem-key-0001');
    expect(first.statusCode).toBe(201);
    const again = await reply(c1, 'hello', 'idem-key-0001');
    expect(again.json<{ id: number }>().id).toBe(first.json<{ id: number }>().id);
    const other = await reply(c2, 'hello', 'idem-key-0001');
    expect(other.statusCode).toBe(409);
    expect(errorCode(other)).toBe('IDEMPOTENCY_MISMATCH');
    expect(
      await server.store.db
        .selectFrom('messages')
        .select('id')
        .where('case_id', '=', c2)
        .where('direction', '=', 'out')
        .execute(),
    ).toHaveLength(0);
  });

  it('customer read receipts move outbound messages to read, and statuses never go backwards', async () => {
    const { visitorToken: token, caseId } = await openWebChatCase(server, { text: 'read me' });
    const r1 = (await reply(caseId, 'first', 'rr-key-00001')).json<{ id: number }>();
    const r2 = (await reply(caseId, 'second', 'rr-key-00002')).json<{ id: number }>();
    await waitSent(r1.id);
    await waitSent(r2.id);

    const read = await server.app.inject({
      method: 'POST',
      url: '/api/v1/chat/read',
      headers: { authorization: `Bearer ${token}` },
      payload: { upToMessageId: r1.id },
    });
    expect(read.statusCode).toBe(204);
    expect((await messageRow(r1.id)).status).toBe('read');
    expect((await messageRow(r2.id)).status).toBe('sent'); // above upToMessageId

    const identityId = (await messageRow(r1.id)).identity_id ?? -1;
    const changedSent = await server.store.write((tx) =>
      server.services.cases.advanceOutboundStatus(tx, { identityId, upToMessageId: r2.id }, 'sent'),
    );
    expect(changedSent).toEqual([]);
    const changedDelivered = await server.store.write((tx) =>
      server.services.cases.advanceOutboundStatus(tx, { identityId, upToMessageId: r2.id }, 'delivered'),
    );
    expect(changedDelivered).toEqual([r2.id]);
    expect((await messageRow(r1.id)).status).toBe('read');
    expect((await messageRow(r2.id)).status).toBe('delivered');

    // Another visitor cannot mark someone else's messages read.
    const { visitorToken: stranger } = await openWebChatCase(server, { text: 'hi' });
    await server.app.inject({
      method: 'POST',
      url: '/api/v1/chat/read',
      headers: { authorization: `Bearer ${stranger}` },
      payload: { upToMessageId: r2.id },
    });
    expect((await messageRow(r2.id)).status).toBe('delivered');

    // The customer stream shows the read status, and the operators get message.status.
    await eventually(async () => {
      const h = await history(token);
      expect(
        h.items.some(
          (i) => i.event.type === 'status' && i.event.messageId === r1.id && i.event.status === 'read',
        ),
      ).toBe(true);
    });
    const opEvents = await server.store.db
      .selectFrom('outbox_events')
      .select('payload')
      .where('type', '=', 'message.status')
      .where('audience', '=', 'operators')
      .execute();
    expect(
      opEvents.map((e) => JSON.parse(e.payload) as { messageId: number; status: string }),
    ).toContainEqual(expect.objectContaining({ messageId: r1.id, status: 'read' }));
  });

  it('operator read marks inbound messages read and the customer history gets status events', async () => {
    const m1 = await openWebChatCase(server, { text: 'first' });
    const { caseId, visitorToken: token } = m1;
    const m2 = await customerSends(server, token, 'second');
    expect((await caseRow(server, caseId)).unread).toBe(2);
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/read`,
      headers: authHeaders(sup),
    });
    expect(res.statusCode).toBe(204);
    expect((await messageRow(m1.messageId)).status).toBe('read');
    expect((await messageRow(m2.messageId)).status).toBe('read');
    expect((await caseRow(server, caseId)).unread).toBe(0);
    await eventually(async () => {
      const statuses = (await history(token)).items.filter((i) => i.event.type === 'status');
      expect(statuses.map((i) => [i.event.messageId, i.event.status])).toEqual([
        [m1.messageId, 'read'],
        [m2.messageId, 'read'],
      ]);
    });
  });

  it('messages continue the open case; after resolve (no reopen window) a new message opens a new case; the timeline spans both', async () => {
    await disableReopenWindow(server);
    const { caseId: first, visitorToken: token } = await openWebChatCase(server, { text: 'msg 1' });
    const b = await customerSends(server, token, 'msg 2');
    expect(await caseOf(b.messageId)).toBe(first);
    const r = await reply(first, 'answer 1', 'tl-key-00001');
    expect(r.statusCode).toBe(201);
    await resolveCase(server, sup, first);

    const c = await customerSends(server, token, 'msg 3, new problem');
    const second = await caseOf(c.messageId);
    expect(second).not.toBe(first);
    const cases = await server.store.db
      .selectFrom('cases')
      .selectAll()
      .where('id', 'in', [first, second])
      .orderBy('id')
      .execute();
    expect(cases.map((x) => x.status)).toEqual(['resolved', expect.stringMatching(/queued|assigned/)]);
    expect(cases[0]?.customer_id).toBe(cases[1]?.customer_id);

    const tl = await server.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${cases[0]?.customer_id ?? 0}/timeline`,
      headers: authHeaders(sup),
    });
    expect(tl.statusCode).toBe(200);
    const items = tl.json<Array<{ id: number; caseId: number; text: string; direction: string }>>();
    expect(items.map((m) => [m.caseId, m.text])).toEqual([
      [first, 'msg 1'],
      [first, 'msg 2'],
      [first, 'answer 1'],
      [second, 'msg 3, new problem'],
    ]);
    const ids = items.map((m) => m.id);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
  });

  it('stores and returns an XSS payload verbatim (no HTML processing anywhere)', async () => {
    const payload = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" 'single' </textarea>`;
    const { visitorToken: token, messageId, caseId } = await openWebChatCase(server, { text: payload });
    expect((await messageRow(messageId)).text).toBe(payload);
    const r = await reply(caseId, payload, 'xss-key-00001');
    expect(r.json<{ text: string }>().text).toBe(payload);
    const tl = await server.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${(await messageRow(messageId)).customer_id}/timeline`,
      headers: authHeaders(sup),
    });
    expect(tl.headers['content-type']).toMatch(/application\/json/);
    expect(tl.json<Array<{ text: string }>>().map((m) => m.text)).toEqual([payload, payload]);
    const detail = await server.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}`,
      headers: authHeaders(sup),
    });
    expect(detail.json<{ lastMessageText: string }>().lastMessageText).toBe(payload);
    await eventually(async () => {
      const texts = (await history(token)).items
        .filter((i) => i.event.type === 'message')
        .map((i) => i.event.message?.text);
      expect(texts).toEqual([payload, payload]);
    });
  });
});
