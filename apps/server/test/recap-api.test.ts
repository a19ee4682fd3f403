import { CaseRecap } from '@frontline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWebChatCase } from './support/cases.ts';
import { errorCode } from './support/helpers.ts';
import { loginOfflineOperator, loginOnlineOperator, loginSupervisor } from './support/people.ts';
import { replyAsOperator } from './support/replies.ts';
import {
  authHeaders,
  customerSends,
  dialects,
  startTestServer,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';

/** `GET /api/v1/cases/:id/recap`: computed from the stored messages, with the case's own visibility. */
describe.each(dialects)('the case recap API on %s', (dialect) => {
  let server: TestServer;
  let owner: LoggedIn;
  let otherQueue: LoggedIn;
  let supervisor: LoggedIn;

  beforeAll(async () => {
    server = await startTestServer(dialect, { workers: false });
    owner = await loginOnlineOperator(server, 'recap-owner@example.com', [1]);
    otherQueue = await loginOfflineOperator(server, 'recap-other@example.com', [2]);
    supervisor = await loginSupervisor(server, 'recap-supervisor@example.com');
  });
  afterAll(async () => {
    await server.close();
  });

  const getRecap = (as: LoggedIn | null, caseId: number) =>
    server.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}/recap`,
      headers: as ? authHeaders(as) : {},
    });

  it('recaps a web-chat case and follows it as messages arrive', async () => {
    const chat = await openWebChatCase(server, {
      text: 'Здравствуйте! Почему списали 300 рублей за роуминг?',
    });
    await replyAsOperator(server, owner, chat.caseId, 'Уточню у биллинга и напишу в течение 2 часов.');
    await replyAsOperator(server, owner, chat.caseId, {
      text: 'Клиент был в Грузии 1–3 марта, пакет не подключал.',
      note: true,
    });
    await customerSends(server, chat.visitorToken, 'Жду ответа. Когда вернут деньги?');

    const res = await getRecap(owner, chat.caseId);
    expect(res.statusCode).toBe(200);
    const recap = CaseRecap.parse(res.json());
    expect(recap).toMatchObject({
      caseId: chat.caseId,
      status: 'assigned',
      entryPoint: { slug: 'general' },
      topic: 'Почему списали 300 рублей за роуминг?',
      firstQuestion: {
        messageId: chat.messageId,
        text: 'Почему списали 300 рублей за роуминг?',
        question: true,
      },
      // «Жду ответа.» is filler: only the question is quoted.
      latestUnanswered: { text: 'Когда вернут деньги?', question: true, channelKind: 'webchat' },
      messages: { in: 2, out: 1, note: 1 },
      truncated: false,
    });
    expect(recap.commitments).toMatchObject([
      {
        kind: 'follow_up',
        deadline: 'в течение 2 часов',
        authorName: 'recap-owner',
        fulfilledByMessageId: null,
      },
    ]);
    const due = Date.parse(recap.commitments[0]?.at ?? '') + 2 * 3600_000;
    expect(Date.parse(recap.commitments[0]?.dueAt ?? '')).toBe(due);
    expect(recap.openItems.map((i) => i.kind)).toEqual(['commitment', 'note', 'question']);
    expect(recap.channels).toMatchObject([
      { channelKind: 'webchat', messagesIn: 2, messagesOut: 1, identities: 1 },
    ]);
    expect(recap.waitingSince).toBe(recap.latestUnanswered?.at);

    const answer = await replyAsOperator(
      server,
      owner,
      chat.caseId,
      'Вернули 300 ₽ на баланс: роуминг списан ошибочно.',
    );
    const after = CaseRecap.parse((await getRecap(owner, chat.caseId)).json());
    expect(after.latestUnanswered).toBeNull();
    expect(after.waitingSince).toBeNull();
    expect(after.commitments[0]?.fulfilledByMessageId).toBe(answer);
    expect(after.openItems.map((i) => i.kind)).toEqual(['note']);
  });

  it('answers CASE_NOT_FOUND for a case of another queue and for no case, like the case itself', async () => {
    const chat = await openWebChatCase(server, { text: 'Как подключить eSIM?' });
    expect((await getRecap(supervisor, chat.caseId)).statusCode).toBe(200);
    const hidden = await getRecap(otherQueue, chat.caseId);
    expect(hidden.statusCode).toBe(404);
    expect(errorCode(hidden)).toBe('CASE_NOT_FOUND');
    const caseItself = await server.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${chat.caseId}`,
      headers: authHeaders(otherQueue),
    });
    expect(caseItself.statusCode).toBe(404);
    expect(errorCode(await getRecap(owner, 999_999))).toBe('CASE_NOT_FOUND');
    expect((await getRecap(null, chat.caseId)).statusCode).toBe(401);
    expect(errorCode(await getRecap(owner, 0))).toBe('VALIDATION_FAILED');
  });
});
