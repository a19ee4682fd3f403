import { readdirSync, readFileSync } from 'node:fs';
import type { HeaderLines } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { detectAutomatedMail } from '../src/channels/email/detect-automated-mail.ts';
import {
  parseDeliveryReport,
  type DeliveryReportSource,
} from '../src/channels/email/parse-delivery-report.ts';
import { invitationSummary } from '../src/channels/email/invitation-summary.ts';
import { parseEmail, type MailFile } from '../src/channels/email/parse-email.ts';
import { readCalendarInvitation } from '../src/channels/email/read-calendar-invitation.ts';
import { stripQuotedReply } from '../src/channels/email/strip-quoted-reply.ts';
import { toEmailEvents } from '../src/channels/email/to-email-events.ts';
import { bounceAddress, verifyBounceAddress } from '../src/channels/email/email-addressing.ts';
import { EmailConfig } from '../src/channels/email/email-config.ts';

const fixtures = new URL('./fixtures/email/', import.meta.url);

function fixture(name: string): Buffer {
  return readFileSync(new URL(name, fixtures));
}

async function parseFixture(name: string) {
  return parseEmail(fixture(name));
}

/** A mail written inline: header lines, a blank line, the body; CRLF as on the wire. */
function mail(head: string[], body: string): Buffer {
  return Buffer.from([...head, '', body].join('\r\n').replace(/\r?\n/g, '\r\n'));
}

function files(list: MailFile[]) {
  return list.map((f) => ({ ...f, bytes: f.bytes.length }));
}

function headerLines(lines: string[]): HeaderLines {
  return lines.map((line) => ({ key: line.slice(0, line.indexOf(':')).toLowerCase(), line }));
}

const person = { address: 'ivan@example.ru', name: null };

