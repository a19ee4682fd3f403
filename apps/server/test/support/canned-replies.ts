import type { CannedReply } from '@frontline/shared';
import type { LightMyRequestResponse } from 'fastify';
import { authHeaders, type LoggedIn, type TestServer } from './test-server.ts';

/** A canned reply's fields as `POST /api/v1/canned-replies` takes them; defaults make a personal Russian one. */
export type CannedReplyPayload = Record<string, unknown>;

/** One call of the canned-reply API as `as`, answered as it is: for tests of refusals. */
export function cannedReplyRequest(
  server: TestServer,
  as: LoggedIn,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path = '',
  payload?: CannedReplyPayload,
): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method,
    url: `/api/v1/canned-replies${path}`,
    headers: authHeaders(as),
    ...(payload === undefined ? {} : { payload }),
  });
}

/** `as` creates a canned reply (personal unless `scope: 'shared'`); fails the test unless it answers 201. */
export async function createCannedReply(
  server: TestServer,
  as: LoggedIn,
  fields: CannedReplyPayload = {},
): Promise<CannedReply> {
  const res = await cannedReplyRequest(server, as, 'POST', '', {
    title: 'Роуминг',
    shortcut: 'roaming',
    body: 'Здравствуйте, {{customer.name}}! Роуминг подключается в приложении.',
    language: 'ru',
    ...fields,
  });
  if (res.statusCode !== 201)
    throw new Error(`creating the canned reply failed: ${res.statusCode} ${res.body}`);
  return res.json<CannedReply>();
}

/** The replies `as` sees (`query`: e.g. `?queueId=2`), in the server's order; fails unless it answers 200. */
export async function listCannedReplies(
  server: TestServer,
  as: LoggedIn,
  query = '',
): Promise<CannedReply[]> {
  const res = await cannedReplyRequest(server, as, 'GET', query);
  if (res.statusCode !== 200) throw new Error(`listing canned replies failed: ${res.statusCode} ${res.body}`);
  return res.json<CannedReply[]>();
}
