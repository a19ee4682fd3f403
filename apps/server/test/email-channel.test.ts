import { readFileSync } from 'node:fs';
import { startMailSink, type MailSink } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disableReopenWindow, resolveCase } from './support/cases.ts';
import { connectEmail, postChannel } from './support/channels.ts';
import { freePort } from './support/helpers.ts';
import { deliverMail } from './support/mail.ts';
import { loginAdmin, loginOnlineOperator } from './support/people.ts';
import { replyAsOperator } from './support/replies.ts';
import {
  authHeaders,
  dialects,
  eventually,
  startTestServer,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';

const support = 'support@example.test';

/** A mail as a customer's server would hand it to our MX: exact bytes, explicit envelope. */
function mail(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({
    Date: 'Thu, 26 Nov 2026 08:00:00 +0300',
    'MIME-Version': '1.0',
    ...headers,
  });
  const head = lines.map(([k, v]) => `${k}: ${v}`).join('\r\n');
  const type = headers['Content-Type']
    ? ''
    : 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n';
  return `${head}\r\n${type}\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`;
}

/**
 * E-mail through the whole platform: the platform's SMTP receiver takes mail for the channel's address,
 * a real SMTP server ("the internet") receives the replies. Failure modes F17–F21
 * (docs/channels.md) each have a test here.
 */
describe.each(dialects)('E-mail channel end to end on %s', (dialect) => {
  let sink: MailSink;
  let server: TestServer;
  let smtpPort: number;
  let admin: LoggedIn;
  let operator: LoggedIn;
  let channelId: number;

  beforeEach(async () => {
    sink = await startMailSink();
    smtpPort = await freePort();
    server = await startTestServer(dialect, {
      env: { SMTP_PORT: String(smtpPort), SMTP_HOST: '127.0.0.1', MAIL_MAX_BYTES: String(200 * 1024) },
    });
    admin = await loginAdmin(server);
    operator = await loginOnlineOperator(server, 'mail-op@example.com', [1], 10);
    channelId = await connectEmail(server, admin, {
      address: support,
      displayName: 'Поддержка',
      smtpPort: sink.port,
    });
  });
  afterEach(async () => {
    await server.close();
    await sink.close();
  });

  /** Hand a raw mail to the platform's SMTP receiver, like the customer's mail server would. */
  const deliver = (raw: string | Buffer, from: string, to: string[] = [support]) =>
    deliverMail(smtpPort, raw, { from, to });

  const messages = () => server.store.db.selectFrom('messages').selectAll().orderBy('id').execute();
  const cases = () => server.store.db.selectFrom('cases').selectAll().orderBy('id').execute();

  async function inboundCount(n: number) {
    return eventually(async () => {
      const rows = (await messages()).filter((m) => m.direction === 'in');
      expect(rows).toHaveLength(n);
      return rows;
    });
  }

  const reply = (caseId: number, text: string) => replyAsOperator(server, operator, caseId, text);
  const resolve = (caseId: number) => resolveCase(server, operator, caseId);

  /** Ann writes, the operator answers: returns the case and our reply as the sink got it. */
  async function conversation() {
    await deliver(
      mail(
        {
          From: 'Анна Ли <ann@customer.test>',
          To: support,
          Subject: 'Перенос номера',
          'Message-ID': '<ann-1@customer.test>',
        },
        'Здравствуйте! Хочу перенести номер.',
      ),
      'ann@customer.test',
    );
    const [first] = await inboundCount(1);
    const caseId = first!.case_id;
    const replyId = await reply(caseId, 'Здравствуйте, Анна! Подскажите номер.');
    const [sent] = await sink.waitFor(1);
    // Our Message-ID is stored once the send returned: a bounce is about a message the store knows.
    await eventually(async () => {
      expect((await messages()).find((m) => m.id === replyId)?.status).toBe('sent');
    });
    return { caseId, replyId, sent: sent! };
  }

  it('a mail becomes a case with its subject; the reply threads (Message-ID, In-Reply-To, Reply-To token, VERP)', async () => {
    const { caseId, replyId, sent } = await conversation();
    const [inbound] = await messages();
    expect(inbound).toMatchObject({
      text: 'Здравствуйте! Хочу перенести номер.',
      external_id: '<ann-1@customer.test>',
    });
    expect(JSON.parse(inbound!.meta ?? '{}')).toMatchObject({ subject: 'Перенос номера' });
    const identity = await server.store.db.selectFrom('identities').selectAll().executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ external_id: 'ann@customer.test', display_name: 'Анна Ли' });

    expect(sent.rcptTo).toEqual(['ann@customer.test']);
    expect(sent.mailFrom).toMatch(
      new RegExp(`^support\\+bounce-${replyId}\\.a${channelId}\\.[a-z0-9]{10}@example\\.test$`),
    );
    expect(sent.headers['message-id']).toBe(`<fl-${replyId}.a${channelId}@example.test>`);
    expect(sent.headers['in-reply-to']).toBe('<ann-1@customer.test>');
    expect(sent.headers.references).toBe('<ann-1@customer.test>');
    expect(sent.headers['reply-to']).toMatch(
      new RegExp(`^support\\+c${caseId}\\.[a-z0-9]{10}@example\\.test$`),
    );
    expect(sent.headers['auto-submitted']).toBeUndefined();
    expect(sent.raw.toString('utf8')).toContain('Subject: =?UTF-8?');
    await eventually(async () => {
      const row = (await messages()).find((m) => m.id === replyId);
      expect(row).toMatchObject({
        status: 'sent',
        external_id: `<fl-${replyId}.a${channelId}@example.test>`,
      });
    });
  });

  it('the same mail delivered twice (an SMTP retry) is stored once', async () => {
    const raw = mail(
      { From: 'ann@customer.test', To: support, Subject: 'Дубль', 'Message-ID': '<dup-1@customer.test>' },
      'Один раз',
    );
    await deliver(raw, 'ann@customer.test');
    await deliver(raw, 'ann@customer.test');
    await inboundCount(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await messages()).toHaveLength(1);
  });

  it('unknown recipients are refused with 550 and mail over the size limit with 552; nothing is stored', async () => {
    await expect(
      deliver(
        mail({ From: 'x@customer.test', To: 'sales@example.test', Subject: 'x' }, 'x'),
        'x@customer.test',
        ['sales@example.test'],
      ),
    ).rejects.toMatchObject({ responseCode: 550 });
    const big = mail({ From: 'x@customer.test', To: support, Subject: 'big' }, 'x'.repeat(300 * 1024));
    await expect(deliver(big, 'x@customer.test')).rejects.toMatchObject({ responseCode: 552 });
    const raw = await server.store.db.selectFrom('raw_events').selectAll().execute();
    expect(raw).toHaveLength(0);
  });

  it('8-bit windows-1251 and koi8-r mail is decoded; the raw bytes are kept exactly', async () => {
    const { encode } = await import('iconv-lite');
    const head =
      `From: =?koi8-r?Q?=F0=C5=D4=D2?= <petr@customer.test>\r\nTo: ${support}\r\n` +
      `Subject: =?koi8-r?Q?=F3=DE=C5=D4?=\r\nMessage-ID: <cp1251@customer.test>\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`;
    const raw = Buffer.concat([Buffer.from(head, 'latin1'), encode('Почему списали деньги?\r\n', 'win1251')]);
    await deliver(raw, 'petr@customer.test');
    const [m] = await inboundCount(1);
    expect(m!.text).toBe('Почему списали деньги?');
    expect(JSON.parse(m!.meta ?? '{}')).toMatchObject({ subject: 'Счет' });
    const identity = await server.store.db.selectFrom('identities').selectAll().executeTakeFirstOrThrow();
    expect(identity.display_name).toBe('Петр');
    const stored = await server.store.db.selectFrom('raw_events').selectAll().executeTakeFirstOrThrow();
    expect(stored.body_encoding).toBe('base64');
    expect(Buffer.from(stored.body, 'base64').includes(raw)).toBe(true);
  });

  it('F20: the same sender writing twice before an answer stays one case', async () => {
    for (const [i, subject] of ['Не работает интернет', 'Ещё вопрос'].entries()) {
      await deliver(
        mail(
          {
            From: 'ann@customer.test',
            To: support,
            Subject: subject,
            'Message-ID': `<twice-${i}@customer.test>`,
          },
          `Письмо ${i}`,
        ),
        'ann@customer.test',
      );
    }
    const rows = await inboundCount(2);
    expect(new Set(rows.map((m) => m.case_id)).size).toBe(1);
    expect(await cases()).toHaveLength(1);
  });

  it('F17: a reply from another client continues the resolved case by References, by the Reply-To token, or by [#case]', async () => {
    const { caseId, sent } = await conversation();
    await resolve(caseId);
    // Outlook: its own In-Reply-To (an id we never issued), our Message-ID only in References.
    await deliver(
      mail(
        {
          From: 'ann@customer.test',
          To: support,
          Subject: 'RE: Перенос номера',
          'Message-ID': '<outlook-1@customer.test>',
          'In-Reply-To': '<AM6PR01MB@outlook.example>',
          References: `<AM6PR01MB@outlook.example> ${sent.headers['message-id']}`,
          'Thread-Index': 'AQHZ1234',
        },
        'Номер 9161234567\n\n-----Original Message-----\nFrom: Поддержка\nSent: Thursday\nTo: ann\nSubject: Re: Перенос номера\n\nЗдравствуйте, Анна!',
      ),
      'ann@customer.test',
    );
    const rows = await inboundCount(2);
    expect(rows[1]).toMatchObject({ case_id: caseId, text: 'Номер 9161234567' });
    expect((await cases()).map((c) => [c.id, c.status])).toEqual([[caseId, 'assigned']]);
    await resolve(caseId);

    // A client that drops every header: the Reply-To token in the recipient address still threads.
    await deliver(
      mail(
        {
          From: 'ann@customer.test',
          To: sent.headers['reply-to']!,
          Subject: 'ещё',
          'Message-ID': '<webmail-1@customer.test>',
        },
        'Спасибо',
      ),
      'ann@customer.test',
      [sent.headers['reply-to']!],
    );
    expect((await inboundCount(3))[2]!.case_id).toBe(caseId);
    await resolve(caseId);

    // Only the subject tag survives.
    await deliver(
      mail(
        {
          From: 'ann@customer.test',
          To: support,
          Subject: `Вопрос [#${caseId}]`,
          'Message-ID': '<tag-1@customer.test>',
        },
        'По тегу',
      ),
      'ann@customer.test',
    );
    expect((await inboundCount(4))[3]!.case_id).toBe(caseId);
    expect(await cases()).toHaveLength(1);
  });

  it('F17: a forged reply token (bad signature) does not thread; a new mail after resolve opens a new case', async () => {
    // Without a reopen window only the thread could bring the mail back to the resolved case.
    await disableReopenWindow(server);
    const { caseId } = await conversation();
    await resolve(caseId);
    const forged = `support+c${caseId}.aaaaaaaaaa@example.test`;
    await deliver(
      mail(
        { From: 'ann@customer.test', To: forged, Subject: 'Новое', 'Message-ID': '<forged-1@customer.test>' },
        'Новый вопрос',
      ),
      'ann@customer.test',
      [forged],
    );
    const rows = await inboundCount(2);
    expect(rows[1]!.case_id).not.toBe(caseId);
    expect(await cases()).toHaveLength(2);
  });

  it("F18: replies to the same mail from different people never merge into one customer's case", async () => {
    const { caseId, sent } = await conversation();
    // Ann's reply was forwarded: Boris answers it with the same In-Reply-To.
    await deliver(
      mail(
        {
          From: 'Борис <boris@other.test>',
          To: support,
          Subject: 'Re: Перенос номера',
          'Message-ID': '<boris-1@other.test>',
          'In-Reply-To': sent.headers['message-id']!,
          References: sent.headers['message-id']!,
        },
        'А мне тоже нужно',
      ),
      'boris@other.test',
    );
    const rows = await inboundCount(2);
    expect(rows[1]!.case_id).not.toBe(caseId);
    const all = await cases();
    expect(all).toHaveLength(2);
    expect(all[0]!.customer_id).not.toBe(all[1]!.customer_id);
  });

  it("F19: a reply with a new subject keeps its own subject, and the operator's answer is 'Re:' that subject", async () => {
    const { caseId, sent, replyId: firstReply } = await conversation();
    await deliver(
      mail(
        {
          From: 'ann@customer.test',
          To: support,
          Subject: 'Роуминг в Турции',
          'Message-ID': '<ann-2@customer.test>',
          'In-Reply-To': sent.headers['message-id']!,
          References: `<ann-1@customer.test> ${sent.headers['message-id']}`,
        },
        'И ещё про роуминг',
      ),
      'ann@customer.test',
    );
    const rows = await inboundCount(2);
    expect(rows[1]!.case_id).toBe(caseId);
    expect(JSON.parse(rows[1]!.meta ?? '{}')).toMatchObject({ subject: 'Роуминг в Турции' });
    const second = await reply(caseId, 'Роуминг подключён');
    const [, answer] = await sink.waitFor(2);
    const decoded = await (await import('mailparser')).simpleParser(answer!.raw);
    expect(decoded.subject).toBe(`Re: Роуминг в Турции [#${caseId}]`);
    expect(answer!.headers['in-reply-to']).toBe('<ann-2@customer.test>');
    expect(answer!.headers.references!.split(/\s+/)).toEqual([
      '<ann-1@customer.test>',
      `<fl-${firstReply}.a${channelId}@example.test>`,
      '<ann-2@customer.test>',
    ]);
    expect(answer!.headers['message-id']).toBe(`<fl-${second}.a${channelId}@example.test>`);
  });

  it('F21: a DSN bounce to the VERP address fails the reply with the reason and marks the address unreachable', async () => {
    const { replyId, sent } = await conversation();
    const bounce = dsn(sent.mailFrom, sent.headers['message-id'] ?? '', [
      'Final-Recipient: rfc822; ann@customer.test',
    ]);
    await deliver(bounce, '', [sent.mailFrom]);
    await eventually(async () => {
      const row = (await messages()).find((m) => m.id === replyId);
      expect(row?.status).toBe('failed');
      expect(row?.status_reason).toMatch(/bounced: 5\.1\.1 .*user unknown/);
    });
    // The reachability change is the bounce's second event, applied after the status: wait for it too.
    await eventually(async () => {
      const row = await server.store.db
        .selectFrom('identities')
        .selectAll()
        .where('external_id', '=', 'ann@customer.test')
        .executeTakeFirstOrThrow();
      expect(row.unreachable_reason).toMatch(/mail bounced: 5\.1\.1/);
    });
    // The operator sees why on the customer card.
    const detail = await server.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${(await cases())[0]!.id}`,
      headers: authHeaders(operator),
    });
    expect(
      detail.json<{ customer: { identities: Array<{ unreachableReason?: string | null }> } }>().customer
        .identities[0]?.unreachableReason,
    ).toMatch(/^mail bounced: 5\.1\.1/);
    // The bounce itself is not a customer message.
    expect((await messages()).filter((m) => m.direction === 'in')).toHaveLength(1);
  });

  /** An RFC 3464 report as Postfix writes it, about our mail `messageId`, for the given recipient fields. */
  function dsn(to: string, messageId: string, recipientFields: string[]): string {
    return [
      'From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>',
      `To: ${to}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <dsn-${Math.random().toString(36).slice(2)}@mx.customer.test>`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'Your message could not be delivered.',
      '',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.customer.test',
      '',
      ...recipientFields,
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '',
      '--b1',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${messageId}`,
      'Subject: Re: Перенос номера',
      '',
      '--b1--',
      '',
    ].join('\r\n');
  }

  async function processed(count: number) {
    await eventually(async () => {
      const rows = await server.store.db.selectFrom('raw_events').select('status').execute();
      expect(rows.filter((r) => r.status === 'done')).toHaveLength(count);
    });
  }

  const unreachable = async (address: string) =>
    (
      await server.store.db
        .selectFrom('identities')
        .select('unreachable_reason')
        .where('external_id', '=', address)
        .executeTakeFirstOrThrow()
    ).unreachable_reason;

  it("forged bounces fail nothing: the old unsigned VERP address, and a customer's own signed address naming another customer", async () => {
    const { replyId, sent } = await conversation();
    await deliver(
      mail(
        { From: 'boris@other.test', To: support, Subject: 'Вопрос', 'Message-ID': '<boris-0@other.test>' },
        'Здравствуйте',
      ),
      'boris@other.test',
    );
    await inboundCount(2);
    await eventually(async () => {
      expect((await messages()).find((m) => m.id === replyId)?.status).toBe('sent');
    });
    const messageId = sent.headers['message-id']!;
    // Anyone can write the unsigned form: it is refused (mail sent with it before the upgrade included).
    const unsigned = `support+bounce-${replyId}.a${channelId}@example.test`;
    await deliver(dsn(unsigned, messageId, ['Final-Recipient: rfc822; ann@customer.test']), '', [unsigned]);
    // Ann knows her own bounce address (the Return-Path of our reply) and names Boris in a fake report.
    await deliver(dsn(sent.mailFrom, messageId, ['Final-Recipient: rfc822; boris@other.test']), '', [
      sent.mailFrom,
    ]);
    // A wrong signature.
    const wrong = sent.mailFrom.replace(/\.[a-z0-9]{10}@/, '.aaaaaaaaaa@');
    await deliver(dsn(wrong, messageId, ['Final-Recipient: rfc822; ann@customer.test']), '', [wrong]);
    // Not to a bounce address at all, only the original Message-ID inside.
    await deliver(dsn(support, messageId, ['Final-Recipient: rfc822; ann@customer.test']), '', [support]);
    await processed(6);
    expect((await messages()).find((m) => m.id === replyId)).toMatchObject({
      status: 'sent',
      status_reason: null,
    });
    expect(await unreachable('ann@customer.test')).toBeNull();
    expect(await unreachable('boris@other.test')).toBeNull();
    expect((await messages()).filter((m) => m.direction === 'in')).toHaveLength(2);
  });

  it('a bounce after alias expansion marks the address we sent to (Original-Recipient), not the Final-Recipient', async () => {
    const { replyId, sent } = await conversation();
    await deliver(
      dsn(sent.mailFrom, sent.headers['message-id']!, [
        'Final-Recipient: rfc822; ann.lee@mailstore.customer.test',
        'Original-Recipient: rfc822; ann@customer.test',
      ]),
      '',
      [sent.mailFrom],
    );
    await eventually(async () => {
      const row = (await messages()).find((m) => m.id === replyId);
      expect(row?.status).toBe('failed');
      expect(row?.status_reason).toMatch(/bounced: 5\.1\.1 .*user unknown/);
    });
    await eventually(async () => {
      expect(await unreachable('ann@customer.test')).toMatch(/^mail bounced: 5\.1\.1/);
    });
  });

  it('F21: an out-of-office reply is stored, flagged automatic, and never answered automatically', async () => {
    await deliver(
      mail(
        {
          From: 'ann@customer.test',
          To: support,
          Subject: 'Автоответ: Перенос номера',
          'Message-ID': '<oof-1@customer.test>',
          'Auto-Submitted': 'auto-replied',
          'X-Auto-Response-Suppress': 'All',
        },
        'Я в отпуске до 1 декабря.',
      ),
      'ann@customer.test',
    );
    const [m] = await inboundCount(1);
    expect((JSON.parse(m!.meta ?? '{}') as { automated?: string }).automated).toMatch(/Auto-Submitted/i);
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${m!.customer_id}/timeline`,
      headers: authHeaders(operator),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(JSON.stringify(res.json())).toContain('"automated"');
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.mails).toHaveLength(0);
  });

  it('the auto-acknowledgement goes once per customer per day, marked Auto-Submitted, and never to automatic mail', async () => {
    await connectEmail(server, admin, {
      name: 'B2B mail',
      address: 'b2b@example.test',
      smtpPort: sink.port,
      autoAcknowledgement: 'Мы получили ваше обращение №{case} и ответим в течение часа.',
    });
    const b2b = ['b2b@example.test'];
    // An out-of-office mail opens a case but gets no acknowledgement (no robot ping-pong).
    await deliver(
      mail(
        {
          From: 'robot@corp.test',
          To: b2b[0]!,
          Subject: 'Out of office',
          'Message-ID': '<oof-2@corp.test>',
          'Auto-Submitted': 'auto-replied',
        },
        'Away',
      ),
      'robot@corp.test',
      b2b,
    );
    await deliver(
      mail(
        {
          From: 'Олег <oleg@corp.test>',
          To: b2b[0]!,
          Subject: 'Счета для юрлица',
          'Message-ID': '<oleg-1@corp.test>',
        },
        'Пришлите счета',
      ),
      'oleg@corp.test',
      b2b,
    );
    const [ack] = await sink.waitFor(1);
    const olegCase = (await inboundCount(2))[1]!.case_id;
    expect(ack!.rcptTo).toEqual(['oleg@corp.test']);
    expect(ack!.headers['auto-submitted']).toBe('auto-replied');
    expect(ack!.headers['x-auto-response-suppress']).toBe('All');
    expect(ack!.headers['in-reply-to']).toBe('<oleg-1@corp.test>');
    const parsed = await (await import('mailparser')).simpleParser(ack!.raw);
    expect(parsed.subject).toBe(`Re: Счета для юрлица [#${olegCase}]`);
    expect(parsed.text?.trim()).toBe(`Мы получили ваше обращение №${olegCase} и ответим в течение часа.`);
    // Resolved, then a brand-new mail the same day on an entry point without a reopen window: a new case, but
    // no second acknowledgement.
    await disableReopenWindow(server);
    await resolve(olegCase);
    await deliver(
      mail(
        { From: 'oleg@corp.test', To: b2b[0]!, Subject: 'Другой вопрос', 'Message-ID': '<oleg-2@corp.test>' },
        'Ещё вопрос',
      ),
      'oleg@corp.test',
      b2b,
    );
    const rows = await inboundCount(3);
    expect(rows[2]!.case_id).not.toBe(olegCase);
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.mails).toHaveLength(1);
    const acks = (await messages()).filter((m) => m.direction === 'out');
    expect(acks).toHaveLength(1);
    expect(JSON.parse(acks[0]!.meta ?? '{}')).toEqual({ automated: 'auto-acknowledgement' });
  });

  it('real client mails: no acknowledgement to a vacation reply or a list, the list author is the customer, no notice for a Watch part, an invitation summarised', async () => {
    await connectEmail(server, admin, {
      name: 'Help mail',
      address: 'help@example.test',
      smtpPort: sink.port,
      autoAcknowledgement: 'Ваше обращение №{case} получено.',
    });
    const help = ['help@example.test'];
    const fixture = (name: string) => readFileSync(new URL(`./fixtures/email/${name}`, import.meta.url));
    await deliver(fixture('icloud-vacation.eml'), 'anna.petrova@icloud.example', help);
    await deliver(
      fixture('ezmlm-list.eml'),
      'users-return-1234-support=example.test@lists.example.org',
      help,
    );
    await deliver(fixture('apple-watch-reply.eml'), 'anna@icloud.example', help);
    await deliver(fixture('google-calendar-invite.eml'), 'olga.smirnova@gmail.example', help);
    const rows = await inboundCount(4);
    const identities = await server.store.db.selectFrom('identities').select(['id', 'external_id']).execute();
    const byAddress = (address: string) => {
      const identity = identities.find((i) => i.external_id === address);
      return rows.find((m) => m.identity_id === identity?.id);
    };
    expect(identities.map((i) => i.external_id)).not.toContain('users@lists.example.org');
    expect(byAddress('ivan.petrov@example.ru')?.text).toMatch(/^Hi all,/);
    expect(byAddress('anna@icloud.example')).toMatchObject({
      text: 'Restarted it, works now',
      attachments: '[]',
    });
    const invite = byAddress('olga.smirnova@gmail.example');
    // The summary line follows the text. (Whether the .ics itself is stored is the core's allow-list's call:
    // it sniffs as text/calendar.)
    expect(invite?.text).toMatch(
      /^Router replacement visit\n[^]*\n📅 Invitation: Router replacement visit — 2026-12-03 10:00 UTC(?:\n|$)/,
    );
    const acks = await sink.waitFor(2);
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.mails.map((m) => m.rcptTo).sort()).toEqual([
      ['anna@icloud.example'],
      ['olga.smirnova@gmail.example'],
    ]);
    expect(acks).toHaveLength(2);
  });

  it('an SMTP 451 is retried; a 550 fails the reply with the server’s words', async () => {
    sink.failNext({ code: 451, message: '4.7.1 greylisted, try again' });
    const { replyId } = await conversation();
    await eventually(async () => {
      const row = (await messages()).find((m) => m.id === replyId);
      expect(row?.status).toBe('sent');
    }, 8000);
    expect(sink.mails).toHaveLength(1);
    sink.failNext({ code: 550, message: '5.7.1 relaying denied' });
    const [first] = await messages();
    const second = await reply(first!.case_id, 'Второй ответ');
    await eventually(async () => {
      const row = (await messages()).find((m) => m.id === second);
      expect(row?.status).toBe('failed');
      expect(row?.status_reason).toMatch(/SMTP_REJECTED: .*relaying denied/);
    });
  });

  it('a rejected SMTP server leaves no channel behind (422 with the reason)', async () => {
    const dead = await freePort();
    const res = await postChannel(server, admin, {
      kind: 'email',
      name: 'Broken mail',
      config: { address: 'b2b@example.test', smtp: { host: '127.0.0.1', port: dead } },
      secrets: {},
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/SMTP 127\.0\.0\.1/);
    const rows = await server.store.db.selectFrom('channel_accounts').select('name').execute();
    expect(rows.map((r) => r.name)).not.toContain('Broken mail');
  });

  it('webhooks for e-mail are refused with 404 CHANNEL_TAKES_NO_WEBHOOKS (mail only arrives through SMTP/IMAP)', async () => {
    const before = await server.store.db.selectFrom('raw_events').select('id').execute();
    const res = await server.app.inject({
      method: 'POST',
      url: `/webhooks/email/${channelId}`,
      headers: { 'content-type': 'message/rfc822' },
      payload: mail({ From: 'x@y.test', Subject: 'x' }, 'x'),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('CHANNEL_TAKES_NO_WEBHOOKS');
    expect(await server.store.db.selectFrom('raw_events').select('id').execute()).toEqual(before);
  });
});