describe('parseEmail: new messages and encodings', () => {
  it('plain UTF-8 (quoted-printable) new message: every field', async () => {
    expect(await parseFixture('plain-utf8-new.eml')).toEqual({
      messageId: '<CAF1new.1@mail.example.ru>',
      inReplyTo: [],
      references: [],
      subject: 'Не работает роутер после обновления прошивки',
      from: { address: 'ivan.petrov@example.ru', name: 'Иван Петров' },
      replyTo: null,
      recipients: ['support@example.test', 'anna@example.ru', 'help@example.test'],
      date: new Date('2026-11-23T07:00:00.000Z'),
      text: 'Здравствуйте!\n\nПосле обновления прошивки роутер перестал раздавать Wi-Fi.\nМодель: FL-100, серийный номер 12345.',
      fullText:
        'Здравствуйте!\n\nПосле обновления прошивки роутер перестал раздавать Wi-Fi.\nМодель: FL-100, серийный номер 12345.\n\n-- \nИван Петров\n+7 900 000-00-00',
      attachments: [],
      invitations: [],
      mailingList: null,
      listAuthor: null,
      automated: null,
      bounce: null,
    });
  });

  it('HTML-only mail: text converted from HTML, no tags, styles or scripts', async () => {
    const parsed = await parseFixture('html-only.eml');
    expect(parsed.fullText).toBe(
      "Hello,\n\nWhere is my order #A-1001? It's been a week & still nothing — please check.\n\nThanks,\nMaria",
    );
    expect(parsed.text).toBe(parsed.fullText);
    expect(parsed.fullText).not.toMatch(/<|>|tracking pixel|color: red|signature start|&amp;/);
    expect(parsed.automated).toBeNull();
  });

  it('multipart/alternative: the text/plain part is the text, not the HTML', async () => {
    const parsed = await parseFixture('multipart-alternative.eml');
    expect(parsed.fullText).toBe(
      'Good afternoon,\n\nplease send me the invoice for order A-1002 (plain part).\n\nRegards,\nPeter',
    );
    expect(parsed.text).toBe('Good afternoon,\n\nplease send me the invoice for order A-1002 (plain part).');
    expect(parsed.attachments).toEqual([]);
  });

  it('koi8-r: Q-encoded subject and name, quoted-printable body', async () => {
    const parsed = await parseFixture('koi8r-quoted-printable.eml');
    expect(parsed.subject).toBe('Вопрос по счёту 17');
    expect(parsed.from).toEqual({ address: 'olga@example.ru', name: 'Ольга Смирнова' });
    expect(parsed.text).toBe(
      'Здравствуйте!\n\nПрошу выставить счёт на ООО "Ромашка", ИНН 7700000000.\nЁлки-палки, уже третий раз пишу.',
    );
  });

  it('windows-1251: an 8bit body of real bytes, B- and Q-encoded headers', async () => {
    const raw = fixture('outlook-ru-reply-windows-1251.eml');
    expect(raw.includes(Buffer.from([0xcf, 0xee, 0xed, 0xff, 0xeb]))).toBe(true); // "Понял" in windows-1251
    const parsed = await parseEmail(raw);
    expect(parsed.subject).toBe('RE: Не работает роутер [#42]');
    expect(parsed.from).toEqual({ address: 'ivan@example.ru', name: 'Иван Петров' });
    expect(
      parsed.fullText.startsWith('Понял, спасибо. Завтра попробую.\n\nС уважением,\nИван Петров\n\n'),
    ).toBe(true);
  });

  it('base64 body with 4-byte UTF-8', async () => {
    const parsed = await parseFixture('base64-body.eml');
    expect(parsed.text).toBe(
      'Привет! Hello! 🙂\nСтрока достаточно длинная, чтобы base64 переносился на несколько строк: 0123456789 abcdefghij.',
    );
  });

  it('inline image: the cid part is an inline attachment, text comes from the related HTML', async () => {
    const parsed = await parseFixture('inline-image-cid.eml');
    expect(parsed.text).toBe('Here is the error I get:\n\nscreenshot\n\nAnna');
    expect(files(parsed.attachments)).toEqual([
      {
        filename: 'image001.png',
        contentType: 'image/png',
        bytes: 70,
        contentId: 'image001.png@01DB5E0F.8D3A2B10',
        inline: true,
      },
    ]);
    expect(parsed.attachments[0]?.bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('RFC 2231 file names: percent-encoded and split into continuations', async () => {
    const parsed = await parseFixture('rfc2231-filename.eml');
    expect(parsed.text).toBe('Invoice and contract attached.');
    expect(files(parsed.attachments)).toEqual([
      { filename: 'Счёт.pdf', contentType: 'application/pdf', bytes: 48, contentId: null, inline: false },
      {
        filename: 'Договор № 42.docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        bytes: 64,
        contentId: null,
        inline: false,
      },
    ]);
    expect(parsed.attachments[0]?.bytes.toString('latin1').startsWith('%PDF-1.4')).toBe(true);
  });

  it('no Message-ID and no Date: both null', async () => {
    const parsed = await parseFixture('no-message-id.eml');
    expect(parsed.messageId).toBeNull();
    expect(parsed.date).toBeNull();
    expect(parsed.from).toEqual({ address: 'old-client@example.com', name: null });
    expect(parsed.text).toBe('This mail has neither a Message-ID nor a Date header.');
  });

  it('an unparseable Date is null, a bare Message-ID gets its brackets, every In-Reply-To id is kept', async () => {
    const parsed = await parseEmail(
      mail(
        [
          'From: a@example.com',
          'Date: sometime last week',
          'Message-ID: bare-id@example.com',
          'In-Reply-To: <one@example.com> (Your message of Monday) <two@example.com>',
          'References: <zero@example.com>\r\n\t<one@example.com> <zero@example.com>',
          'Reply-To: "Desk" <Desk@Example.com>',
        ],
        'hi',
      ),
    );
    expect(parsed.date).toBeNull();
    expect(parsed.messageId).toBe('<bare-id@example.com>');
    expect(parsed.inReplyTo).toEqual(['<one@example.com>', '<two@example.com>']);
    expect(parsed.references).toEqual(['<zero@example.com>', '<one@example.com>']);
    expect(parsed.replyTo).toEqual({ address: 'desk@example.com', name: 'Desk' });
    expect(parsed.subject).toBe('');
  });

  it('envelope: RCPT TO joins the recipients, MAIL FROM:<> marks the null sender', async () => {
    const raw = mail(['From: someone@example.org', 'To: support@example.test'], 'hi');
    const parsed = await parseEmail(raw, {
      envelope: { mailFrom: '', rcptTo: ['Support+c42.k3m9x2p7qa@support.example.test'] },
    });
    expect(parsed.recipients).toEqual([
      'support@example.test',
      'support+c42.k3m9x2p7qa@support.example.test',
    ]);
    expect(parsed.automated).toBe('null sender');
    expect((await parseEmail(raw)).automated).toBeNull();
  });
});

describe('parseEmail: replies, threading and quote stripping', () => {
  it('reply with In-Reply-To and folded References', async () => {
    const parsed = await parseFixture('reply-in-reply-to-references.eml');
    expect(parsed.inReplyTo).toEqual(['<fl-42.a1@support.example.test>']);
    expect(parsed.references).toEqual(['<CAF1new.1@mail.example.ru>', '<fl-42.a1@support.example.test>']);
    expect(parsed.recipients).toEqual(['support+c42.k3m9x2p7qa@support.example.test']);
    expect(parsed.subject).toBe('Re: Router does not work [#42]');
    expect(parsed.text).toBe('Thanks, the firmware rollback helped.');
  });

  it('reply with References only, answer written below the quote', async () => {
    const parsed = await parseFixture('reply-references-only.eml');
    expect(parsed.inReplyTo).toEqual([]);
    expect(parsed.references).toEqual(['<fl-42.a1@support.example.test>']);
    expect(parsed.text).toBe('Sure. The serial is FL100-778899.');
  });

  it('Outlook reply: -----Original Message----- block cut, winmail.dat kept as attachment', async () => {
    const parsed = await parseFixture('outlook-reply-winmail.eml');
    expect(parsed.messageId).toBe('<DB9PR01MB1234567ABCDEF@DB9PR01MB1234.eurprd01.prod.outlook.com>');
    expect(parsed.inReplyTo).toEqual(['<fl-43.a1@support.example.test>']);
    expect(parsed.references).toEqual(['<fl-42.a1@support.example.test>', '<fl-43.a1@support.example.test>']);
    expect(parsed.from).toEqual({ address: 'john.smith@acme.example', name: 'John Smith' });
    expect(parsed.text).toBe('Hello,\n\nThe router works again, thank you!');
    expect(parsed.fullText).toContain(
      '-----Original Message-----\nFrom: Frontline Support <support@example.test>',
    );
    expect(files(parsed.attachments)).toEqual([
      {
        filename: 'winmail.dat',
        contentType: 'application/ms-tnef',
        bytes: 96,
        contentId: null,
        inline: false,
      },
    ]);
    expect(parsed.automated).toBeNull();
  });

  it('Gmail EN reply: attribution wrapped over two lines, quotes and "--" cut', async () => {
    const parsed = await parseFixture('gmail-en-reply.eml');
    expect(parsed.text).toBe('Yes, that fixed it. Thank you!\n\nIvan');
    expect(parsed.fullText).toContain(
      'On Mon, Nov 23, 2026 at 10:30\u202fAM Frontline Support <\nsupport@example.test> wrote:',
    );
  });

  it('Gmail RU reply: UTF-8 B-encoded subject and names, "пн, … г. в …, Имя <x@y>:" cut', async () => {
    const parsed = await parseFixture('gmail-ru-reply.eml');
    expect(parsed.subject).toBe('Re: Не работает роутер [#42]');
    expect(parsed.from).toEqual({ address: 'ivan.petrov@gmail.example', name: 'Иван Петров' });
    expect(parsed.text).toBe('Добрый день!\n\nПерезагрузка не помогла, индикатор WAN мигает красным.');
  });

  it('Apple Mail reply: "On 23 Nov 2026, at 10:30, … wrote:" and "Sent from my iPhone" cut', async () => {
    const parsed = await parseFixture('apple-mail-reply.eml');
    expect(parsed.messageId).toBe('<8A2B6C1E-3F4D-4E5A-9B8C-7D6E5F4A3B2C@icloud.example>');
    expect(parsed.text).toBe('Done, it works now. Thanks!\n\nAnna');
  });

  it('Outlook RU reply: -----Исходное сообщение----- with a wrapped От: line cut', async () => {
    const parsed = await parseFixture('outlook-ru-reply-windows-1251.eml');
    expect(parsed.inReplyTo).toEqual(['<fl-42.a1@support.example.test>']);
    expect(parsed.references).toEqual([]);
    expect(parsed.text).toBe('Понял, спасибо. Завтра попробую.\n\nС уважением,\nИван Петров');
  });

  it('Thunderbird RU reply (8bit UTF-8, format=flowed): "… пишет:" cut', async () => {
    const parsed = await parseFixture('thunderbird-ru-reply.eml');
    expect(parsed.subject).toBe('Re: [#42] Прошивка');
    expect(parsed.text).toBe('Спасибо, всё заработало.');
  });

  it('Yandex reply (HTML only, base64): blockquote and "23.11.2026, 10:30, "Имя" <x@y>:" cut', async () => {
    const parsed = await parseFixture('yandex-reply.eml');
    expect(parsed.text).toBe('Спасибо! Прошивку обновил, всё работает.');
    expect(parsed.fullText).toContain('> Здравствуйте!');
  });

  it('Mail.ru reply: signature and "Понедельник, … от Имя <x@y>:" cut, RFC 2047 attachment name', async () => {
    const parsed = await parseFixture('mailru-reply.eml');
    expect(parsed.subject).toBe('Re: Пришлите фото наклейки [#42]');
    expect(parsed.text).toBe('Добрый день. Высылаю фото наклейки, серийный номер FL100-778899.');
    expect(files(parsed.attachments)).toEqual([
      { filename: 'наклейка.jpg', contentType: 'image/jpeg', bytes: 130, contentId: null, inline: false },
    ]);
  });
});

const AUTOMATED: Array<[string, string]> = [
  ['oof-auto-replied.eml', 'Auto-Submitted: auto-replied'],
  ['exchange-oof.eml', 'Auto-Submitted: auto-generated'],
  ['precedence-bulk.eml', 'Precedence: bulk'],
  ['newsletter-list-id.eml', 'List-Id'],
  ['x-autoreply-yes.eml', 'X-Autoreply'],
  ['dsn-failed-5.1.1.eml', 'Auto-Submitted: auto-replied'],
  ['dsn-delayed-4.4.1.eml', 'multipart/report'],
  ['bounce-plain-mailer-daemon.eml', 'From mailer-daemon'],
  ['icloud-vacation.eml', 'X-Apple-Action: VACATION'],
  ['ezmlm-list.eml', 'Mailing-List'],
  ['google-groups-dmarc.eml', 'Precedence: list'],
  ['dsn-forwarded-original-recipient.eml', 'Auto-Submitted: auto-replied'],
];

const PERSONS = [
  'plain-utf8-new.eml',
  'html-only.eml',
  'multipart-alternative.eml',
  'reply-in-reply-to-references.eml',
  'reply-references-only.eml',
  'outlook-reply-winmail.eml',
  'gmail-en-reply.eml',
  'gmail-ru-reply.eml',
  'apple-mail-reply.eml',
  'outlook-ru-reply-windows-1251.eml',
  'thunderbird-ru-reply.eml',
  'yandex-reply.eml',
  'mailru-reply.eml',
  'koi8r-quoted-printable.eml',
  'base64-body.eml',
  'inline-image-cid.eml',
  'rfc2231-filename.eml',
  'no-message-id.eml',
  'gmail-rfc6532-utf8.eml',
  'eai-rfc6532-reply.eml',
  'apple-watch-reply.eml',
  'google-calendar-invite.eml',
  'outlook-calendar-invite.eml',
];

describe('parseEmail: automatic mail', () => {
  it.each(AUTOMATED)('%s is automatic: %s', async (name, reason) => {
    expect((await parseFixture(name)).automated).toBe(reason);
  });

  it.each(PERSONS)("%s is a person's mail: not automatic, not a bounce", async (name) => {
    const parsed = await parseFixture(name);
    expect(parsed.automated).toBeNull();
    expect(parsed.bounce).toBeNull();
  });

  it("every fixture is either automatic or a person's mail above", () => {
    const names = readdirSync(fixtures).filter((name) => name.endsWith('.eml'));
    const listed = [...AUTOMATED.map(([name]) => name), ...PERSONS];
    expect(listed.sort()).toEqual(names.sort());
    expect(names).toHaveLength(35);
  });

  it('the Exchange OOF mail has both markers; the text is kept', async () => {
    const parsed = await parseFixture('exchange-oof.eml');
    expect(parsed.subject).toBe('Automatic reply: Router does not work [#42]');
    expect(parsed.text).toBe(
      'I am on vacation until Monday. For urgent matters contact helpdesk@acme.example.',
    );
    const raw = fixture('exchange-oof.eml').toString('latin1');
    expect(raw).toContain('X-Auto-Response-Suppress: All');
  });
});

describe('parseEmail: real-world shapes', () => {
  it('RFC 6532 (Gmail to an SMTPUTF8 server): raw UTF-8 subject, display name and file name read as UTF-8', async () => {
    const parsed = await parseFixture('gmail-rfc6532-utf8.eml');
    expect(parsed.subject).toBe('Rechnung für März — счёт №17 ist falsch');
    expect(parsed.from).toEqual({ address: 'joerg.mueller@example.de', name: 'Jörg Müller' });
    expect(parsed.text).toBe('Guten Tag, die Rechnung für März ist falsch. Grüße, Jörg');
    expect(files(parsed.attachments)).toEqual([
      {
        filename: 'Rechnung März №17.pdf',
        contentType: 'application/pdf',
        bytes: 78,
        contentId: 'f_m3k9x2a10',
        inline: false,
      },
    ]);
  });

  it('RFC 6532 (an internationalized address): raw UTF-8 Message-ID and References are UTF-8, not Latin-1', async () => {
    const parsed = await parseFixture('eai-rfc6532-reply.eml');
    expect(parsed.messageId).toBe('<письмо-1@почта.рф>');
    expect(parsed.references).toEqual(['<первое-0@почта.рф>', '<fl-42.a1@support.example.test>']);
    expect(parsed.from).toEqual({ address: 'иван@почта.рф', name: 'Иван Петров' });
    expect(parsed.subject).toBe('Re: Роутер не работает [#42]');
    expect(parsed.text).toBe('Спасибо, заработало.');
  });

  it('Apple Watch reply: the text/watch-html alternative is no attachment', async () => {
    const parsed = await parseFixture('apple-watch-reply.eml');
    expect(parsed.text).toBe('Restarted it, works now');
    expect(parsed.attachments).toEqual([]);
  });

  it('S/MIME and OpenPGP signatures are no attachments; a named HTML file is one', async () => {
    const raw = mail(
      [
        'From: petr@corp.example',
        'Subject: signed',
        'MIME-Version: 1.0',
        'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="s"',
      ],
      [
        '--s',
        'Content-Type: multipart/mixed; boundary="m"',
        '',
        '--m',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Signed text',
        '--m',
        'Content-Type: text/html; name="report.html"',
        'Content-Disposition: attachment; filename="report.html"',
        '',
        '<p>report</p>',
        '--m--',
        '--s',
        'Content-Type: application/pkcs7-signature; name="smime.p7s"',
        'Content-Disposition: attachment; filename="smime.p7s"',
        'Content-Transfer-Encoding: base64',
        '',
        'MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAA==',
        '--s--',
        '',
      ].join('\r\n'),
    );
    const parsed = await parseEmail(raw);
    expect(parsed.text).toBe('Signed text');
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['report.html']);
  });

  it('Google Calendar invitation: one invite.ics (the text/calendar alternative is the same bytes), its event read', async () => {
    const parsed = await parseFixture('google-calendar-invite.eml');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['invite.ics', 'application/ics'],
    ]);
    expect(parsed.invitations).toEqual([
      { title: 'Router replacement visit', start: '2026-12-03 10:00 UTC', method: 'REQUEST' },
    ]);
    expect(parsed.automated).toBeNull();
  });

  it('Outlook invitation: the base64 text/calendar alternative is kept as invitation.ics; TZID, escapes, VALARM', async () => {
    const parsed = await parseFixture('outlook-calendar-invite.eml');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['invitation.ics', 'text/calendar'],
    ]);
    expect(parsed.invitations).toEqual([
      {
        title: 'Подключение нового офиса, ул. Ленина 5',
        start: '2026-12-04 15:00 (Russian Standard Time)',
        method: 'REQUEST',
      },
    ]);
  });

  it('ezmlm list mail: a mailing list by its Mailing-List header alone', async () => {
    const parsed = await parseFixture('ezmlm-list.eml');
    expect(parsed.mailingList).toBe('Mailing-List');
    expect(parsed.from).toEqual({ address: 'ivan.petrov@example.ru', name: 'Ivan Petrov' });
    expect(parsed.replyTo).toEqual({ address: 'users@lists.example.org', name: null });
  });

  it('a Gmail plain-text bounce naming the address only on its own line: X-Failed-Recipients is the recipient', async () => {
    const raw = mail(
      [
        'Return-Path: <>',
        'From: Mail Delivery Subsystem <mailer-daemon@googlemail.example>',
        'To: support+bounce-42.a1.k2x9q0m4zt@support.example.test',
        'X-Failed-Recipients: Gone@Example.org',
        'Subject: Delivery Status Notification (Failure)',
        'Message-ID: <0001@google.example>',
        'Content-Type: text/plain; charset=ISO-8859-1',
      ],
      [
        'Delivery to the following recipient failed permanently:',
        '',
        '     gone@example.org',
        '',
        'Technical details of permanent failure:',
        'Google tried to deliver your message, but it was rejected by the recipient domain.',
        '',
      ].join('\r\n'),
    );
    expect((await parseEmail(raw)).bounce).toEqual({
      action: 'failed',
      recipients: [{ address: 'gone@example.org', action: 'failed', status: null, diagnostic: null }],
      originalMessageId: null,
      standard: false,
    });
  });

  it('a mail saved with bare CR line ends (classic Mac OS) is read like any other', async () => {
    const raw = Buffer.from(fixture('ezmlm-list.eml').toString('latin1').replace(/\r\n/g, '\r'), 'latin1');
    const parsed = await parseEmail(raw);
    expect(parsed.subject).toBe('FL-100 firmware 2.1: Wi-Fi drops every hour');
    expect(parsed.mailingList).toBe('Mailing-List');
    expect(parsed.text).toMatch(/^Hi all,\n\nsince firmware 2\.1/);
  });

  it('a DSN after alias expansion reports the Original-Recipient, the address we sent to', async () => {
    const parsed = await parseFixture('dsn-forwarded-original-recipient.eml');
    expect(parsed.bounce).toEqual({
      action: 'failed',
      recipients: [
        {
          address: 'ann@customer.example',
          action: 'failed',
          status: '5.2.2',
          diagnostic:
            '552 5.2.2 <anna.lee@mailstore.customer.example> Quota exceeded (mailbox for user is full)',
        },
      ],
      originalMessageId: '<fl-42.a1@support.example.test>',
      standard: true,
    });
  });
});

