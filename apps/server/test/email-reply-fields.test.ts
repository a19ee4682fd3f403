import { startMailSink, type MailSink } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectEmail } from './support/channels.ts';
import { freePort } from './support/helpers.ts';
import { deliverMail } from './support/mail.ts';
import { loginAdmin, loginOnlineOperator } from './support/people.ts';
import { postReply, replyAsOperator } from './support/replies.ts';
import { openWebChatCase } from './support/cases.ts';
import { eventually, startTestServer, type LoggedIn, type TestServer } from './support/test-server.ts';

const support = 'support@example.test';

/** The composer's e-mail fields: the reply's own subject (with the case tag) and CC addresses. */
describe('e-mail replies with a subject and CC', () => {
  let sink: MailSink;
  let server: TestServer;
  let smtpPort: number;
  let operator: LoggedIn;

  beforeEach(async () => {
    sink = await startMailSink();
    smtpPort = await freePort();
    server = await startTestServer('sqlite', {
      env: { SMTP_PORT: String(smtpPort), SMTP_HOST: '127.0.0.1' },
    });
    const admin = await loginAdmin(server);
    operator = await loginOnlineOperator(server, 'mail-op@example.com', [1], 10);
    await connectEmail(server, admin, { address: support, displayName: 'Поддержка', smtpPort: sink.port });
  });
  afterEach(async () => {
    await server.close();
    await sink.close();
  });

  async function mailCase(): Promise<number> {
    const raw = [
      'From: Анна Ли <ann@customer.test>',
      `To: ${support}`,
      'Subject: Перенос номера',
      'Message-ID: <ann-1@customer.test>',
      'Date: Thu, 26 Nov 2026 08:00:00 +0300',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Хочу перенести номер.',
      '',
    ].join('\r\n');
    await deliverMail(smtpPort, raw, { from: 'ann@customer.test', to: [support] });
    return eventually(async () => {
      const row = await server.store.db.selectFrom('cases').select('id').executeTakeFirstOrThrow();
      return row.id;
    });
  }

  it('the mail goes out under the operator’s subject (case tag kept) and to the CC addresses too', async () => {
    const caseId = await mailCase();
    const id = await replyAsOperator(server, operator, caseId, {
      text: 'Первая строка\nвторая строка',
      email: { subject: 'Ваш перенос номера', cc: ['boss@customer.test'] },
    });
    const [sent] = await sink.waitFor(1);
    const decoded = await (await import('mailparser')).simpleParser(sent!.raw);
    expect(decoded.subject).toBe(`Ваш перенос номера [#${caseId}]`);
    expect(sent!.headers.cc).toBe('boss@customer.test');
    expect([...sent!.rcptTo].sort()).toEqual(['ann@customer.test', 'boss@customer.test']);
    expect(decoded.text?.trim()).toBe('Первая строка\nвторая строка');
    const row = await server.store.db
      .selectFrom('messages')
      .select('meta')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.meta ?? '{}')).toMatchObject({
      subject: 'Ваш перенос номера',
      cc: ['boss@customer.test'],
    });
  });

  it('e-mail fields on a chat reply are refused with 422 EMAIL_FIELDS_NOT_SUPPORTED; a bad CC with 400', async () => {
    const { caseId } = await openWebChatCase(server, { text: 'чат' });
    const chat = await postReply(server, operator, caseId, { text: 'ответ', email: { subject: 'Тема' } });
    expect(chat.statusCode).toBe(422);
    expect(chat.json<{ error: { code: string } }>().error.code).toBe('EMAIL_FIELDS_NOT_SUPPORTED');
    const bad = await postReply(server, operator, caseId, {
      text: 'ответ',
      email: { cc: ['not-an-address'] },
    });
    expect(bad.statusCode).toBe(400);
  });
});
