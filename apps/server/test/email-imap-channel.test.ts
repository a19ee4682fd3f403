import type { MailSink } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startImapAndSinkForSuite, type Dovecot } from './support/dovecot.ts';
import { postChannel } from './support/channels.ts';
import { loginAdmin } from './support/people.ts';
import {
  dialects,
  eventually,
  startTestServer,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';

const password = 'imap-secret-1';

function mail(id: string, extra: string[] = []): string {
  return [
    'From: Вера <vera@customer.test>',
    'To: support@example.test',
    `Subject: Вопрос ${id}`,
    `Message-ID: <${id}@customer.test>`,
    'Date: Thu, 26 Nov 2026 08:00:00 +0300',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    ...extra,
    '',
    `Текст письма ${id}`,
    '',
  ].join('\r\n');
}

/**
 * An e-mail channel reading a real IMAP mailbox (Debian Dovecot) with IDLE: mail delivered to the mailbox
 * becomes a case; the position survives a restart of the platform, and a mail is never stored twice.
 */
describe.each(dialects)('E-mail channel over IMAP (Dovecot) on %s', (dialect) => {
  let dovecot: Dovecot;
  let sink: MailSink;
  let server: TestServer;
  let admin: LoggedIn;
  let user: string;
  let n = 0;

  startImapAndSinkForSuite((d, s) => {
    dovecot = d;
    sink = s;
  });
  beforeEach(async () => {
    user = `support${++n}-${dialect}@example.test`;
    await dovecot.addUser(user, password);
    server = await startTestServer(dialect);
    admin = await loginAdmin(server);
  });
  afterEach(async () => {
    await server.close();
  });

  const connect = (imapPassword = password) =>
    postChannel(server, admin, {
      kind: 'email',
      name: 'Mailbox',
      entryPointId: 1,
      config: {
        address: 'support@example.test',
        smtp: { host: '127.0.0.1', port: sink.port },
        imap: { host: dovecot.host, port: dovecot.imapPort, secure: false, user },
      },
      secrets: { imapPassword },
    });

  const inbound = () =>
    server.store.db.selectFrom('messages').selectAll().where('direction', '=', 'in').orderBy('id').execute();

  it('mail already in the mailbox and mail arriving while idle become cases, each stored once', async () => {
    await dovecot.deliver(user, mail('before'));
    const res = await connect();
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<{ health: { detail: string } }>().health.detail).toContain(`IMAP ${user}/INBOX ok`);
    await eventually(
      async () => expect((await inbound()).map((m) => m.external_id)).toEqual(['<before@customer.test>']),
      10_000,
    );
    await dovecot.deliver(user, mail('live'));
    const rows = await eventually(async () => {
      const all = await inbound();
      expect(all.map((m) => m.text)).toEqual(['Текст письма before', 'Текст письма live']);
      return all;
    }, 10_000);
    // Same sender, case still open (failure mode F20, docs/channels.md).
    expect(rows[0]!.case_id).toBe(rows[1]!.case_id);
    const cursor = await server.store.db.selectFrom('channel_cursors').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(cursor.value)).toMatchObject({ lastUid: 2 });
  });

  it('after a restart the reader catches up from its cursor; a copy of a mail already stored is not stored again', async () => {
    expect((await connect()).statusCode).toBe(201);
    await dovecot.deliver(user, mail('one'));
    await eventually(async () => expect(await inbound()).toHaveLength(1), 10_000);
    await server.stop();
    // While the platform is down: a new mail, and the same mail again (e.g. delivered twice by the MTA).
    await dovecot.deliver(user, mail('two'));
    await dovecot.deliver(user, mail('one'));
    await server.start();
    await eventually(async () => {
      const ids = (await inbound()).map((m) => m.external_id);
      expect(ids).toEqual(['<one@customer.test>', '<two@customer.test>']);
    }, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await inbound()).toHaveLength(2);
    const cursor = await server.store.db.selectFrom('channel_cursors').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(cursor.value)).toMatchObject({ lastUid: 3 });
  });

  it('without SMTP_PORT and without a mailbox the channel connects but its health says no mail can arrive', async () => {
    const res = await postChannel(server, admin, {
      kind: 'email',
      name: 'Send-only',
      config: { address: 'noreply@example.test', smtp: { host: '127.0.0.1', port: sink.port } },
      secrets: {},
    });
    expect(res.statusCode, res.body).toBe(201);
    const health = res.json<{ health: { ok: boolean; detail: string } }>().health;
    expect(health.ok).toBe(false);
    expect(health.detail).toContain('no way to receive mail: set SMTP_PORT');
  });

  it('a wrong IMAP password is refused at connect with the reason, and nothing is left behind', async () => {
    const res = await connect('wrong-password');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/IMAP .*authentication failed/i);
    expect(
      await server.store.db
        .selectFrom('channel_accounts')
        .select('kind')
        .where('kind', '=', 'email')
        .execute(),
    ).toEqual([]);
  });
});