describe('toEmailEvents: who the customer of a list mail is', () => {
  const account = {
    id: 1,
    name: 'Support mail',
    config: EmailConfig.parse({ address: 'support@example.test', smtp: { host: 'smtp.example.test' } }),
    secrets: {},
    webhookUrl: 'http://localhost/webhooks/email/1',
    tokenKey: Buffer.alloc(32, 7),
  };
  async function customerOf(name: string) {
    const raw = fixture(name);
    const [event] = toEmailEvents(account, await parseEmail(raw), raw);
    if (event?.type !== 'message') throw new Error(`${name}: no message event`);
    return { identity: event.identity.externalId, automated: event.automated };
  }

  it('ezmlm: the author in From, not the list in Reply-To; flagged automatic', async () => {
    expect(await customerOf('ezmlm-list.eml')).toEqual({
      identity: 'ivan.petrov@example.ru',
      automated: 'Mailing-List',
    });
  });

  it('Google Groups with the From rewritten to the group (DMARC): the X-Original-From', async () => {
    expect(await customerOf('google-groups-dmarc.eml')).toEqual({
      identity: 'anna.lee@yahoo.example',
      automated: 'Precedence: list',
    });
  });

  it('a person mail keeps its Reply-To as the customer', async () => {
    const raw = mail(
      [
        'From: Ivan <ivan@work.example>',
        'Reply-To: ivan@home.example',
        'Subject: x',
        'To: support@example.test',
      ],
      'hi',
    );
    const [event] = toEmailEvents(account, await parseEmail(raw), raw);
    expect(event).toMatchObject({ type: 'message', identity: { externalId: 'ivan@home.example' } });
  });

  it('an invitation: one summary line after the text', async () => {
    const raw = fixture('outlook-calendar-invite.eml');
    const [event] = toEmailEvents(account, await parseEmail(raw), raw);
    expect(event).toMatchObject({
      type: 'message',
      text:
        'Обсудим перенос офиса; нужен доступ к сети.\n\n' +
        '________________________________________________________________________________\n' +
        'Совещание в Microsoft Teams\n' +
        '📅 Invitation: Подключение нового офиса, ул. Ленина 5 — 2026-12-04 15:00 (Russian Standard Time)',
      files: [{ filename: 'invitation.ics' }],
      notices: [
        {
          code: 'calendar_invitation',
          method: 'REQUEST',
          title: 'Подключение нового офиса, ул. Ленина 5',
          start: '2026-12-04 15:00 (Russian Standard Time)',
        },
      ],
    });
  });
});

