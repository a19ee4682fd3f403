import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  checkImapLogin,
  ImapCursor,
  ImapMailboxReader,
  type ImapMailboxOptions,
} from '../src/channels/email/read-imap-mailbox.ts';
import { createLogger } from '../src/lib/logger.ts';
import { startDovecot, type Dovecot } from './support/dovecot.ts';
import { freePort } from './support/helpers.ts';

const password = 'secret-imap-password';

/** A raw mail as it sits in a mailbox, with a Message-ID we can recognise. */
function mail(id: string): string {
  return [
    'From: Customer <customer@example.org>',
    'To: support@example.test',
    `Subject: question ${id}`,
    `Message-ID: <${id}@example.org>`,
    'Date: Thu, 26 Nov 2026 08:00:00 +0300',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello, this is ${id}.`,
    '',
  ].join('\r\n');
}

function messageIdOf(raw: Buffer): string {
  const id = /^Message-ID:\s*<([^@>]+)@/im.exec(raw.toString('utf8'))?.[1];
  if (!id) throw new Error('mail without Message-ID');
  return id;
}

async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/**
 * What the platform keeps for a mailbox: the cursor, and the mails, deduplicated by Message-ID like the
 * inbound store does. `calls` records every accept call (also failed ones), `stored` the committed mails.
 */
function fakeStore() {
  let cursor: string | null = null;
  const calls: string[] = [];
  const stored: string[] = [];
  const failures = new Set<string>();
  return {
    calls,
    stored,
    /** The next accept of this mail fails (like a database write that did not commit). */
    failOnce(id: string) {
      failures.add(id);
    },
    cursor: () => (cursor === null ? null : ImapCursor.parse(JSON.parse(cursor))),
    options: {
      cursor: {
        get: async () => cursor,
        set: async (value: string) => {
          cursor = value;
        },
      },
      accept: async (raw: Buffer) => {
        const id = messageIdOf(raw);
        calls.push(id);
        await new Promise((r) => setTimeout(r, 5));
        if (failures.delete(id)) throw new Error(`database is down (${id})`);
        if (!stored.includes(id)) stored.push(id);
      },
    } satisfies Pick<ImapMailboxOptions, 'cursor' | 'accept'>,
  };
}

describe('IMAP mailbox reader against a real Dovecot', () => {
  let dovecot: Dovecot;
  const readers: ImapMailboxReader[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });
  afterEach(async () => {
    await Promise.all(readers.splice(0).map((r) => r.stop()));
  });

  /** A fresh mailbox user per test, so tests do not see each other's mail. */
  async function newUser(): Promise<string> {
    const user = `support-${randomUUID().slice(0, 8)}@example.test`;
    await dovecot.addUser(user, password);
    return user;
  }

  /** How to log in to `user`'s INBOX on the test Dovecot. */
  function loginOf(user: string) {
    return { host: dovecot.host, port: dovecot.imapPort, secure: false, user, password, mailbox: 'INBOX' };
  }

  function readerFor(
    user: string,
    store: ReturnType<typeof fakeStore>,
    overrides: Partial<ImapMailboxOptions> = {},
  ): ImapMailboxReader {
    const reader = new ImapMailboxReader({
      ...loginOf(user),
      initialSyncSince: new Date(Date.now() - 86_400_000),
      logger: createLogger('silent'),
      reconnectMs: 50,
      ...store.options,
      ...overrides,
    });
    readers.push(reader);
    return reader;
  }

  it('reads the mailbox on the first sync, then a mail delivered while idling', async () => {
    const user = await newUser();
    await dovecot.deliver(user, mail('before-start'));
    const store = fakeStore();
    const reader = readerFor(user, store);
    reader.start();
    await reader.idle();
    expect(store.stored).toEqual(['before-start']);

    await dovecot.deliver(user, mail('while-idle'));
    await eventually(() => expect(store.stored).toEqual(['before-start', 'while-idle']));
    const { uidValidity, unseen } = await dovecot.mailboxStatus(user);
    expect(store.cursor()).toEqual({ uidValidity: String(uidValidity), lastUid: 2 });
    expect(unseen).toBe(2); // read-only: no \Seen flags set
    expect(store.calls).toEqual(['before-start', 'while-idle']);
    expect(reader.lastError()).toBeNull();
  });

  it('catches up from the cursor after a restart: each mail once, in UID order', async () => {
    const user = await newUser();
    const store = fakeStore();
    const first = readerFor(user, store);
    first.start();
    await first.idle();
    await dovecot.deliver(user, mail('a'));
    await eventually(() => expect(store.stored).toEqual(['a']));
    await first.stop();

    for (const id of ['b', 'c', 'd']) await dovecot.deliver(user, mail(id));
    const second = readerFor(user, store);
    second.start();
    await second.idle();
    expect(store.calls).toEqual(['a', 'b', 'c', 'd']);
    expect(store.cursor()?.lastUid).toBe(4);
  });

  it('reads the mailbox again after its UIDVALIDITY changed, losing nothing', async () => {
    const user = await newUser();
    const store = fakeStore();
    const reader = readerFor(user, store);
    reader.start();
    await reader.idle();
    for (const id of ['x1', 'x2', 'x3']) await dovecot.deliver(user, mail(id));
    await eventually(() => expect(store.stored).toEqual(['x1', 'x2', 'x3']));
    const before = await dovecot.mailboxStatus(user);
    expect(store.cursor()).toEqual({ uidValidity: String(before.uidValidity), lastUid: 3 });

    // The mailbox is recreated under the running reader (restored from a backup, say): the server drops
    // the session, UIDs restart at 1, so "UID > 3" would skip the first three mails.
    await dovecot.recreateMailbox(user);
    for (const id of ['x1', 'x2', 'y1', 'y2']) await dovecot.deliver(user, mail(id));
    const after = await dovecot.mailboxStatus(user);
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(after.uidNext).toBe(5);

    await eventually(() =>
      expect(store.cursor()).toEqual({ uidValidity: String(after.uidValidity), lastUid: 4 }),
    );
    expect(store.stored).toEqual(['x1', 'x2', 'x3', 'y1', 'y2']);
    // the re-read mails were handed over again (the store deduped them), the new ones in UID order
    expect(store.calls.slice(3).filter((id) => id.startsWith('y'))).toEqual(['y1', 'y2']);
  });

  it('hands a mail over again when accept failed, never skipping it', async () => {
    const user = await newUser();
    const store = fakeStore();
    const reader = readerFor(user, store);
    reader.start();
    await reader.idle();
    store.failOnce('m2');
    for (const id of ['m1', 'm2', 'm3']) await dovecot.deliver(user, mail(id));

    await eventually(() => expect(store.stored).toEqual(['m1', 'm2', 'm3']));
    // m2 failed once and came again; m3 was not handed over before m2 was stored
    expect(store.calls.filter((id) => id === 'm2')).toHaveLength(2);
    expect(store.calls.indexOf('m3')).toBeGreaterThan(store.calls.lastIndexOf('m2'));
    expect(store.cursor()?.lastUid).toBe(3);
    await reader.idle();
    expect(reader.lastError()).toBeNull();
  });

  it('says what is wrong with a login: password, mailbox, server', async () => {
    const user = await newUser();
    const login = loginOf(user);
    await expect(checkImapLogin(login)).resolves.toBeUndefined();
    await expect(checkImapLogin({ ...login, password: 'wrong' })).rejects.toThrow(/authentication failed/i);
    await expect(checkImapLogin({ ...login, mailbox: 'Nope' })).rejects.toThrow(
      /mailbox "Nope" does not exist/,
    );
    const closed = await freePort();
    await expect(checkImapLogin({ ...login, port: closed })).rejects.toThrow(
      /cannot connect to .*ECONNREFUSED/,
    );

    const store = fakeStore();
    const reader = readerFor(user, store, { password: 'wrong' });
    reader.start();
    await eventually(() => expect(reader.lastError()).toMatch(/authentication failed/i));
    expect(store.calls).toEqual([]);
  });

  it('reconnects when the server went away and came back', async () => {
    const user = await newUser();
    const store = fakeStore();
    const reader = readerFor(user, store, { reconnectMs: 100 });
    reader.start();
    await reader.idle();

    await dovecot.stopServer();
    await eventually(() => expect(reader.lastError()).toMatch(/closed|cannot connect/));
    await dovecot.startServer();
    await dovecot.deliver(user, mail('after-restart'));
    await reader.idle();
    await eventually(() => expect(store.stored).toEqual(['after-restart']));
    expect(reader.lastError()).toBeNull();
  });
});
