import type { LightMyRequestResponse } from 'fastify';
import { authHeaders, type LoggedIn, type TestServer } from './test-server.ts';

/** One call of the administration API (`/api/v1/admin<path>`) as `as`, answered as it is. */
export function adminRequest(
  server: TestServer,
  as: LoggedIn,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method,
    url: `/api/v1/admin${path}`,
    headers: authHeaders(as),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/** `as` creates something under `/admin<path>`; fails the test unless it answers 201. */
export async function adminCreate<T>(
  server: TestServer,
  as: LoggedIn,
  path: string,
  payload: unknown,
): Promise<T> {
  const res = await adminRequest(server, as, 'POST', path, payload);
  if (res.statusCode !== 201) throw new Error(`creating ${path} failed: ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

/** The audit rows of `action`, oldest first. */
export function auditRows(server: TestServer, action: string) {
  return server.store.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}
