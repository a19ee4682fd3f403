import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../src/channels/channel-adapter.ts';
import type { DnsResolver } from '../src/channels/email/authenticate-sender.ts';
import { createEmailAdapter } from '../src/channels/email/email-adapter.ts';
import { createChannelAdapters } from '../src/channels/registry.ts';
import { EmailConfig } from '../src/channels/email/email-config.ts';
import { fakeDns } from './support/fake-dns.ts';
import { dkimKey, signMail } from './support/signed-mail.ts';

const account = {
  id: 1,
  name: 'Support mail',
  config: EmailConfig.parse({ address: 'support@example.test', smtp: { host: 'smtp.example.test' } }),
  secrets: {},
  webhookUrl: 'http://localhost/webhooks/email/1',
  tokenKey: Buffer.alloc(32, 7),
};

const ann = dkimKey('example.ru');
const other = dkimKey('mailer.example.net', 'k1');
const dmarcRecord: [string, string] = ['_dmarc.example.ru', 'v=DMARC1; p=reject; adkim=r'];

/** A plain mail as the customer's client writes it (CRLF, as on the wire). */
function plainMail(head: string[], body = 'Мой роутер не работает.\r\n'): Buffer {
  return Buffer.from(
    [
      'Date: Wed, 02 Dec 2026 07:00:00 +0300',
      'Message-ID: <m1@example.ru>',
      'To: support@example.test',
      'Subject: Роутер',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      ...head,
      '',
      body,
    ].join('\r\n'),
  );
}

async function parse(raw: Buffer, resolver: DnsResolver) {
  const adapter = createEmailAdapter({ resolver, senderCheckTimeoutMs: 5_000 });
  const events = await adapter.parse!(account, { rawBody: raw, headers: {} });
  const [event] = events;
  if (event?.type !== 'message') throw new Error(`no message event: ${JSON.stringify(events)}`);
  return event;
}

function senderPoint(event: Extract<InboundEvent, { type: 'message' }>) {
  return event.identity.contactPoints?.[0];
}

