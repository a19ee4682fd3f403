import { startMailSink, telegramUpdates, type MailSink, type TelegramFake } from '@frontline/fakes';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../src/lib/clock.ts';
import { waitForCase } from './support/cases.ts';
import { connectEmail, connectTelegram } from './support/channels.ts';
import { freePort } from './support/helpers.ts';
import { startListeningServer } from './support/listening-server.ts';
import { deliverMail } from './support/mail.ts';
import { loginOnlineOperator, loginAdmin } from './support/people.ts';
import { startTelegram } from './support/provider-fakes.ts';
import { messageRow, replyAsOperator } from './support/replies.ts';
import {
  dialects,
  eventually,
  loginAs,
  startTestServer,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';

const botToken = '7100000002:AAHfaults_test-token';
const webhookSecret = 'whsec-faults_1';

/** Telegram customers 1…n (chat id = user id). */
const customers = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: 411_000_001 + i, firstName: `Клиент${i + 1}` }));

/** Replies through a real Telegram fake whose network misbehaves: hangs, lost answers, outages. */
describe.each(dialects)('delivery under provider faults on %s', (dialect) => {
  let fake: TelegramFake;
  let server: TestServer;
  let operator: LoggedIn;

  afterEach(async () => {
    await server.close();
    await fake.close();
  });

  async function start(options: { env?: Record<string, string>; clock?: Clock } = {}) {
    fake = await startTelegram({ botToken, username: 'frontline_faults_bot' });
    ({ server } = await startListeningServer(dialect, {
      env: options.env ?? {},
      ...(options.clock ? { clock: options.clock, workers: false } : {}),
    }));
    const admin = await loginAdmin(server);
    operator = await loginOnlineOperator(server, 'faults-op@example.com', [2], 50);
    await connectTelegram(server, admin, { name: 'Faults bot', apiRoot: fake.url, botToken, webhookSecret });
  }

  /** Each customer writes once; returns their case ids in the same order. */
  async function customersWrite(people: Array<{ id: number; firstName: string }>): Promise<number[]> {
    for (const person of people) {
      fake.state.addUser(person);
      await fake.state.pushUpdate(botToken, telegramUpdates.text({ from: person, text: 'Здравствуйте' }));
    }
    // Without workers (a fake clock), the test runs the inbound processor itself.
    await server.services.inbound.runOnce();
    return eventually(async () => {
      const rows = await server.store.db
        .selectFrom('cases')
        .innerJoin('identities', 'identities.customer_id', 'cases.customer_id')
        .select(['cases.id', 'identities.external_id'])
        .execute();
      const ids = people.map((p) => rows.find((r) => r.external_id === String(p.id))?.id);
      expect(ids.every((id) => id !== undefined)).toBe(true);
      return ids.map((id) => id ?? -1);
    }, 10_000);
  }

  const reply = (caseId: number, text: string) => replyAsOperator(server, operator, caseId, text);
  const statusOf = async (messageId: number) => (await messageRow(server, messageId)).status;

  /** Messages the bot created in a chat (what the customer actually received). */
  const receivedBy = (chatId: number) =>
    fake.state.sentMessages.filter((s) => (s.message.chat as { id?: unknown }).id === chatId);

  it("one hung provider call holds only its own customer: the others' replies go while it hangs; it is retried after its timeout and arrives once", async () => {
    await start({ env: { DELIVERY_TIMEOUT_MS: '8000' } });
    const [stuck, ...others] = customers(11);
    if (!stuck) throw new Error('no customers');
    const [stuckCase, ...otherCases] = await customersWrite([stuck, ...others]);

    fake.state.injectFault({ kind: 'hang', chatId: stuck.id, method: 'sendMessage' });
    const stuckReply = await reply(stuckCase ?? -1, 'Ответ, который повиснет');
    await eventually(() => expect(fake.state.hungRequests).toBe(1));

    const otherReplies: number[] = [];
    for (const caseId of otherCases) otherReplies.push(await reply(caseId, 'Ответ без задержки'));
    // All ten are delivered while the first call still hangs (its timeout is 8 s away).
    await eventually(async () => {
      for (const id of otherReplies) expect(await statusOf(id)).toBe('sent');
    }, 6000);
    expect(fake.state.hungRequests).toBe(1);
    expect(await statusOf(stuckReply)).toBe('queued');
    for (const person of others) expect(receivedBy(person.id)).toHaveLength(1);

    // The hung call ends at its deadline as a retryable error; the retry delivers the reply exactly once.
    await eventually(async () => expect(await statusOf(stuckReply)).toBe('sent'), 20_000);
    expect(fake.state.hungRequests).toBe(0);
    expect(receivedBy(stuck.id)).toHaveLength(1);
    const delivery = await server.store.db
      .selectFrom('deliveries')
      .select(['attempts', 'last_error'])
      .where('message_id', '=', stuckReply)
      .executeTakeFirstOrThrow();
    expect(delivery.attempts).toBe(1);
    expect(delivery.last_error).toMatch(/timed out|did not answer/);
  }, 40_000);

  describe('on a fake clock', () => {
    let t: number;
    const clock: Clock = { now: () => new Date(t) };
    const dispatch = () => server.services.dispatcher.runOnce();
    /** Runs the dispatcher every minute of fake time for `minutes`. */
    async function runFor(minutes: number) {
      for (let i = 0; i < minutes; i++) {
        await dispatch();
        t += 60_000;
      }
    }
    /** The server on the fake clock at 09:00, and `n` customers who have written in, with their cases. */
    async function startWithCustomers(n: number) {
      t = Date.parse('2030-01-01T09:00:00.000Z');
      await start({ clock });
      const people = customers(n);
      return { people, caseIds: await customersWrite(people) };
    }
    /** One customer has written in; returns them and their case. */
    async function startWithOneCustomer() {
      const {
        people: [ann],
        caseIds: [caseId],
      } = await startWithCustomers(1);
      if (!ann || caseId === undefined) throw new Error('no customer');
      return { ann, caseId };
    }
    const deliveryOf = (messageId: number) =>
      server.store.db
        .selectFrom('deliveries')
        .selectAll()
        .where('message_id', '=', messageId)
        .executeTakeFirstOrThrow();

    it('a reply survives an hour of provider outage and is delivered once when Telegram is back', async () => {
      const { ann, caseId } = await startWithOneCustomer();
      fake.state.setOutage();
      const id = await reply(caseId, 'Ответ во время сбоя');
      await runFor(60);
      expect(await statusOf(id)).toBe('queued');
      const during = await deliveryOf(id);
      expect(during.status).toBe('pending');
      expect(during.last_error).toMatch(/^TELEGRAM_UNAVAILABLE/);
      expect(during.attempts).toBeGreaterThan(10);
      expect(receivedBy(ann.id)).toHaveLength(0);

      fake.state.setOutage(null);
      await runFor(6); // the backoff is capped at 5 minutes
      expect(await statusOf(id)).toBe('sent');
      expect(receivedBy(ann.id)).toHaveLength(1);
      await runFor(60);
      expect(receivedBy(ann.id)).toHaveLength(1);
    }, 60_000);

    it('an outage longer than the give-up horizon fails the reply with a clear reason', async () => {
      const { ann, caseId } = await startWithOneCustomer();
      fake.state.setOutage();
      const id = await reply(caseId, 'Ответ, который не дойдёт');
      const giveUpAt = t + 24 * 60 * 60_000;
      while (t < giveUpAt) {
        await dispatch();
        expect(await statusOf(id)).toBe('queued');
        t = Date.parse((await deliveryOf(id)).next_attempt_at);
      }
      await dispatch();
      const m = await server.store.db
        .selectFrom('messages')
        .select(['status', 'status_reason'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(m.status).toBe('failed');
      expect(m.status_reason).toMatch(
        /^TELEGRAM_UNAVAILABLE: .*Bad Gateway \(gave up: still failing 24 h after the reply was written\)$/,
      );
      fake.state.setOutage(null);
      await runFor(10);
      expect(receivedBy(ann.id)).toHaveLength(0);
    }, 120_000);

    it('a lost answer (Telegram sent it, the connection dropped) is retried once: at most one copy extra', async () => {
      const {
        people: [ann, bob],
        caseIds: [annCase, bobCase],
      } = await startWithCustomers(2);
      if (!ann || !bob) throw new Error('no customers');

      // Ann: the answer is lost once; the retry is answered. She gets the reply twice, never more.
      fake.state.injectFault({ kind: 'drop-answer', chatId: ann.id, method: 'sendMessage' });
      const toAnn = await reply(annCase ?? -1, 'Первый ответ');
      await runFor(5);
      expect(await statusOf(toAnn)).toBe('sent');
      expect(receivedBy(ann.id)).toHaveLength(2);

      // Bob: every answer is lost. The reply goes out twice at most, then fails as unconfirmed.
      fake.state.injectFault({ kind: 'drop-answer', chatId: bob.id, method: 'sendMessage', times: 10 });
      const toBob = await reply(bobCase ?? -1, 'Второй ответ');
      await runFor(30);
      expect(receivedBy(bob.id)).toHaveLength(2);
      const m = await server.store.db
        .selectFrom('messages')
        .select(['status', 'status_reason'])
        .where('id', '=', toBob)
        .executeTakeFirstOrThrow();
      expect(m.status).toBe('failed');
      expect(m.status_reason).toMatch(/^DELIVERY_UNCONFIRMED: telegram did not confirm this reply twice/);
      expect((await deliveryOf(toBob)).lost_answers).toBe(2);
    }, 60_000);
  });
});

/** E-mail: a re-sent reply is the same mail (same Message-ID), and it is re-sent at most once. */
describe.each(dialects)('e-mail delivery when the answer is lost on %s', (dialect) => {
  let sink: MailSink;
  let server: TestServer;
  const support = 'support@frontline.test';

  afterEach(async () => {
    await server.close();
    await sink.close();
  });

  it('a reply whose SMTP answer was lost is sent once more with the same Message-ID, and then counts as sent', async () => {
    sink = await startMailSink();
    const smtpPort = await freePort();
    server = await startTestServer(dialect, {
      env: { SMTP_PORT: String(smtpPort), SMTP_HOST: '127.0.0.1', DELIVERY_TIMEOUT_MS: '4000' },
    });
    const admin = await loginAs(server, { email: 'admin@example.com', role: 'admin', queueIds: [1] });
    const operator = await loginOnlineOperator(server, 'mail-op@example.com', [1]);
    await connectEmail(server, admin, { address: support, smtpPort: sink.port });
    const mail = [
      'From: Ann <ann@customer.test>',
      `To: ${support}`,
      'Subject: Number transfer',
      'Message-ID: <ann-lost@customer.test>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello, I want to move my number.',
      '',
    ].join('\r\n');
    await deliverMail(smtpPort, mail, { from: 'ann@customer.test', to: [support] });
    const caseId = await waitForCase(server);
    sink.loseAnswerNext();
    const replyId = await replyAsOperator(server, operator, caseId, 'Hello Ann, which number?');
    const [first, second] = await sink.waitFor(2, 20_000);
    expect(first?.headers['message-id']).toMatch(/^<fl-\d+\.a\d+@frontline\.test>$/);
    expect(second?.headers['message-id']).toBe(first?.headers['message-id']);
    await eventually(async () => expect((await messageRow(server, replyId)).status).toBe('sent'));
    const delivery = await server.store.db
      .selectFrom('deliveries')
      .select(['lost_answers', 'attempts'])
      .where('message_id', '=', replyId)
      .executeTakeFirstOrThrow();
    expect(delivery).toEqual({ lost_answers: 1, attempts: 1 });
    expect(sink.mails).toHaveLength(2);
  }, 40_000);
});