describe('verifyBounceAddress', () => {
  const config = EmailConfig.parse({ address: 'support@example.test', smtp: { host: 'smtp.example.test' } });
  const key = Buffer.alloc(32, 9);
  const signed = bounceAddress(config, key, 3, 42, 'Ann@Customer.test');

  it('the signed address, for the recipient it was made for, in any case an MTA writes it', () => {
    expect(signed).toMatch(/^support\+bounce-42\.a3\.[a-z0-9]{10}@example\.test$/);
    expect(verifyBounceAddress(config, key, 3, [signed.toUpperCase()], ['ANN@customer.test'])).toEqual({
      ok: true,
      externalMessageId: '<fl-42.a3@example.test>',
      recipient: 'ann@customer.test',
    });
  });

  it('refused: another address, another channel, another key, the unsigned form, no bounce address', () => {
    const refused = (recipients: string[], reported: string[], account = 3, k = key) =>
      verifyBounceAddress(config, k, account, recipients, reported);
    expect(refused([signed], ['boris@other.test'])).toMatchObject({ ok: false });
    expect(refused([signed], ['ann@customer.test'], 4)).toMatchObject({ ok: false });
    expect(refused([signed], ['ann@customer.test'], 3, Buffer.alloc(32, 1))).toMatchObject({ ok: false });
    expect(refused(['support+bounce-42.a3@example.test'], ['ann@customer.test'])).toEqual({
      ok: false,
      reason: 'its bounce address is unsigned (old form, not accepted)',
    });
    expect(refused(['support@example.test'], ['ann@customer.test'])).toEqual({
      ok: false,
      reason: 'not sent to a bounce address of ours',
    });
  });
});