describe('e-mail sender check: DMARC on an aligned DKIM signature, real signed bytes', () => {
  it('a mail signed by the From domain, with a DMARC record: the address is attested by dmarc', async () => {
    const raw = await signMail(plainMail(['From: Анна <ann@example.ru>']), ann);
    const dns = fakeDns(Object.fromEntries([ann.record, dmarcRecord]));
    const event = await parse(raw, dns);
    expect(senderPoint(event)).toEqual({ kind: 'email', value: 'ann@example.ru', attestedBy: 'dmarc' });
    expect(event.senderCheck).toEqual({ method: 'dmarc', result: 'attested', detail: 'dkim d=example.ru' });
    expect(event.text).toBe('Мой роутер не работает.');
    // Only the key and the DMARC record are asked for: no SPF, ARC or BIMI lookups.
    expect(dns.queries).toEqual(['TXT sel._domainkey.example.ru', 'TXT _dmarc.example.ru']);
  });

  it('a valid signature of another domain (an ESP signing as itself) is not aligned: unattested', async () => {
    const raw = await signMail(plainMail(['From: ann@example.ru']), other);
    const event = await parse(raw, fakeDns(Object.fromEntries([other.record, dmarcRecord])));
    expect(senderPoint(event)).toMatchObject({ value: 'ann@example.ru', attestedBy: null });
    expect(event.senderCheck).toMatchObject({ result: 'unattested' });
  });

  it('a body changed after signing breaks the signature: unattested', async () => {
    const signed = await signMail(plainMail(['From: ann@example.ru'], 'Pay 100 RUB.\r\n'), ann);
    const tampered = Buffer.from(signed.toString('utf8').replace('Pay 100 RUB.', 'Pay 900 RUB.'));
    const event = await parse(tampered, fakeDns(Object.fromEntries([ann.record, dmarcRecord])));
    expect(event.text).toBe('Pay 900 RUB.');
    expect(senderPoint(event)).toMatchObject({ attestedBy: null });
    expect(event.senderCheck).toMatchObject({ result: 'unattested' });
  });

  it('a good signature but no DMARC record for the domain: unattested', async () => {
    const raw = await signMail(plainMail(['From: ann@example.ru']), ann);
    const event = await parse(raw, fakeDns(Object.fromEntries([ann.record])));
    expect(senderPoint(event)).toMatchObject({ attestedBy: null });
    expect(event.senderCheck).toMatchObject({ result: 'unattested' });
  });

  it('a resolver that fails: the check is an error, the sender unattested, the message still there', async () => {
    const raw = await signMail(plainMail(['From: ann@example.ru']), ann);
    const broken: DnsResolver = () =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const event = await parse(raw, broken);
    expect(event.text).toBe('Мой роутер не работает.');
    expect(senderPoint(event)).toMatchObject({ value: 'ann@example.ru', attestedBy: null });
    expect(event.senderCheck).toMatchObject({ method: 'dmarc', result: 'error' });
  });

  it('a resolver that never answers: cut off at the timeout, unattested, and not asked again for a while', async () => {
    const raw = await signMail(plainMail(['From: ann@example.ru']), ann);
    let questions = 0;
    const silent: DnsResolver = () => {
      questions += 1;
      return new Promise(() => undefined);
    };
    const adapter = createEmailAdapter({ resolver: silent, senderCheckTimeoutMs: 50 });
    const [event] = await adapter.parse!(account, { rawBody: raw, headers: {} });
    expect(event).toMatchObject({
      type: 'message',
      identity: { contactPoints: [{ attestedBy: null }] },
      senderCheck: { result: 'error', detail: 'sender check took longer than 50 ms' },
    });
    // The next mails are not held up by the same dead DNS: not checked for a while, still unattested.
    const asked = questions;
    const [next] = await adapter.parse!(account, { rawBody: raw, headers: {} });
    expect(next).toMatchObject({
      identity: { contactPoints: [{ attestedBy: null }] },
      senderCheck: { result: 'error', detail: 'not checked: a check timed out less than 30 s ago' },
    });
    expect(questions).toBe(asked);
    // The pause is the account's: another mailbox's sender is still checked (and cut off again here).
    const [otherMailbox] = await adapter.parse!({ ...account, id: 2 }, { rawBody: raw, headers: {} });
    expect(otherMailbox).toMatchObject({
      senderCheck: { result: 'error', detail: 'sender check took longer than 50 ms' },
    });
    expect(questions).toBeGreaterThan(asked);
  });

  it('every server instance checks with its own adapter: a pause never carries over to another', () => {
    expect(createChannelAdapters().email).not.toBe(createChannelAdapters().email);
  });

  it('a Reply-To is not what DMARC proved: the customer is the Reply-To, unattested', async () => {
    const raw = await signMail(
      plainMail(['From: ann@example.ru', 'Reply-To: someone@elsewhere.example']),
      ann,
    );
    const event = await parse(raw, fakeDns(Object.fromEntries([ann.record, dmarcRecord])));
    expect(senderPoint(event)).toEqual({
      kind: 'email',
      value: 'someone@elsewhere.example',
      attestedBy: null,
    });
    expect(event.senderCheck).toMatchObject({ result: 'unattested' });
  });

  it('an Authentication-Results header the sender wrote himself is never believed', async () => {
    const raw = plainMail([
      'Authentication-Results: mx.example.test; dkim=pass header.d=example.ru; dmarc=pass header.from=example.ru',
      'From: ann@example.ru',
    ]);
    const event = await parse(raw, fakeDns(Object.fromEntries([ann.record, dmarcRecord])));
    expect(senderPoint(event)).toMatchObject({ attestedBy: null });
  });

  it('a real-world shape: folded foreign signatures, ARC headers, multipart with a file, signed by the From domain', async () => {
    const boundary = '000000000000a1b2c3d4e5f6';
    const body = [
      `--${boundary}`,
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset="UTF-8"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '=D0=A1=D1=87=D1=91=D1=82 =E2=84=9617 =D0=BD=D0=B5=D0=B2=D0=B5=D1=80=D0=BD=D1=8B=D0=B9',
      '--alt',
      'Content-Type: text/html; charset="UTF-8"',
      '',
      '<div dir="ltr">Счёт №17 неверный</div>',
      '--alt--',
      `--${boundary}`,
      'Content-Type: application/pdf; name="invoice-17.pdf"',
      'Content-Disposition: attachment; filename="invoice-17.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const head = [
      // What a receiving provider's MX left on the mail before an IMAP reader fetched it.
      'ARC-Seal: i=1; a=rsa-sha256; t=1764655200; cv=none;',
      '        d=mx.example.net; s=arc-2025;',
      '        b=bm90IGEgcmVhbCBzZWFsIGJ1dCBzaGFwZWQgbGlrZSBvbmUgYXQgbGVhc3QgNjQgY2hhcnM=',
      'ARC-Authentication-Results: i=1; mx.example.net;',
      '       dkim=pass header.i=@example.ru header.s=sel header.b=abc;',
      '       dmarc=pass (p=REJECT) header.from=example.ru',
      // A stale signature of a forwarder that no longer verifies: must not break anything.
      'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=forwarder.example;',
      '\ts=old; t=1764655100; h=from:to:subject:date;',
      '\tbh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;',
      '\tb=QmFkU2lnbmF0dXJlQmFkU2lnbmF0dXJlQmFkU2lnbmF0dXJlQmFk',
      'From: =?UTF-8?B?0JDQvdC90LA=?= <Ann@Example.ru>',
      'To: "Support" <support@example.test>',
      'Subject: =?UTF-8?B?0KHRh9GR0YIg4oSWMTc=?=',
      'Date: Wed, 02 Dec 2026 07:00:00 +0300',
      'Message-ID: <CAF=real-world@mail.example.ru>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
    ];
    const raw = await signMail(Buffer.from([...head, '', body].join('\r\n')), ann);
    expect(raw.toString('utf8')).toMatch(/^DKIM-Signature: .*\r\n [^\r\n]+/);
    const dns = fakeDns(Object.fromEntries([ann.record, dmarcRecord]));
    const event = await parse(raw, dns);
    expect(event.subject).toBe('Счёт №17');
    expect(event.text).toBe('Счёт №17 неверный');
    expect(event.files?.map((f) => f.filename)).toEqual(['invoice-17.pdf']);
    expect(senderPoint(event)).toEqual({ kind: 'email', value: 'ann@example.ru', attestedBy: 'dmarc' });
  });
});
