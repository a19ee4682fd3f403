import { startMailSink, type MailSink } from '@frontline/fakes';
import { afterEach, describe, expect, it } from 'vitest';
import type { DnsResolver } from '../src/channels/email/authenticate-sender.ts';
import { createEmailAdapter } from '../src/channels/email/email-adapter.ts';
import { connectEmail } from './support/channels.ts';
import { contactPointsOf } from './support/contact-points.ts';
import { fakeDns } from './support/fake-dns.ts';
import { freePort } from './support/helpers.ts';
import { deliverMail } from './support/mail.ts';
import { loginAdmin } from './support/people.ts';
import { dkimKey, signMail } from './support/signed-mail.ts';
import { dialects, eventually, startTestServer, type TestServer } from './support/test-server.ts';

const support = 'support@example.test';
const ann = dkimKey('example.ru');

function signedMail(id: string): Promise<Buffer> {
  const raw = [
    'From: Анна <ann@example.ru>',
    `To: ${support}`,
    'Subject: Роутер',
    'Date: Wed, 02 Dec 2026 07:00:00 +0300',
    `Message-ID: <${id}@example.ru>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Не работает роутер.',
    '',
  ].join('\r\n');
  return signMail(raw, ann);
}

/**
 * The sender check through the whole platform: the SMTP receiver stores the mail, the inbound processor has
 * the e-mail adapter check it (IMAP mail goes the same way from the stored bytes), and the customer's
 * address is attested or not; a DNS failure never loses the mail.
 */
describe.each(dialects)('e-mail sender check end to end on %s', (dialect) => {
  let server: TestServer;
  let sink: MailSink;
  afterEach(async () => {
    await server.close();
    await sink.close();
  });

  async function start(resolver: DnsResolver) {
    const smtpPort = await freePort();
    server = await startTestServer(dialect, {
      env: { SMTP_PORT: String(smtpPort), SMTP_HOST: '127.0.0.1' },
      adapters: { email: createEmailAdapter({ resolver }) },
    });
    sink = await startMailSink();
    await connectEmail(server, await loginAdmin(server), { address: support, smtpPort: sink.port });
    return smtpPort;
  }

  async function storedCustomer() {
    return eventually(async () => {
      const message = await server.store.db
        .selectFrom('messages')
        .select(['customer_id', 'text'])
        .where('direction', '=', 'in')
        .executeTakeFirstOrThrow();
      return message;
    });
  }

  async function senderChecks() {
    return server.services.metrics.registry.getSingleMetricAsString('frontline_sender_checks_total');
  }

  it('a DKIM-aligned DMARC pass attests the customer’s address', async () => {
    const smtpPort = await start(
      fakeDns({ [ann.record[0]]: ann.record[1], '_dmarc.example.ru': 'v=DMARC1; p=none' }),
    );
    await deliverMail(smtpPort, await signedMail('a1'), { from: 'ann@example.ru', to: [support] });
    const message = await storedCustomer();
    expect(await contactPointsOf(server, message.customer_id)).toEqual([
      { kind: 'email', value: 'ann@example.ru', attested_by: 'dmarc' },
    ]);
    expect(await senderChecks()).toMatch(
      /frontline_sender_checks_total\{channel="email",method="dmarc",result="attested"\} 1/,
    );
  });

  it('DNS down: the mail is stored, the address unattested, the failure counted', async () => {
    const down: DnsResolver = () =>
      Promise.reject(Object.assign(new Error('queryTxt ETIMEOUT'), { code: 'ETIMEOUT' }));
    const smtpPort = await start(down);
    await deliverMail(smtpPort, await signedMail('a2'), { from: 'ann@example.ru', to: [support] });
    const message = await storedCustomer();
    expect(message.text).toBe('Не работает роутер.');
    expect(await contactPointsOf(server, message.customer_id)).toEqual([
      { kind: 'email', value: 'ann@example.ru', attested_by: null },
    ]);
    expect(await senderChecks()).toMatch(
      /frontline_sender_checks_total\{channel="email",method="dmarc",result="error"\} 1/,
    );
    const raw = await server.store.db.selectFrom('raw_events').select('status').executeTakeFirstOrThrow();
    expect(raw.status).toBe('done');
  });
});