describe('readCalendarInvitation and invitationSummary', () => {
  const ics = (lines: string[]) => Buffer.from(lines.join('\r\n'));

  it('folded lines, an all-day event, a cancellation; the VALARM description is not the title', () => {
    const invitation = readCalendarInvitation(
      ics([
        'BEGIN:VCALENDAR',
        'METHOD:CANCEL',
        'BEGIN:VEVENT',
        'BEGIN:VALARM',
        'SUMMARY:Alarm',
        'END:VALARM',
        'SUMMARY:Annual maintenance of the ',
        ' core switch',
        'DTSTART;VALUE=DATE:20261210',
        'END:VEVENT',
        'END:VCALENDAR',
      ]),
    );
    expect(invitation).toEqual({
      title: 'Annual maintenance of the core switch',
      start: '2026-12-10',
      method: 'CANCEL',
    });
    expect(invitationSummary(invitation!)).toBe(
      '📅 Cancelled: Annual maintenance of the core switch — 2026-12-10',
    );
  });

  it('no VEVENT: null; no title or start: still one line', () => {
    expect(readCalendarInvitation(ics(['BEGIN:VCALENDAR', 'END:VCALENDAR']))).toBeNull();
    expect(readCalendarInvitation(Buffer.from('not a calendar'))).toBeNull();
    const bare = readCalendarInvitation(ics(['BEGIN:VEVENT', 'DTSTART:20261203T100000', 'END:VEVENT']));
    expect(bare).toEqual({ title: null, start: '2026-12-03 10:00', method: null });
    expect(invitationSummary(bare!)).toBe('📅 Invitation: (no title) — 2026-12-03 10:00');
  });
});

