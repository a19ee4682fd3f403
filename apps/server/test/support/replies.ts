import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { authHeaders, type LoggedIn, type TestServer } from './test-server.ts';

/** The body of `POST /api/v1/cases/:id/messages` (text, note, template, buttons…); `clientMsgId` defaults to a fresh key. */
export type ReplyPayload = { text?: string; clientMsgId?: string } & Record<string, unknown>;

/** An operator's reply (or note) to a case over the API, answered as it is: for tests of refusals. */
export function postReply(
  server: TestServer,
  as: LoggedIn,
  caseId: number,
  payload: ReplyPayload,
): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/messages`,
    headers: authHeaders(as),
    payload: { clientMsgId: `reply-${randomBytes(6).toString('hex')}`, ...payload },
  });
}

/** An operator replies to a case; returns the new message's id, failing the test unless it answers 201. */
export async function replyAsOperator(
  server: TestServer,
  as: LoggedIn,
  caseId: number,
  reply: string | ReplyPayload,
): Promise<number> {
  const res = await postReply(server, as, caseId, typeof reply === 'string' ? { text: reply } : reply);
  if (res.statusCode !== 201) throw new Error(`the reply failed: ${res.statusCode} ${res.body}`);
  return res.json<{ id: number }>().id;
}

/** The stored row of a message. */
export function messageRow(server: TestServer, id: number) {
  return server.store.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
