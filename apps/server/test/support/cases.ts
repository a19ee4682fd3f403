import { latestCaseId } from './helpers.ts';
import { customerSends, eventually, startVisitor, type TestServer } from './test-server.ts';

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
