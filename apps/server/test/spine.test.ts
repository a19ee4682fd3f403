import { describe, expect, it } from 'vitest';
import { chatHistory } from './support/chat.ts';
import { openWebChatCase } from './support/cases.ts';
import { postReply } from './support/replies.ts';
import {
  authHeaders,
  customerSends,
  dialects,
  eventually,
  startVisitor,
  type TestServer,
} from './support/test-server.ts';
import { startServerForEachTest } from './support/server-lifecycle.ts';
import { loginOnlineOperator } from './support/people.ts';

describe.each(dialects)('spine on %s', (dialect) => {
  let server: TestServer;
  startServerForEachTest(dialect, (s) => (server = s));

  it('stores an inbound web-chat message once, opens a case and routes it to the online operator', async () => {
    const op = await loginOnlineOperator(server, 'anna@example.com', [1]);
    const token = await startVisitor(server);
    const a = await customerSends(server, token, 'Здравствуйте, не работает интернет', 'same-client-id-1');
    const b = await customerSends(server, token, 'Здравствуйте, не работает интернет', 'same-client-id-1');
    expect(b.messageId).toBe(a.messageId);
    const messages = await server.store.db.selectFrom('messages').selectAll().execute();
    expect(messages).toHaveLength(1);
    const cases = await server.app.inject({ method: 'GET', url: '/api/v1/cases', headers: authHeaders(op) });
    expect(cases.statusCode).toBe(200);
    const [c] = cases.json<Array<{ id: number; status: string; assigneeId: number }>>();
    expect(c).toMatchObject({ status: 'assigned', assigneeId: op.operatorId });
  });

  it('a double-clicked reply is stored and delivered once, and reaches the customer stream', async () => {
    const op = await loginOnlineOperator(server, 'boris@example.com', [1]);
    const { caseId, visitorToken: token } = await openWebChatCase(server, { text: 'Вопрос' });
    const send = () =>
      postReply(server, op, caseId, { clientMsgId: 'double-click-key', text: 'Ответ оператора' });
    const [r1, r2] = await Promise.all([send(), send()]);
    expect(r1.statusCode).toBe(201);
    expect(r2.statusCode).toBe(201);
    expect(r1.json<{ id: number }>().id).toBe(r2.json<{ id: number }>().id);
    expect(await server.store.db.selectFrom('deliveries').selectAll().execute()).toHaveLength(1);
    const history = await eventually(async () => {
      const { items } = await chatHistory(server, token);
      const out = items.filter((i) => i.event.type === 'message' && i.event.message?.direction === 'out');
      expect(out).toHaveLength(1);
      return out;
    });
    expect(history[0]?.event.message).toMatchObject({ text: 'Ответ оператора', status: 'sent' });
  });

  it('rejects bad input with a stable code and leaves no trace', async () => {
    const token = await startVisitor(server);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/chat/messages',
      headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: 'x', text: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    const bad = await server.app.inject({
      method: 'POST',
      url: '/api/v1/chat/messages',
      headers: { authorization: 'Bearer forged.token' },
      payload: { clientMsgId: 'abcdefgh', text: 'hi' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('CHAT_TOKEN_INVALID');
    expect(await server.store.db.selectFrom('messages').selectAll().execute()).toHaveLength(0);
    expect(await server.store.db.selectFrom('cases').selectAll().execute()).toHaveLength(0);
  });
});
