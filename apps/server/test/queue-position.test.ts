import { describe, expect, it } from 'vitest';
import { caseRow, openWebChatCase } from './support/cases.ts';
import { startServerForEachTest } from './support/server-lifecycle.ts';
import { errorCode } from './support/helpers.ts';
import { loginAdmin } from './support/people.ts';
import { authHeaders, dialects, eventually, loginAs, type TestServer } from './support/test-server.ts';

const start = Date.parse('2026-12-03T10:00:00.000Z');

describe.each(dialects)('queue position on %s', (dialect) => {
  let server: TestServer;
  let now = start;
  const clock = { now: () => new Date(now) };
  startServerForEachTest(
    dialect,
    (s) => {
      server = s;
      now = start;
    },
    { workers: false, clock },
  );

  /** The queue-position signals this node sent to customers' sockets, oldest first. */
  let signals: Array<{
    identityId: number;
    type: 'queue.position';
    caseId: number;
    position: number | null;
    waitMinutes: number | null;
  }> = [];

  /** Messenger customers are answered by the leader: take the lead (unless `lead` is false) and start the service. */
  async function startService(options: { lead?: boolean } = {}) {
    signals = [];
    server.services.bus.onSignal((s) => {
      if (s.kind !== 'queue.position') return;
      const { caseId, position, waitMinutes } = s;
      signals.push({ identityId: s.to.identityId, type: 'queue.position', caseId, position, waitMinutes });
    });
    if (options.lead !== false) {
      server.services.leadership.start();
      await eventually(() => expect(server.services.leadership.isLeader()).toBe(true));
    }
    await server.services.queuePosition.start();
    // The relay publishes from where the log stands at its first round: have it before the cases.
    await server.services.relay.flush();
  }
  /** Everything committed reaches the bus, and every flush due by the clock has run. */
  async function settle() {
    await server.services.relay.flush();
    await server.services.bus.settled();
    await server.services.queuePosition.idle();
    // The signals the flushes sent reach the listeners.
    await server.services.bus.settled();
  }
  const advance = async (ms: number) => {
    now += ms;
    await settle();
  };

  /** The `queue.position` signals sent so far, without their addressee. */
  async function positionEvents() {
    await server.services.bus.settled();
    return signals.map(({ identityId: _, ...frame }) => frame);
  }
  /** The web-chat case's customer has their stream open on this node (as the chat gateway reports it). */
  async function connect(c: { messageId: number }): Promise<number> {
    const { identity_id } = await server.store.db
      .selectFrom('messages')
      .select('identity_id')
      .where('id', '=', c.messageId)
      .executeTakeFirstOrThrow();
    const identityId = Number(identity_id);
    server.services.customerStreams.opened(identityId);
    return identityId;
  }

  it('a waiting web-chat customer is told their position; those behind move up when one ahead is taken, at most every few seconds; the one taken is cleared', async () => {
    await startService();
    const a = await openWebChatCase(server, { text: 'Первый' });
    const b = await openWebChatCase(server, { text: 'Второй' });
    const c = await openWebChatCase(server, { text: 'Третий' });
    for (const waiting of [a, b, c]) await connect(waiting);
    await settle();
    // Nobody online and no history yet: positions without an estimate.
    expect(await positionEvents()).toEqual([
      { type: 'queue.position', caseId: a.caseId, position: 1, waitMinutes: null },
      { type: 'queue.position', caseId: b.caseId, position: 2, waitMinutes: null },
      { type: 'queue.position', caseId: c.caseId, position: 3, waitMinutes: null },
    ]);

    // An operator comes online with room for one: the first case is taken at once.
    await loginAs(server, { email: 'op@example.com', queueIds: [1], capacity: 1, online: true });
    await settle();
    const afterTake = (await positionEvents()).slice(3);
    // Cleared at once; the others were told 0 s ago, so their new places wait for the window.
    expect(afterTake).toEqual([
      { type: 'queue.position', caseId: a.caseId, position: null, waitMinutes: null },
    ]);

    await advance(2000);
    expect(await positionEvents()).toHaveLength(4);
    await advance(3000);
    const moved = (await positionEvents()).slice(4);
    expect(moved.map((e) => [e.caseId, e.position])).toEqual([
      [b.caseId, 1],
      [c.caseId, 2],
    ]);
    // One online operator and one hand-out: an estimate now, longer for the one further back.
    const [first, second] = moved;
    expect(first?.waitMinutes).toBeGreaterThanOrEqual(1);
    expect(second?.waitMinutes).toBeGreaterThan(first?.waitMinutes ?? Infinity);

    // Nothing changed: nothing more is sent, and nothing was ever stored.
    await advance(10_000);
    expect(await positionEvents()).toHaveLength(6);
    const stored = await server.store.db
      .selectFrom('outbox_events')
      .select('id')
      .where('type', '=', 'queue.position')
      .execute();
    expect(stored).toEqual([]);
  });

  it('only customers whose stream is open here are told; one that goes live gets the current place at once, even within the window', async () => {
    await startService();
    const a = await openWebChatCase(server, { text: 'a' });
    const b = await openWebChatCase(server, { text: 'b' });
    const bIdentity = await connect(b);
    await settle();
    expect(signals).toEqual([
      { identityId: bIdentity, type: 'queue.position', caseId: b.caseId, position: 2, waitMinutes: null },
    ]);
    // A second tab of the same customer, a second later: told again, not held for the 5 s window.
    await advance(1000);
    server.services.customerStreams.opened(bIdentity);
    await settle();
    expect(signals.map((s) => [s.caseId, s.position])).toEqual([
      [b.caseId, 2],
      [b.caseId, 2],
    ]);
    // Both tabs closed: the customer ahead is taken, and nobody is told anything.
    server.services.customerStreams.closed(bIdentity);
    server.services.customerStreams.closed(bIdentity);
    await loginAs(server, { email: 'op@example.com', queueIds: [1], capacity: 1, online: true });
    await advance(10_000);
    expect(signals).toHaveLength(2);
    expect((await caseRow(server, a.caseId)).status).toBe('assigned');
    // Back: the new place at once.
    server.services.customerStreams.opened(bIdentity);
    await settle();
    expect(signals.at(-1)).toMatchObject({ caseId: b.caseId, position: 1 });
  });

  it('a node that does not lead tells the web-chat customers connected to it all the same', async () => {
    await startService({ lead: false });
    const a = await openWebChatCase(server, { text: 'a' });
    await connect(a);
    await settle();
    expect(await positionEvents()).toEqual([
      { type: 'queue.position', caseId: a.caseId, position: 1, waitMinutes: null },
    ]);
  });

  it('a higher-priority case that arrives later goes ahead of those waiting', async () => {
    await startService();
    const a = await openWebChatCase(server, { text: 'a' });
    const b = await openWebChatCase(server, { entryPoint: 'general', text: 'b' });
    await settle();
    await server.store.db.updateTable('cases').set({ priority: 5 }).where('id', '=', b.caseId).execute();
    const c = await openWebChatCase(server, { text: 'c' });
    for (const waiting of [a, b, c]) await connect(waiting);
    await advance(5000);
    const latest = new Map((await positionEvents()).map((e) => [e.caseId, e.position]));
    expect(latest.get(b.caseId)).toBe(1);
    expect(latest.get(a.caseId)).toBe(2);
    expect(latest.get(c.caseId)).toBe(3);
  });

  describe('messenger customers', () => {
    let accountId: number;
    let externalSeq = 0;

    async function connectFakeTelegram() {
      const row = await server.store.db
        .insertInto('channel_accounts')
        .values({
          kind: 'telegram',
          name: 'Test bot',
          entry_point_id: 1,
          config: '{}',
          secrets_enc: null,
          status: 'active',
          created_at: new Date(now).toISOString(),
          health_ok: null,
          health_detail: null,
          health_checked_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      accountId = Number(row.id);
      await server.services.channels.reload();
    }
    /** A Telegram customer writes (the message stored as the inbound processor would). */
    async function telegram(user: string, text: string) {
      externalSeq += 1;
      const { message } = await server.services.cases.receiveInbound({
        channelAccountId: accountId,
        externalMessageId: `m${externalSeq}`,
        identity: { channelAccountId: accountId, externalId: user },
        entryPointId: 1,
        text,
        attachments: [],
      });
      await settle();
      return Number(message.case_id);
    }
    /** The automatic queue-position messages of a case, oldest first. */
    async function notices(caseId: number) {
      const rows = await server.store.db
        .selectFrom('messages')
        .select(['text', 'meta'])
        .where('case_id', '=', caseId)
        .where('direction', '=', 'out')
        .orderBy('id')
        .execute();
      return rows.filter((r) => (r.meta ?? '').includes('queue-position')).map((r) => r.text);
    }
    /** An operator online in queue 1 busy with a first case: the next cases wait, with an estimate. */
    async function busyOperator() {
      await loginAs(server, { email: 'busy@example.com', queueIds: [1], capacity: 1, online: true });
      await openWebChatCase(server, { text: 'занимает оператора' });
      await settle();
    }

    /** The routing settings say: tell the wait on enqueue only above 60 minutes. */
    async function announceAbove60Minutes() {
      await server.store.db
        .insertInto('settings')
        .values({
          key: 'routing',
          value: '{"announceWaitAboveMinutes": 60}',
          updated_at: new Date(now).toISOString(),
        })
        .execute();
    }

    it('on enqueue a long estimated wait is announced once; a short one is not', async () => {
      await startService();
      await connectFakeTelegram();
      await busyOperator();
      // One online operator, no hand-outs yet: the prior (10 min a case) → about 10 minutes, above 3.
      const long = await telegram('anna', 'Здравствуйте, не работает интернет');
      expect(await notices(long)).toEqual([
        'Вы 1-й в очереди, ожидание около 10 мин. Оператор ответит, как только освободится.',
      ]);
      await telegram('anna', 'Алло');
      await advance(60_000);
      expect(await notices(long)).toHaveLength(1);

      // Above a 60-minute threshold nobody is told on enqueue.
      await announceAbove60Minutes();
      const short = await telegram('boris', 'Hello, my router is broken');
      expect(await notices(short)).toEqual([]);
    });

    it('an admin sets the phrases and the question pattern (validated, audited); the answers use them', async () => {
      await startService();
      await connectFakeTelegram();
      const admin = await loginAdmin(server);
      const operator = await loginAs(server, { email: 'plain@example.com', queueIds: [2] });
      const url = '/api/v1/admin/settings/queue-phrases';
      const get = await server.app.inject({ method: 'GET', url, headers: authHeaders(admin) });
      expect(get.statusCode).toBe(200);
      expect(get.json<{ answer: { ru: string } }>().answer.ru).toBe(
        'Вы {position}-й в очереди, ожидание около {wait} мин.',
      );
      const put = (payload: Record<string, unknown>, as = admin) =>
        server.app.inject({ method: 'PUT', url, headers: authHeaders(as), payload });
      const bad = await put({ questionPattern: '(unclosed' });
      expect(bad.statusCode).toBe(400);
      expect(errorCode(bad)).toBe('VALIDATION_FAILED');
      expect((await put({}, operator)).statusCode).toBe(403);
      const custom = {
        answerNoEstimate: { ru: 'Место в очереди: {position}.', en: 'Place in the queue: {position}.' },
        questionPattern: 'где\\s+оператор',
      };
      const saved = await put(custom);
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject(custom);
      const audit = await server.store.db
        .selectFrom('audit_log')
        .select(['action', 'actor_operator_id'])
        .where('action', '=', 'settings.queue_phrases')
        .execute();
      expect(audit).toEqual([{ action: 'settings.queue_phrases', actor_operator_id: admin.operatorId }]);

      // Nobody online, no history: no estimate, so nothing on enqueue and the no-estimate answer.
      const caseId = await telegram('gleb', 'Сколько ждать?');
      expect(await notices(caseId)).toEqual([]);
      await telegram('gleb', 'Где оператор?');
      expect(await notices(caseId)).toEqual(['Место в очереди: 1.']);
    });

    it('a customer who asks how long is answered with the current position, at most once a minute, in their language', async () => {
      await startService();
      await connectFakeTelegram();
      await busyOperator();
      await announceAbove60Minutes();
      const caseId = await telegram('vera', 'Добрый день');
      expect(await notices(caseId)).toEqual([]);
      await advance(120_000);
      await telegram('vera', 'Спасибо');
      expect(await notices(caseId)).toEqual([]);
      await telegram('vera', 'Сколько ещё ждать?');
      expect(await notices(caseId)).toEqual(['Вы 1-й в очереди, ожидание около 14 мин.']);
      await advance(30_000);
      await telegram('vera', 'когда ответите?');
      expect(await notices(caseId)).toHaveLength(1);
      await advance(31_000);
      await telegram('vera', 'How long do I have to wait?');
      const said = await notices(caseId);
      expect(said).toHaveLength(2);
      expect(said[1]).toMatch(/^You are number 1 in the queue, about \d+ min wait\.$/);

      // Once an operator has the case, questions are theirs to answer.
      const op = await loginAs(server, {
        email: 'second@example.com',
        queueIds: [1],
        capacity: 1,
        online: true,
      });
      await settle();
      const taken = await server.store.db
        .selectFrom('cases')
        .select('assignee_id')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      expect(taken.assignee_id).toBe(op.operatorId);
      await advance(61_000);
      await telegram('vera', 'Сколько ждать?');
      expect(await notices(caseId)).toHaveLength(2);
    });
  });
});
