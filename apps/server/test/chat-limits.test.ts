import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChatSocket, type ChatSocket } from './support/open-chat-socket.ts';
import { errorCode, listen } from './support/helpers.ts';
import {
  dialects,
  eventually,
  startTestServer,
  startVisitor,
  type TestServer,
} from './support/test-server.ts';

/** Per-visitor limits: a message burst and rate, a size cap, and a cap on open sockets per visitor. */
describe.each(dialects)('visitor limits on %s', (dialect) => {
  let server: TestServer;
  let wsBase: string;
  let nowMs = Date.parse('2026-12-01T10:00:00Z');
  let n = 0;

  beforeAll(async () => {
    server = await startTestServer(dialect, {
      clock: { now: () => new Date(nowMs) },
      env: { CHAT_MESSAGES_PER_MINUTE: '30', CHAT_MESSAGE_BURST: '10', CHAT_MAX_SOCKETS_PER_VISITOR: '5' },
    });
    wsBase = await listen(server);
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (token: string, payload: unknown) =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/chat/messages',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const message = (text = 'hello') => ({ clientMsgId: `limit-${dialect}-${++n}`, text });

  it('a burst of 60 messages: 10 are taken, the rest get 429 RATE_LIMITED with Retry-After; the rate refills', async () => {
    const token = await startVisitor(server);
    const results = [];
    for (let i = 0; i < 60; i++) results.push(await post(token, message()));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(10);
    const limited = results.filter((r) => r.statusCode === 429);
    expect(limited).toHaveLength(50);
    expect(errorCode(limited[0]!)).toBe('RATE_LIMITED');
    expect(limited[0]!.headers['retry-after']).toBe('2');
    expect(limited[0]!.json()).toMatchObject({ error: { details: { retryAfterMs: 2000 } } });
    // Another visitor is not affected.
    expect((await post(await startVisitor(server), message())).statusCode).toBe(200);

    nowMs += 2000; // 30 a minute: one more every 2 s
    expect((await post(token, message())).statusCode).toBe(200);
    expect((await post(token, message())).statusCode).toBe(429);
  });

  it('over the WebSocket a limited message gets an error frame with its clientMsgId and retryAfterMs', async () => {
    const token = await startVisitor(server);
    const socket = await openChatSocket(wsBase, token);
    await socket.next((f) => f.type === 'ready');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const m = message();
      ids.push(m.clientMsgId);
      socket.ws.send(JSON.stringify({ type: 'message', message: m }));
    }
    const last = await socket.next((f) => f.type === 'error' && f.clientMsgId === ids[11]);
    expect(last).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 2000 });
    await eventually(() => expect(socket.frames.filter((f) => f.type === 'ack')).toHaveLength(10));
    expect(socket.frames.filter((f) => f.type === 'error')).toHaveLength(2);
    socket.ws.close();
  });

  it('a message body over CHAT_MAX_MESSAGE_BYTES is 413 PAYLOAD_TOO_LARGE, over HTTP and as a frame', async () => {
    nowMs += 60_000;
    const token = await startVisitor(server);
    const big = message('я'.repeat(3000)); // 3000 characters (allowed), 6000 bytes: fine
    expect((await post(token, big)).statusCode).toBe(200);
    const huge = JSON.stringify({ clientMsgId: 'too-large-1', text: 'a', pad: 'x'.repeat(40 * 1024) });
    const res = await post(token, huge);
    expect(res.statusCode).toBe(413);
    expect(errorCode(res)).toBe('PAYLOAD_TOO_LARGE');
    const tooLong = await post(token, message('a'.repeat(4001)));
    expect(errorCode(tooLong)).toBe('VALIDATION_FAILED');

    const socket = await openChatSocket(wsBase, token);
    await socket.next((f) => f.type === 'ready');
    socket.ws.send(
      JSON.stringify({
        type: 'message',
        message: { clientMsgId: 'too-large-2', text: 'x'.repeat(40 * 1024) },
      }),
    );
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      clientMsgId: 'too-large-2',
    });
    socket.ws.close();
  });

  it('one socket more than CHAT_MAX_SOCKETS_PER_VISITOR is closed with 4429; closing one makes room', async () => {
    const token = await startVisitor(server);
    const open: ChatSocket[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await openChatSocket(wsBase, token);
      await s.next((f) => f.type === 'ready');
      open.push(s);
    }
    const extra = await openChatSocket(wsBase, token);
    expect(await extra.closed).toEqual({
      code: 4429,
      reason: 'TOO_MANY_SOCKETS: close other chat connections of this visitor first',
    });
    // Another visitor still connects.
    const other = await openChatSocket(wsBase, await startVisitor(server));
    await other.next((f) => f.type === 'ready');
    open[0]!.ws.close();
    await open[0]!.closed;
    const again = await openChatSocket(wsBase, token);
    await again.next((f) => f.type === 'ready');
    for (const s of [...open.slice(1), other, again]) s.ws.close();
  });
});