describe('parseEmail: bounces', () => {
  it('RFC 3464 DSN, failed 5.1.1: recipient, diagnostic, original Message-ID; no DSN part as attachment', async () => {
    const parsed = await parseFixture('dsn-failed-5.1.1.eml');
    expect(parsed.bounce).toEqual({
      action: 'failed',
      recipients: [
        {
          address: 'gone@example.org',
          action: 'failed',
          status: '5.1.1',
          diagnostic:
            '550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown in local recipient table',
        },
      ],
      originalMessageId: '<fl-42.a1@support.example.test>',
      standard: true,
    });
    expect(parsed.attachments).toEqual([]);
    expect(parsed.recipients).toEqual(['support+bounce-42.a1@support.example.test']);
    expect(parsed.from).toEqual({ address: 'mailer-daemon@mx.example.test', name: 'Mail Delivery System' });
    expect(parsed.fullText).not.toContain('Reporting-MTA');
  });

  it('RFC 3464 DSN, delayed 4.4.1: original Message-ID from an inline message/rfc822 part', async () => {
    const parsed = await parseFixture('dsn-delayed-4.4.1.eml');
    expect(parsed.bounce).toEqual({
      action: 'delayed',
      recipients: [
        {
          address: 'slow@example.net',
          action: 'delayed',
          status: '4.4.1',
          diagnostic: '451 4.4.1 No answer from host',
        },
      ],
      originalMessageId: '<fl-43.a1@support.example.test>',
      standard: true,
    });
    expect(parsed.attachments).toEqual([]);
    expect(parsed.fullText).not.toContain('Your order has shipped');
  });

  it('plain-text MAILER-DAEMON bounce: recognised heuristically', async () => {
    const parsed = await parseFixture('bounce-plain-mailer-daemon.eml');
    expect(parsed.bounce).toEqual({
      action: 'failed',
      recipients: [
        {
          address: 'nobody@example.org',
          action: 'failed',
          status: '5.1.1',
          diagnostic: '550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown',
        },
      ],
      originalMessageId: '<fl-44.a1@support.example.test>',
      standard: false,
    });
  });

  it('several recipients: the worst action wins; message/global-delivery-status is read too', async () => {
    const parsed = await parseEmail(
      mail(
        [
          'From: postmaster@mx.example.test',
          'To: support@example.test',
          'Subject: Delivery report',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        ],
        [
          '--b',
          'Content-Type: text/plain',
          '',
          'Report.',
          '--b',
          'Content-Type: message/global-delivery-status',
          '',
          'Reporting-MTA: dns; mx.example.test',
          '',
          'Final-Recipient: rfc822; ok@example.org',
          'Action: relayed',
          'Status: 2.0.0',
          '',
          'Original-Recipient: rfc822; Later@Example.org',
          'Status: 4.2.2',
          '',
          'Final-Recipient: rfc822; gone@example.org',
          'Action: failed',
          'Status: 5.2.1 (mailbox disabled)',
          '--b',
          'Content-Type: message/global-headers',
          '',
          'Message-ID:',
          ' <fl-50.a1@support.example.test>',
          '--b--',
          '',
        ].join('\n'),
      ),
    );
    expect(parsed.bounce).toEqual({
      action: 'failed',
      recipients: [
        { address: 'ok@example.org', action: 'relayed', status: '2.0.0', diagnostic: null },
        { address: 'later@example.org', action: 'delayed', status: '4.2.2', diagnostic: null },
        { address: 'gone@example.org', action: 'failed', status: '5.2.1', diagnostic: null },
      ],
      originalMessageId: '<fl-50.a1@support.example.test>',
      standard: true,
    });
    expect(parsed.attachments).toEqual([]);
  });

  it('a read receipt (disposition-notification report) is automatic but no bounce, and shows no parts', async () => {
    const parsed = await parseEmail(
      mail(
        [
          'From: Ivan <ivan@example.ru>',
          'To: support@example.test',
          'Subject: Read: Router',
          'Content-Type: multipart/report; report-type=disposition-notification; boundary="m"',
        ],
        [
          '--m',
          'Content-Type: text/plain',
          '',
          'Your message was read.',
          '--m',
          'Content-Type: message/disposition-notification',
          '',
          'Final-Recipient: rfc822; ivan@example.ru',
          'Disposition: manual-action/MDN-sent-manually; displayed',
          '--m--',
          '',
        ].join('\n'),
      ),
    );
    expect(parsed.bounce).toBeNull();
    expect(parsed.automated).toBe('multipart/report');
    expect(parsed.attachments).toEqual([]);
    expect(parsed.text).toBe('Your message was read.');
  });
});

