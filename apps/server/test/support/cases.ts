import { latestCaseId } from './helpers.ts';
import {
  authHeaders,
  customerSends,
  eventually,
  startVisitor,
  type LoggedIn,
  type TestServer,
} from './test-server.ts';

/**
 * Waits until the inbound processor has opened a case (for messages a provider pushed) and returns the id of
 * the newest one; `after` waits for a case newer than that id.
 */
export function waitForCase(server: TestServer, after?: number): Promise<number> {
  return eventually(async () => {
    const id = await latestCaseId(server);
    if (after !== undefined && id <= after) throw new Error(`no case after ${after} yet`);
    return id;
  });
}

/** The case a stored message belongs to. */
export async function caseOfMessage(server: TestServer, messageId: number): Promise<number> {
  const row = await server.store.db
    .selectFrom('messages')
    .select('case_id')
    .where('id', '=', messageId)
    .executeTakeFirstOrThrow();
  return row.case_id;
}

/** A case opened by a new web-chat visitor writing `text` on `entryPoint`. */
export interface WebChatCase {
  caseId: number;
  visitorToken: string;
  messageId: number;
}

/** A new web-chat visitor writes in; returns the case that message opened (web chat stores it at once). */
export async function openWebChatCase(
  server: TestServer,
  spec: { entryPoint?: string; text?: string } = {},
): Promise<WebChatCase> {
  const visitorToken = await startVisitor(server, spec.entryPoint);
  const ack = await customerSends(server, visitorToken, spec.text ?? 'Здравствуйте');
  return { caseId: await caseOfMessage(server, ack.messageId), visitorToken, messageId: ack.messageId };
}

/** `as` resolves the case over the API; fails the test unless it answers 200. */
export async function resolveCase(server: TestServer, as: LoggedIn, caseId: number): Promise<void> {
  const res = await server.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/resolve`,
    headers: authHeaders(as),
  });
  if (res.statusCode !== 200)
    throw new Error(`resolving case ${caseId} failed: ${res.statusCode} ${res.body}`);
}

/** The stored row of a case. */
export function caseRow(server: TestServer, id: number) {
  return server.store.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Every entry point opens a new case for a message after resolve (reopen window 0, docs/continuity.md). */
export async function disableReopenWindow(server: TestServer): Promise<void> {
  await server.store.db.updateTable('entry_points').set({ reopen_window_hours: 0 }).execute();
}
