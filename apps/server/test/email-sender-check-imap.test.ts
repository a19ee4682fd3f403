import type { MailSink } from '@frontline/fakes';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../src/channels/email/email-adapter.ts';
import { createLogger } from '../src/lib/logger.ts';
import { postChannel } from './support/channels.ts';
import { contactPointsOf } from './support/contact-points.ts';
import { startImapAndSinkForSuite, type Dovecot } from './support/dovecot.ts';
import { fakeDns } from './support/fake-dns.ts';
import { loginAdmin } from './support/people.ts';
import { dkimKey, signMail } from './support/signed-mail.ts';
import { dialects, eventually, startTestServer, type TestServer } from './support/test-server.ts';

const password = 'imap-secret-2';
const vera = dkimKey('customer.example');

/**
 * The sender check on mail read from a real IMAP mailbox (Dovecot): the receiving server put its own
 * headers on top, we know no connecting IP, and still a DKIM-aligned DMARC pass attests the address, while
 * the same mail with its signature broken stays a claim.
 */
describe.each(dialects)('e-mail sender check over IMAP (Dovecot) on %s', (dialect) => {
  let dovecot: Dovecot;
  let sink: MailSink;
  let server: TestServer;
  let n = 0;

  startImapAndSinkForSuite((d, s) => {
    dovecot = d;
    sink = s;
  });
  afterEach(async () => server.close());

  const signed = (id: string) =>
    signMail(
      [
        'From: Вера <vera@customer.example>',
        'To: support@example.test',
        `Subject: Вопрос ${id}`,
        `Message-ID: <${id}@customer.example>`,
        'Date: Thu, 26 Nov 2026 08:00:00 +0300',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        `Текст письма ${id}`,
        '',
      ].join('\r\n'),
      vera,
    );

  /**
   * What the sender checks came to: the counter by result and the detail of every check that could not
   * run (the warning the inbound processor logs), so a failed expectation says why a sender stayed a claim.
   */
  const checksOf = (failures: string[]) => async () => ({
    counted: (await server.services.metrics.registry.getSingleMetricAsString('frontline_sender_checks_total'))
      .split('\n')
      .filter((line) => line.startsWith('frontline_sender_checks_total{')),
    failures,
  });

  it('a signed mail in the mailbox is attested; one whose body was changed on the way is not', async () => {
    const user = `check${++n}-${dialect}@example.test`;
    await dovecot.addUser(user, password);
    const dns = fakeDns({
      [vera.record[0]]: vera.record[1],
      '_dmarc.customer.example': 'v=DMARC1; p=quarantine',
    });
    const failures: string[] = [];
    const logger = createLogger('warn', {
      write: (line: string) => {
        const entry = JSON.parse(line) as { msg?: string; detail?: string };
        if (entry.msg?.startsWith('sender check failed')) failures.push(entry.detail ?? '');
      },
    });
    // This test is about what DMARC proves, not about slow DNS (email-sender-check.test.ts covers the
    // timeout): a check starved of CPU by a loaded machine must not be cut off after the production 8 s.
    const adapter = createEmailAdapter({ resolver: dns, senderCheckTimeoutMs: 120_000 });
    server = await startTestServer(dialect, { adapters: { email: adapter }, logger });
    const checks = checksOf(failures);
    const res = await postChannel(server, await loginAdmin(server), {
      kind: 'email',
      name: 'Mailbox',
      entryPointId: 1,
      config: {
        address: 'support@example.test',
        smtp: { host: '127.0.0.1', port: sink.port },
        imap: { host: dovecot.host, port: dovecot.imapPort, secure: false, user },
      },
      secrets: { imapPassword: password },
    });
    expect(res.statusCode, res.body).toBe(201);

    await dovecot.deliver(user, await signed('good'));
    const first = await eventually(
      async () =>
        server.store.db
          .selectFrom('messages')
          .select(['customer_id'])
          .where('direction', '=', 'in')
          .executeTakeFirstOrThrow(),
      15_000,
    );
    expect(await checks()).toEqual({
      counted: ['frontline_sender_checks_total{channel="email",method="dmarc",result="attested"} 1'],
      failures: [],
    });
    expect(await contactPointsOf(server, first.customer_id)).toEqual([
      { kind: 'email', value: 'vera@customer.example', attested_by: 'dmarc' },
    ]);

    // Another customer's mail from the same domain, altered after signing: a claim only.
    const altered = (await signed('bad')).toString('utf8').replace('Текст письма bad', 'Другой текст');
    await dovecot.deliver(user, altered.replace(/vera@customer\.example/g, 'olga@customer.example'));
    const second = await eventually(async () => {
      const rows = await server.store.db
        .selectFrom('messages')
        .select(['customer_id', 'text'])
        .where('direction', '=', 'in')
        .orderBy('id')
        .execute();
      expect(rows).toHaveLength(2);
      return rows[1]!;
    }, 15_000);
    expect(second.text).toBe('Другой текст');
    expect(await checks()).toEqual({
      counted: [
        'frontline_sender_checks_total{channel="email",method="dmarc",result="attested"} 1',
        'frontline_sender_checks_total{channel="email",method="dmarc",result="unattested"} 1',
      ],
      failures: [],
    });
    expect(await contactPointsOf(server, second.customer_id)).toEqual([
      { kind: 'email', value: 'olga@customer.example', attested_by: null },
    ]);
  }, 60_000);
});