describe('parseDeliveryReport: heuristics', () => {
  const source = (overrides: Partial<DeliveryReportSource>): DeliveryReportSource => ({
    contentType: 'text/plain',
    reportType: null,
    from: 'mailer-daemon@mx.example.ru',
    subject: 'Недоставленное сообщение',
    text: '',
    parts: [],
    ...overrides,
  });

  it.each([
    'Недоставленное сообщение',
    'Не удалось доставить сообщение',
    'Undeliverable: Router does not work',
    'Delivery Status Notification (Failure)',
    'Mail delivery failed: returning message to sender',
    'Undelivered Mail Returned to Sender',
    'failure notice',
  ])('subject "%s" from MAILER-DAEMON is a failed bounce', (subject) => {
    expect(parseDeliveryReport(source({ subject }))).toEqual({
      action: 'failed',
      recipients: [],
      originalMessageId: null,
      standard: false,
    });
  });

  it.each([
    ['Delivery Status Notification (Delay)', 'delayed'],
    ['Warning: message 1tXyZ4-0001Ab-Cd delayed 24 hours', 'delayed'],
    ['Undeliverable: Delayed order', 'failed'],
  ])('"%s" is a %s one', (subject, action) => {
    expect(parseDeliveryReport(source({ subject }))?.action).toBe(action);
  });

  it('a person writing "Undeliverable" or a daemon writing something else is no bounce', () => {
    expect(
      parseDeliveryReport(source({ from: 'ivan@example.ru', subject: 'Undeliverable goods' })),
    ).toBeNull();
    expect(parseDeliveryReport(source({ subject: 'Weekly mail statistics' }))).toBeNull();
    expect(parseDeliveryReport(source({ from: null }))).toBeNull();
  });

  it('Russian Yandex-style text: the address and the SMTP reply on following lines, quoted Message-ID', () => {
    const text = [
      'Сообщение не было доставлено следующим получателям:',
      '',
      'nobody@example.ru',
      'Ответ сервера:',
      '550 5.7.1 No such user!',
      '',
      '> Message-ID: <fl-51.a1@support.example.test>',
      '> To: nobody@example.ru',
    ].join('\n');
    expect(parseDeliveryReport(source({ text }))).toEqual({
      action: 'failed',
      recipients: [
        {
          address: 'nobody@example.ru',
          action: 'failed',
          status: '5.7.1',
          diagnostic: '550 5.7.1 No such user!',
        },
      ],
      originalMessageId: '<fl-51.a1@support.example.test>',
      standard: false,
    });
  });

  it('Postfix-style lines, several recipients; the sender itself and IP addresses are not recipients', () => {
    const text = [
      'I could not deliver to mailer-daemon@mx.example.ru or the addresses below (host 10.5.1.1).',
      '<a@example.org>: host mx.example.org[192.0.2.1] said: 552 5.2.2 Mailbox full',
      '<b@example.org>: host mx.example.org[192.0.2.1] said: 550 User unknown',
    ].join('\n');
    expect(
      parseDeliveryReport(source({ subject: 'Undelivered Mail Returned to Sender', text }))?.recipients,
    ).toEqual([
      { address: 'a@example.org', action: 'failed', status: '5.2.2', diagnostic: '552 5.2.2 Mailbox full' },
      { address: 'b@example.org', action: 'failed', status: null, diagnostic: '550 User unknown' },
    ]);
  });

  it('an address too far above any reply line is not taken', () => {
    const text = [
      'Contact help@example.ru for help.',
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      '550 5.1.1 user unknown',
    ].join('\n');
    expect(parseDeliveryReport(source({ text }))?.recipients).toEqual([]);
  });
});

describe('detectAutomatedMail', () => {
  it.each([
    [['Auto-Submitted: auto-replied; owner-email="x@y"'], 'Auto-Submitted: auto-replied'],
    [['X-Auto-Response-Suppress: OOF'], 'X-Auto-Response-Suppress: OOF'],
    [
      ['X-Auto-Response-Suppress: DR, RN, NRN, OOF, AutoReply'],
      'X-Auto-Response-Suppress: DR, RN, NRN, OOF, AutoReply',
    ],
    [['X-Autoreply: yes'], 'X-Autoreply'],
    [['X-Autorespond: Vacation'], 'X-Autorespond'],
    [['Precedence: junk'], 'Precedence: junk'],
    [['Precedence: list'], 'Precedence: list'],
    [['Precedence: auto_reply'], 'Precedence: auto_reply'],
    [['List-Id: <news.example.com>'], 'List-Id'],
    [['List-Unsubscribe: <mailto:u@example.com>'], 'List-Unsubscribe'],
    [['X-Apple-Action: VACATION'], 'X-Apple-Action: VACATION'],
    [['Mailing-List: contact users-help@lists.example.org; run by ezmlm'], 'Mailing-List'],
    [['X-Mailing-List: linux-kernel@vger.example.org'], 'X-Mailing-List'],
    [['List-Post: <mailto:users@lists.example.org>'], 'List-Post'],
    [['List-Help: <mailto:users-help@lists.example.org>'], 'List-Help'],
    [['List-Subscribe: <mailto:users-subscribe@lists.example.org>'], 'List-Subscribe'],
    [['List-Archive: <https://lists.example.org/users/>'], 'List-Archive'],
    [['X-Autoresponder: yes'], 'X-Autoresponder'],
    [['X-AutoReply-From: ivan@example.ru'], 'X-AutoReply-From'],
    [['X-Mail-Autoreply: dtc-autoreply'], 'X-Mail-Autoreply'],
    [['X-Autogenerated: Reply'], 'X-Autogenerated'],
    [['Content-Type: multipart/report;\r\n report-type=delivery-status'], 'multipart/report'],
    [['Return-Path: < >'], 'null sender'],
  ])('%j → %s', (lines, reason) => {
    expect(detectAutomatedMail(headerLines(lines), person)).toBe(reason);
  });

  it.each([
    [['Auto-Submitted: no'], person],
    [['X-Autoreply: no'], person],
    [['Precedence: first-class'], person],
    [['Return-Path: <ivan@example.ru>'], person],
    [[], null],
  ])("%j is a person's mail", (lines, from) => {
    expect(detectAutomatedMail(headerLines(lines), from)).toBeNull();
  });

  it.each([
    ['MAILER-DAEMON@mx.example.org', 'From mailer-daemon'],
    ['postmaster@example.org', 'From postmaster'],
    ['noreply@shop.example.com', 'From noreply'],
    ['no-reply@shop.example.com', 'From no-reply'],
    ['do-not-reply@shop.example.com', 'From do-not-reply'],
    ['noreply+orders@shop.example.com', 'From noreply+orders'],
  ])('From %s → %s', (address, reason) => {
    expect(detectAutomatedMail([], { address: address.toLowerCase(), name: null })).toBe(reason);
  });

  it('addresses that merely contain the words are people', () => {
    expect(detectAutomatedMail([], { address: 'noreplyhero@example.com', name: null })).toBeNull();
    expect(detectAutomatedMail([], { address: 'ivan.postmaster@example.com', name: null })).toBeNull();
  });

  it('the envelope null sender counts, an unknown envelope does not', () => {
    expect(detectAutomatedMail([], person, { mailFrom: '' })).toBe('null sender');
    expect(detectAutomatedMail([], person, { mailFrom: null })).toBeNull();
    expect(detectAutomatedMail([], person, { mailFrom: 'ivan@example.ru' })).toBeNull();
  });
});

