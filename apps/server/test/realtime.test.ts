import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WsClient, type Frame } from './support/helpers.ts';
import { TestSockets } from './support/test-sockets.ts';
import { openWebChatCase } from './support/cases.ts';
import { loginOfflineOperator, loginOnlineOperator, loginSupervisor } from './support/people.ts';
import {
  authHeaders,
  customerSends,
  dialects,
  eventually,
  startVisitor,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';
import { startServerForSuite } from './support/server-lifecycle.ts';

describe.each(dialects)('realtime on %s', (dialect) => {
  let server: TestServer;
  let sockets: TestSockets;
  startServerForSuite(dialect, (s) => (server = s));
  beforeAll(async () => {
    sockets = await TestSockets.listen(server);
  });
  afterEach(() => sockets.closeAll());

  const operatorSocket = (s: LoggedIn, since?: number, headers: Record<string, string> = {}) =>
    sockets.operator(s, { since }, headers);
  const chatSocket = (token: string, since = 0) => sockets.visitor(token, since);
  const isCreated = (text: string) => (f: Frame) =>
    f.type === 'event' && f.event?.type === 'message.created' && f.event.message?.text === text;
  const allSequenced = () =>
    eventually(async () => {
      const pending = await server.store.db
        .selectFrom('outbox_events')
        .select('id')
        .where('seq', 'is', null)
        .execute();
      expect(pending).toHaveLength(0);
    });

  it('an operator receives message.created live when a customer writes', async () => {
    const op = await loginOnlineOperator(server, 'live@example.com', [1]);
    const ws = await operatorSocket(op);
    await ws.waitFor((f) => f.type === 'ready');
    const ack = await openWebChatCase(server, { text: 'live hello' });
    const frame = await ws.waitFor(isCreated('live hello'));
    expect(frame.event?.message?.id).toBe(ack.messageId);
    expect(typeof frame.id).toBe('number');
    // The case as it now stands arrives too (as case.updated, or inline on message.created).
    const caseFrame = await ws.waitFor(
      (f) => f.type === 'event' && f.event?.case?.assigneeId === op.operatorId,
    );
    expect(caseFrame.event?.case).toMatchObject({ status: 'assigned', queueId: 1 });
  });

  it('RECONNECT: with ?since=<last id> every missed event arrives exactly once, in order, then ready', async () => {
    const op = await loginOnlineOperator(server, 'reconnect@example.com', [1]);
    const ws1 = await operatorSocket(op);
    await ws1.waitFor((f) => f.type === 'ready');
    const { visitorToken: token } = await openWebChatCase(server, { text: 'before the drop' });
    await ws1.waitFor(isCreated('before the drop'));
    await allSequenced();
    // Wait until the socket has seen the newest event visible to this operator: that is the client's cursor.
    const newest = await server.store.db
      .selectFrom('outbox_events')
      .select((eb) => eb.fn.max('seq').as('s'))
      .where('audience', '=', 'operators')
      .where((eb) => eb.or([eb('queue_id', '=', 1), eb('operator_id', '=', op.operatorId)]))
      .executeTakeFirstOrThrow();
    await ws1.waitFor((f) => f.type === 'event' && f.id === Number(newest.s));
    const lastSeen = Math.max(...ws1.frames.filter((f) => f.type === 'event').map((f) => f.id ?? 0));
    expect(lastSeen).toBe(Number(newest.s));
    await ws1.close();

    const texts = ['missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5'];
    for (const t of texts) await customerSends(server, token, t);
    await allSequenced();

    const ws2 = await operatorSocket(op, lastSeen);
    const ready = await ws2.waitFor((f) => f.type === 'ready');
    const readyAt = ws2.frames.indexOf(ready);
    // Before ready: full events (this operator is the assignee), the coalesced rows, batch cursors.
    const before = ws2.frames.slice(0, readyAt);
    expect(before.every((f) => ['event', 'rows', 'cursor'].includes(f.type))).toBe(true);
    const replayed = before.filter((f) => f.type === 'event');
    const created = replayed
      .filter((f) => f.event?.type === 'message.created')
      .map((f) => f.event?.message?.text);
    expect(created).toEqual(texts);
    const ids = replayed.map((f) => f.id ?? 0);
    expect(ids.every((id) => id > lastSeen)).toBe(true);
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1] ?? Infinity);
    expect(ready.cursor).toBe(ids.at(-1));
    // Nothing is replayed twice afterwards.
    await customerSends(server, token, 'after reconnect');
    await ws2.waitFor(isCreated('after reconnect'));
    const allCreated = ws2.frames
      .filter((f) => f.event?.type === 'message.created')
      .map((f) => f.event?.message?.text);
    expect(allCreated).toEqual([...texts, 'after reconnect']);
    const allIds = ws2.frames.filter((f) => f.type === 'event').map((f) => f.id);
    expect(new Set(allIds).size).toBe(allIds.length);
  });

  it('an operator of another queue does not receive queue-1 events, live or replayed', async () => {
    const op1 = await loginOnlineOperator(server, 'q1-rt@example.com', [1]);
    const op2 = await loginOnlineOperator(server, 'q2-rt@example.com', [2]);
    const ws1 = await operatorSocket(op1);
    const ws2 = await operatorSocket(op2);
    await ws1.waitFor((f) => f.type === 'ready');
    await ws2.waitFor((f) => f.type === 'ready');
    await openWebChatCase(server, { entryPoint: 'general', text: 'secret of queue 1' });
    await ws1.waitFor(isCreated('secret of queue 1'));
    await openWebChatCase(server, { entryPoint: 'mnp', text: 'for queue 2' });
    await ws2.waitFor(isCreated('for queue 2'));
    // Events are published to all sockets at once: by now ws2 has seen whatever it would get of queue 1.
    const leaked = (ws: WsClient) => JSON.stringify(ws.frames).includes('secret of queue 1');
    expect(leaked(ws2)).toBe(false);
    expect(JSON.stringify(ws1.frames)).not.toContain('for queue 2');
    const caseFrames = ws2.frames.filter((f) => f.event?.case !== undefined);
    expect(caseFrames.length).toBeGreaterThan(0);
    expect(caseFrames.every((f) => f.event?.case?.queueId === 2)).toBe(true);

    await allSequenced();
    const replay = await operatorSocket(op2, 0);
    await replay.waitFor((f) => f.type === 'ready');
    expect(leaked(replay)).toBe(false);
    expect(replay.frames.some(isCreated('for queue 2'))).toBe(true);
    // A supervisor sees both queues' inbox rows (not the messages of cases it neither holds nor views).
    const sup = await loginSupervisor(server, 'sup-rt@example.com');
    const supWs = await operatorSocket(sup, 0);
    await supWs.waitFor((f) => f.type === 'ready');
    const rowText = (text: string) => (f: Frame) =>
      f.type === 'rows' && (f.rows ?? []).some((r) => r.case?.lastMessageText === text);
    expect(supWs.frames.some(rowText('secret of queue 1'))).toBe(true);
    expect(supWs.frames.some(rowText('for queue 2'))).toBe(true);
    expect(supWs.frames.some(isCreated('secret of queue 1'))).toBe(false);
  });

  it('refuses cross-origin and unauthenticated operator sockets; accepts a matching Origin', async () => {
    const op = await loginOfflineOperator(server, 'origin@example.com', [1]);
    await expect(operatorSocket(op, undefined, { origin: 'http://evil.example' })).rejects.toMatchObject({
      status: 403,
    });
    await expect(WsClient.connect(`${sockets.base}/api/v1/realtime`)).rejects.toMatchObject({ status: 401 });
    await expect(
      WsClient.connect(`${sockets.base}/api/v1/realtime`, { cookie: 'fl_session=forged' }),
    ).rejects.toMatchObject({ status: 401 });
    const sameOrigin = await operatorSocket(op, undefined, { origin: sockets.base.replace(/^ws/, 'http') });
    await sameOrigin.waitFor((f) => f.type === 'ready');
  });

  it('the chat socket replays history then ready, acks messages idempotently and delivers operator replies live', async () => {
    const op = await loginOnlineOperator(server, 'chat-ws@example.com', [1]);
    const first = await openWebChatCase(server, { text: 'history 1' });
    const token = first.visitorToken;
    await customerSends(server, token, 'history 2');
    await allSequenced();

    const ws = await chatSocket(token, 0);
    const ready = await ws.waitFor((f) => f.type === 'ready');
    const before = ws.frames.slice(0, ws.frames.indexOf(ready));
    expect(before.map((f) => [f.type, f.event?.message?.text])).toEqual([
      ['event', 'history 1'],
      ['event', 'history 2'],
    ]);
    expect(ready.cursor).toBe(before.at(-1)?.seq);

    ws.send({ type: 'message', message: { clientMsgId: 'ws-client-msg-1', text: 'over the socket' } });
    const ack = await ws.waitFor((f) => f.type === 'ack');
    expect(ack.ack?.clientMsgId).toBe('ws-client-msg-1');
    expect(ack.ack?.messageId).toBeGreaterThan(first.messageId);
    ws.send({ type: 'message', message: { clientMsgId: 'ws-client-msg-1', text: 'over the socket' } });
    const acks = await eventually(() => {
      const list = ws.frames.filter((f) => f.type === 'ack');
      expect(list).toHaveLength(2);
      return list;
    });
    expect(acks[1]?.ack?.messageId).toBe(ack.ack?.messageId);
    const stored = await server.store.db
      .selectFrom('messages')
      .select('id')
      .where('client_msg_id', '=', 'ws-client-msg-1')
      .execute();
    expect(stored).toHaveLength(1);
    // The own message comes back as a stream event once, too.
    await ws.waitFor((f) => f.type === 'event' && f.event?.message?.text === 'over the socket');

    // Invalid frames get an error, the socket stays usable.
    ws.send({ type: 'message', message: { clientMsgId: 'short', text: '' } });
    expect((await ws.waitFor((f) => f.type === 'error')).code).toBe('VALIDATION_FAILED');
    ws.send({ type: 'ping' });
    await ws.waitFor((f) => f.type === 'pong');

    const caseId = (
      await server.store.db
        .selectFrom('messages')
        .select('case_id')
        .where('id', '=', first.messageId)
        .executeTakeFirstOrThrow()
    ).case_id;
    const reply = await server.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/messages`,
      headers: authHeaders(op),
      payload: { clientMsgId: 'op-reply-ws-1', text: 'Оператор на связи' },
    });
    expect(reply.statusCode).toBe(201);
    const live = await ws.waitFor((f) => f.type === 'event' && f.event?.message?.direction === 'out');
    expect(live.event?.message).toMatchObject({ text: 'Оператор на связи', status: 'sent' });
    const seqs = ws.frames.filter((f) => f.type === 'event').map((f) => f.seq ?? 0);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? Infinity);
  });

  it('a message the store could not take answers STORE_UNAVAILABLE with a retry hint (database away) or INSUFFICIENT_STORAGE (disk full), not INTERNAL', async () => {
    const token = await startVisitor(server);
    const ws = await chatSocket(token, 0);
    await ws.waitFor((f) => f.type === 'ready');
    // The errors the pg driver and SQLite raise: the server shutting down, a refused connection, a full disk.
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    const refused = new Error('store write failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    });
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const write = vi
      .spyOn(server.services.webchat, 'send')
      .mockRejectedValueOnce(shutdown)
      .mockRejectedValueOnce(refused)
      .mockRejectedValueOnce(full);
    try {
      const errors = (n: number) =>
        eventually(() => {
          const list = ws.frames.filter((f) => f.type === 'error');
          expect(list).toHaveLength(n);
          return list;
        });
      for (const [i, id] of ['ws-away-1', 'ws-away-2', 'ws-full-1'].entries()) {
        ws.send({ type: 'message', message: { clientMsgId: id, text: 'while the store is away' } });
        await errors(i + 1);
      }
      const list = await errors(3);
      expect(list.map((f) => [f.code, f.clientMsgId, f.retryAfterMs])).toEqual([
        ['STORE_UNAVAILABLE', 'ws-away-1', 5000],
        ['STORE_UNAVAILABLE', 'ws-away-2', 5000],
        ['INSUFFICIENT_STORAGE', 'ws-full-1', undefined],
      ]);
    } finally {
      write.mockRestore();
    }
    // Once the store is back, the same clientMsgId is stored and acked.
    ws.send({ type: 'message', message: { clientMsgId: 'ws-away-1', text: 'while the store is away' } });
    expect((await ws.waitFor((f) => f.type === 'ack')).ack?.clientMsgId).toBe('ws-away-1');
  });

  it('refuses a chat socket with a forged token', async () => {
    await expect(
      WsClient.connect(`${sockets.base}/api/v1/chat/ws?token=forged.token&since=0`),
    ).rejects.toMatchObject({ status: 401 });
  });

  it('typing signals flow both ways', async () => {
    const op = await loginOnlineOperator(server, 'typing@example.com', [1]);
    const other = await loginOnlineOperator(server, 'typing-q2@example.com', [2]);
    const { caseId, visitorToken: token } = await openWebChatCase(server, { text: 'typing test' });
    const opWs = await operatorSocket(op);
    const otherWs = await operatorSocket(other);
    const chat = await chatSocket(token);
    await Promise.all([opWs, otherWs, chat].map((w) => w.waitFor((f) => f.type === 'ready')));

    chat.send({ type: 'typing' });
    const t1 = await opWs.waitFor((f) => f.type === 'typing');
    expect(t1).toMatchObject({ caseId, who: 'customer' });

    opWs.send({ type: 'typing', caseId });
    await chat.waitFor((f) => f.type === 'typing' && f.who === 'operator');

    // Over HTTP as well.
    const from = opWs.frames.length;
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/chat/typing',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(204);
    await opWs.waitFor((f) => f.type === 'typing', 5000, from);

    // An operator who cannot see the case does not get its typing signals (published synchronously to all sockets).
    expect(otherWs.frames.some((f) => f.type === 'typing')).toBe(false);
    // Typing is ephemeral: never stored.
    expect(
      await server.store.db.selectFrom('outbox_events').select('id').where('type', '=', 'typing').execute(),
    ).toHaveLength(0);
  });
});
