import { describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../src/modules/events/event-bus.ts';
import type { Tx } from '../src/store/store.ts';
import { dialects, type TestServer } from './support/test-server.ts';
import { startServerForSuite } from './support/server-lifecycle.ts';

describe.each(dialects)('store on %s', (dialect) => {
  let server: TestServer;
  startServerForSuite(dialect, (s) => (server = s), { workers: false });

  const now = () => new Date().toISOString();

  async function newCustomer(tx: Tx, name: string): Promise<number> {
    const row = await tx.db
      .insertInto('customers')
      .values({ display_name: name, created_at: now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function newCase(tx: Tx, customerId: number, status: 'queued' | 'resolved'): Promise<number> {
    const row = await tx.db
      .insertInto('cases')
      .values({
        customer_id: customerId,
        entry_point_id: 1,
        queue_id: 1,
        status,
        priority: 0,
        unread: 0,
        opened_at: now(),
        updated_at: now(),
        resolved_at: status === 'resolved' ? now() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('migrations create the whole schema and the seed data', async () => {
    const tables = (await server.store.db.introspection.getTables()).map((t) => t.name);
    for (const t of [
      'queues',
      'entry_points',
      'channel_accounts',
      'operators',
      'operator_queues',
      'sessions',
      'customers',
      'identities',
      'contact_points',
      'cases',
      'messages',
      'attachments',
      'deliveries',
      'outbox_events',
      'audit_log',
    ]) {
      expect(tables).toContain(t);
    }
    const messages = (await server.store.db.introspection.getTables()).find((t) => t.name === 'messages');
    expect(messages?.columns.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'case_id',
        'direction',
        'external_id',
        'client_msg_id',
        'status',
        'status_reason',
      ]),
    );
    const eps = await server.store.db.selectFrom('entry_points').select('slug').orderBy('id').execute();
    expect(eps.map((e) => e.slug)).toEqual(['general', 'mnp', 'b2b']);
    const accounts = await server.store.db.selectFrom('channel_accounts').select('kind').execute();
    expect(accounts.map((a) => a.kind)).toEqual(['webchat']);
  });

  it('200 concurrent write units all commit; a unit that throws mid-way leaves nothing while the others commit', async () => {
    const txs: unknown[] = [];
    let failingTx: unknown;
    const units = Array.from({ length: 200 }, (_, i) =>
      server.store.write(async (tx) => {
        txs.push(tx.db);
        return newCustomer(tx, `gc-${i}`);
      }),
    );
    const failing = server.store.write(async (tx) => {
      failingTx = tx.db;
      await newCustomer(tx, 'gc-fail');
      await tx.db.insertInto('customers').values({ display_name: 'gc-fail-2', created_at: now() }).execute();
      throw new Error('boom mid-way');
    });
    const more = Array.from({ length: 20 }, (_, i) =>
      server.store.write((tx) => newCustomer(tx, `gc-after-${i}`)),
    );
    await expect(failing).rejects.toThrow('boom mid-way');
    const ids = await Promise.all([...units, ...more]);
    expect(new Set(ids).size).toBe(220);

    const rows = await server.store.db
      .selectFrom('customers')
      .select('display_name')
      .where('display_name', 'like', 'gc-%')
      .execute();
    const names = rows.map((r) => r.display_name);
    expect(names).toHaveLength(220);
    expect(names).not.toContain('gc-fail');
    expect(names).not.toContain('gc-fail-2');

    if (dialect === 'sqlite') {
      // Group commit: the units shared transactions (far fewer commits than units), and the failing
      // unit ran in the same transaction as units that committed.
      expect(new Set(txs).size).toBeLessThan(10);
      expect(txs).toContain(failingTx);
    } else {
      // PostgreSQL: one transaction per unit.
      expect(new Set(txs).size).toBe(200);
    }
  });

  it('a unit whose afterCommit hooks only run when it commits', async () => {
    const ran: string[] = [];
    await server.store.write(async (tx) => {
      tx.afterCommit(() => ran.push('ok'));
      await newCustomer(tx, 'hook-ok');
    });
    await expect(
      server.store.write(async (tx) => {
        tx.afterCommit(() => ran.push('rolled-back'));
        await newCustomer(tx, 'hook-bad');
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(ran).toEqual(['ok']);
  });

  it('messages are unique on (channel_account_id, external_id); null external ids may repeat', async () => {
    const { caseId, customerId } = await server.store.write(async (tx) => {
      const customerId = await newCustomer(tx, 'uniq-msg');
      return { customerId, caseId: await newCase(tx, customerId, 'queued') };
    });
    const insert = (externalId: string | null, accountId = 1) =>
      server.store.write(async (tx) => {
        await tx.db
          .insertInto('messages')
          .values({
            case_id: caseId,
            customer_id: customerId,
            direction: 'in',
            channel_account_id: accountId,
            identity_id: null,
            author_operator_id: null,
            text: 'x',
            attachments: '[]',
            external_id: externalId,
            client_msg_id: null,
            status: 'received',
            created_at: now(),
          })
          .execute();
      });
    await insert('ext-1');
    await expect(insert('ext-1')).rejects.toThrow();
    await insert(null);
    await insert(null);
    await insert('ext-2');
    const rows = await server.store.db
      .selectFrom('messages')
      .select('external_id')
      .where('case_id', '=', caseId)
      .execute();
    expect(rows.map((r) => r.external_id).sort()).toEqual(['ext-1', 'ext-2', null, null].sort());
  });

  it('allows only one open (non-resolved) case per customer', async () => {
    const customerId = await server.store.write((tx) => newCustomer(tx, 'one-open'));
    await server.store.write((tx) => newCase(tx, customerId, 'resolved'));
    await server.store.write((tx) => newCase(tx, customerId, 'resolved'));
    const open = await server.store.write((tx) => newCase(tx, customerId, 'queued'));
    await expect(server.store.write((tx) => newCase(tx, customerId, 'queued'))).rejects.toThrow();
    // Assigned counts as open too.
    await expect(
      server.store.write(async (tx) => {
        const id = await newCase(tx, customerId, 'resolved');
        await tx.db
          .updateTable('cases')
          .set({ status: 'queued', resolved_at: null })
          .where('id', '=', id)
          .execute();
      }),
    ).rejects.toThrow();
    const rows = await server.store.db
      .selectFrom('cases')
      .select(['id', 'status'])
      .where('customer_id', '=', customerId)
      .execute();
    expect(rows.filter((r) => r.status !== 'resolved').map((r) => r.id)).toEqual([open]);
    expect(rows).toHaveLength(3);
    // Once resolved, a new one may open.
    await server.store.write(async (tx) => {
      await tx.db
        .updateTable('cases')
        .set({ status: 'resolved', resolved_at: now() })
        .where('id', '=', open)
        .execute();
    });
    await server.store.write((tx) => newCase(tx, customerId, 'queued'));
  });

  /** Writes an operator event through the real EventWriter; `marker` (≥ 900000) identifies it. */
  async function insertEvent(tx: Tx, marker: number) {
    await server.services.events.toOperators(
      tx,
      { type: 'message.status', caseId: 1, messageId: marker, status: 'read', reason: null },
      { queueId: 1, operatorId: null },
    );
  }
  const markerOf = (e: Pick<PublishedEvent, 'payload'>) =>
    (JSON.parse(e.payload) as { messageId?: number }).messageId ?? 0;

  it('the relay numbers committed events with strictly increasing seq and publishes them in that order', async () => {
    await server.services.relay.flush();
    const published: PublishedEvent[] = [];
    const off = server.services.bus.onEvents((events) => published.push(...events));
    try {
      for (let i = 0; i < 5; i++) await server.store.write((tx) => insertEvent(tx, 900_000 + i));
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => server.store.write((tx) => insertEvent(tx, 900_100 + i))),
      );
      await server.services.relay.flush();
      const mine = published.filter((e) => markerOf(e) >= 900_000);
      expect(mine).toHaveLength(25);
      const seqs = mine.map((e) => e.seq);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? Infinity);
      // Sequential commits keep their commit order.
      expect(mine.slice(0, 5).map(markerOf)).toEqual([0, 1, 2, 3, 4].map((i) => 900_000 + i));
      expect(new Set(mine.map(markerOf)).size).toBe(25);
      const rows = (
        await server.store.db
          .selectFrom('outbox_events')
          .select(['seq', 'payload'])
          .where('type', '=', 'message.status')
          .orderBy('seq')
          .execute()
      ).filter((r) => markerOf(r) >= 900_000);
      expect(rows.every((r) => r.seq !== null)).toBe(true);
      expect(rows.map((r) => Number(r.seq))).toEqual(seqs);
      // Flushing again publishes nothing new.
      const before = published.length;
      await server.services.relay.flush();
      expect(published.length).toBe(before);
    } finally {
      off();
    }
  });

  it('overlapping relay runs (flush beside the kicked loop) publish every event exactly once', async () => {
    await server.services.relay.flush();
    const published: PublishedEvent[] = [];
    const off = server.services.bus.onEvents((events) => published.push(...events));
    try {
      for (let i = 0; i < 20; i++) await server.store.write((tx) => insertEvent(tx, 920_000 + i));
      await Promise.all([
        server.services.relay.flush(),
        server.services.relay.flush(),
        server.services.relay.flush(),
      ]);
      const mine = published.filter((e) => markerOf(e) >= 920_000);
      expect(mine.map(markerOf)).toEqual(Array.from({ length: 20 }, (_, i) => 920_000 + i));
    } finally {
      off();
    }
  });

  it('events committed while relay rounds run are published exactly once, in seq order', async () => {
    await server.services.relay.flush();
    const published: PublishedEvent[] = [];
    const off = server.services.bus.onEvents((events) => published.push(...events));
    try {
      const writes = Array.from({ length: 40 }, (_, i) =>
        server.store.write((tx) => insertEvent(tx, 930_000 + i)),
      );
      const rounds = Array.from({ length: 5 }, () => server.services.relay.flush());
      await Promise.all([...writes, ...rounds]);
      await server.services.relay.flush();
      const mine = published.filter((e) => markerOf(e) >= 930_000 && markerOf(e) < 940_000);
      expect(mine.map(markerOf).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 40 }, (_, i) => 930_000 + i),
      );
      const all = published.map((e) => e.seq);
      for (let i = 1; i < all.length; i++) expect(all[i]).toBeGreaterThan(all[i - 1] ?? Infinity);
    } finally {
      off();
    }
  });

  if (dialect === 'sqlite') {
    it('an event is published as its write commits, without waiting for a relay round', async () => {
      await server.services.relay.flush();
      const published: PublishedEvent[] = [];
      const off = server.services.bus.onEvents((events) => published.push(...events));
      try {
        await server.store.write((tx) => insertEvent(tx, 940_001));
        // The write resolves before the bus delivers (the fan-out is off the commit path, docs/realtime.md)…
        expect(published).toEqual([]);
        // …and no relay round is needed: the committer's after-commit step handed the event to the relay.
        await server.services.bus.settled();
        expect(published.map(markerOf)).toEqual([940_001]);
        const row = await server.store.db
          .selectFrom('outbox_events')
          .select('seq')
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow();
        expect(published[0]?.seq).toBe(Number(row.seq));
      } finally {
        off();
      }
    });
  }

  if (dialect === 'postgres') {
    it('an event committed later gets a later seq even when its id is smaller (commit order, not id order)', async () => {
      await server.services.relay.flush();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const insertedP = new Promise<void>((r) => (inserted = r));
      const slow = server.store.db.transaction().execute(async (trx) => {
        await insertEvent({ db: trx, afterCommit: () => {} }, 910_001);
        inserted();
        await gate;
      });
      await insertedP;
      await server.store.write((tx) => insertEvent(tx, 910_002));
      await server.services.relay.flush();
      release();
      await slow;
      await server.services.relay.flush();
      const rows = await server.store.db
        .selectFrom('outbox_events')
        .select(['id', 'seq', 'payload'])
        .where('type', '=', 'message.status')
        .execute();
      const slowRow = rows.find((r) => markerOf(r) === 910_001);
      const fastRow = rows.find((r) => markerOf(r) === 910_002);
      expect(slowRow && fastRow).toBeTruthy();
      expect(slowRow!.id).toBeLessThan(fastRow!.id);
      expect(Number(slowRow!.seq)).toBeGreaterThan(Number(fastRow!.seq));
    });
  }
});