describe('stripQuotedReply', () => {
  it.each([
    [
      'Gmail EN',
      'Thanks!\n\nOn Mon, Nov 23, 2026 at 10:00 AM Support <support@example.test> wrote:\n\n> Restart it.\n>',
      'Thanks!',
    ],
    [
      'Gmail RU, attribution wrapped',
      'Ок.\n\nпн, 23 нояб. 2026 г. в 10:00, Иван Петров <\nivan@example.ru>:\n\n> Текст',
      'Ок.',
    ],
    [
      'Outlook EN block without separator, CRLF',
      'Got it.\r\n\r\nFrom: Support <support@example.test>\r\nSent: Monday, November 23, 2026 10:00 AM\r\nTo: Ivan <ivan@example.ru>\r\nSubject: RE: Router\r\n\r\nPlease restart.',
      'Got it.',
    ],
    [
      'Outlook on the web: underscores, then a From line wrapped',
      'Thanks.\n\n________________________________\nFrom: Frontline Support\n<support@example.test>\nSent: Monday, November 23, 2026 10:30\nTo: Ivan Petrov\nSubject: Re: Router\n\nPlease restart.',
      'Thanks.',
    ],
    [
      'Outlook RU block without separator, wrapped От:',
      'Спасибо.\n\nОт: Служба поддержки Frontline\n<support@example.test>\nОтправлено: 23 ноября 2026 г. 10:30\nКому: Иван\nТема: Роутер\n\nПерезагрузите.',
      'Спасибо.',
    ],
    [
      'Outlook RU with separator',
      'Понял.\n\n-----Исходное сообщение-----\nОт: Служба поддержки <support@example.test>\nОтправлено: 23 ноября 2026 г. 10:00\nКому: Иван <ivan@example.ru>\nТема: RE: Роутер\n\nПерезагрузите роутер.',
      'Понял.',
    ],
    [
      'Apple Mail',
      'Done.\n\nOn 23 Nov 2026, at 10:00, Support <support@example.test> wrote:\n\n> Restart it.',
      'Done.',
    ],
    [
      'iOS: quoted attribution and "Sent from my iPhone"',
      'Done\n\nSent from my iPhone\n\n> On 23 Nov 2026, at 10:00, Support <s@example.test> wrote:\n> \n> Quote',
      'Done',
    ],
    ['Thunderbird RU', 'Сделал.\n\n23.11.2026 10:00, Иван пишет:\n> Перезагрузите.', 'Сделал.'],
    ['"… написал(а):"', 'Готово.\n\n23.11.2026 10:00, Иван Петров написал(а):\n> Перезагрузите.', 'Готово.'],
    ['Yandex', 'Сделал.\n\n23.11.2026, 10:00, "Иван" <ivan@example.ru>:\n> Перезагрузите.', 'Сделал.'],
    [
      'Mail.ru',
      'Сделал.\n\nПонедельник, 23 ноября 2026, 10:00 +03:00 от Иван <ivan@mail.ru>:\n>Перезагрузите.',
      'Сделал.',
    ],
    ['signature "-- "', 'Hello\n\n-- \nIvan Petrov\n+7 900 000-00-00', 'Hello'],
    ['signature "Отправлено с iPhone"', 'Привет\n\nОтправлено с iPhone', 'Привет'],
    [
      'inline (interleaved) reply keeps the sender lines',
      'Hi,\n\nOn Mon, 23 Nov 2026 at 10:00, Support <support@example.test> wrote:\n> What is your order number?\n\nIt is 12345.\n\n> And the delivery address?\n\nMoscow, Tverskaya 1.\n\n> Thanks,\n> Support\n\n-- \nIvan',
      'Hi,\n\nIt is 12345.\n\nMoscow, Tverskaya 1.',
    ],
    ['inline reply without attribution', '> Order number?\n12345\n> Address?\nMoscow', '12345\nMoscow'],
  ])('%s', (_name, input, expected) => {
    expect(stripQuotedReply(input)).toBe(expected);
  });

  it('a forwarded mail is content: kept whole', () => {
    const forward =
      'Please look at this.\n\n---------- Forwarded message ---------\nFrom: Shop <orders@shop.example.com>\nDate: Mon, 23 Nov 2026 at 10:00\nSubject: Your order\nTo: <ivan@example.ru>\n\nYour order A-1 was cancelled.';
    expect(stripQuotedReply(forward)).toBe(forward);
  });

  it('prose ending in "wrote:" without a quote below is kept', () => {
    const prose = 'On Monday I called you at 10:00 and your colleague wrote:\nnothing useful.';
    expect(stripQuotedReply(prose)).toBe(prose);
  });

  it('never returns an empty string for content: the trimmed input instead', () => {
    expect(stripQuotedReply('\n> only a quote\n> nothing else\n')).toBe('> only a quote\n> nothing else');
    expect(stripQuotedReply('-- \nIvan Petrov\n')).toBe('-- \nIvan Petrov');
    expect(stripQuotedReply('Best regards,\nJohn')).toBe('Best regards,\nJohn');
    expect(stripQuotedReply('')).toBe('');
    expect(stripQuotedReply('  \n ')).toBe('');
  });
});
