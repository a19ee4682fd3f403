/**
 * npx tsx bench/statement-costs.ts — what the inbound spine's SQL costs natively on this machine
 * (raw better-sqlite3 on Frontline's schema, no Kysely, no HTTP), per message:
 *   per-unit: the statements as the spine runs them today, one savepoint per message;
 *   set-wise: the same work as multi-row statements per batch (a possible future spine).
 * Both commit every BATCH messages with WAL + synchronous=FULL, like the group committer.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { openStore } from '../apps/server/src/store/open-store.ts';
import { seed } from '../apps/server/src/store/seed.ts';

const N = Number(process.env.N ?? 20_000);
const BATCH = 50;
const CUSTOMERS = 100;

async function freshDb(): Promise<SQLite.Database> {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-costs-'));
  const store = await openStore({ dataDir: dir });
  await seed(store, { now: () => new Date() });
  await store.close();
  const db = new SQLite(join(dir, 'frontline.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  return db;
}

interface Who {
  customer: number;
  identity: number;
  caseId: number;
  ext: string;
}

function population(db: SQLite.Database, now: string): Who[] {
  const cust = db.prepare<[string], { id: number }>(
    'insert into customers (display_name, created_at) values (null, ?) returning id',
  );
  const ident = db.prepare<[number, string, string, string], { id: number }>(
    'insert into identities (customer_id, channel_account_id, external_id, display_name, verified_by, created_at, last_seen_at) values (?, 1, ?, null, null, ?, ?) returning id',
  );
  const opened = db.prepare<[number, string, string], { id: number }>(
    "insert into cases (customer_id, entry_point_id, queue_id, status, priority, unread, opened_at, updated_at) values (?, 1, 1, 'queued', 0, 0, ?, ?) returning id",
  );
  const who: Who[] = [];
  db.transaction(() => {
    for (let i = 0; i < CUSTOMERS; i++) {
      const customer = cust.get(now)!.id;
      const ext = `visitor:${i}`;
      const identity = ident.get(customer, ext, now, now)!.id;
      who.push({ customer, identity, caseId: opened.get(customer, now, now)!.id, ext });
    }
  })();
  return who;
}

const operatorPayload = JSON.stringify({
  type: 'message.created',
  message: { text: 'x'.repeat(400) },
  case: { id: 1 },
});
const customerPayload = JSON.stringify({ type: 'message', message: { text: 'x'.repeat(200) } });
const text = 'Здравствуйте! Не работает мобильный интернет';

function report(name: string, t: Record<string, number>) {
  const per = Object.entries(t).map(([k, v]) => `${k} ${((v / N) * 1000).toFixed(1)}`);
  const total = (Object.values(t).reduce((a, b) => a + b, 0) / N) * 1000;
  console.log(
    `${name.padEnd(9)} µs/message: ${per.join(', ')}  → total ${total.toFixed(0)} µs (${(1e6 / total).toFixed(0)} msg/s of SQL alone)`,
  );
}

async function perUnit() {
  const db = await freshDb();
  const now = new Date().toISOString();
  const who = population(db, now);
  const dup = db.prepare('select * from messages where channel_account_id = 1 and external_id = ?');
  const ident = db.prepare('select * from identities where channel_account_id = 1 and external_id = ?');
  const open = db.prepare("select * from cases where customer_id = ? and status <> 'resolved'");
  const insert = db.prepare(
    "insert into messages (case_id, customer_id, direction, channel_account_id, identity_id, author_operator_id, text, attachments, external_id, client_msg_id, status, created_at) values (?, ?, 'in', 1, ?, null, ?, '[]', ?, ?, 'received', ?) returning *",
  );
  const touch = db.prepare(
    'update cases set last_identity_id = ?, last_message_text = ?, last_message_at = ?, unread = unread + 1, updated_at = ? where id = ? returning *',
  );
  const name = db.prepare('select display_name from customers where id = ?');
  const event = db.prepare(
    'insert into outbox_events (seq, type, audience, queue_id, operator_id, identity_id, payload, created_at) values ((select coalesce(max(seq), 0) + 1 from outbox_events), ?, ?, ?, ?, ?, ?, ?)',
  );
  const t = { lookups: 0, insert: 0, touch: 0, events: 0, commit: 0 };
  const time = (k: keyof typeof t, f: () => unknown) => {
    const t0 = performance.now();
    f();
    t[k] += performance.now() - t0;
  };
  for (let b = 0; b < N / BATCH; b++) {
    db.exec('begin');
    for (let j = 0; j < BATCH; j++) {
      const w = who[(b * BATCH + j) % CUSTOMERS]!;
      const id = randomUUID();
      db.exec('savepoint unit');
      time('lookups', () => [
        dup.all(`${w.ext}:${id}`),
        ident.all(w.ext),
        open.all(w.customer),
        name.all(w.customer),
      ]);
      time('insert', () => insert.all(w.caseId, w.customer, w.identity, text, `${w.ext}:${id}`, id, now));
      time('touch', () => touch.all(w.identity, text, now, now, w.caseId));
      time('events', () => {
        event.run('message.created', 'operators', 1, null, null, operatorPayload, now);
        event.run('message', 'customer', null, null, w.identity, customerPayload, now);
      });
      db.exec('release unit');
    }
    time('commit', () => db.exec('commit'));
  }
  report('per-unit', t);
  db.close();
}

async function setWise() {
  const db = await freshDb();
  const now = new Date().toISOString();
  const who = population(db, now);
  const marks = (n: number) => Array(n).fill('?').join(',');
  const dup = db.prepare(
    `select id from messages where channel_account_id = 1 and external_id in (${marks(BATCH)})`,
  );
  const ident = db.prepare(
    `select * from identities where channel_account_id = 1 and external_id in (${marks(BATCH)})`,
  );
  const open = db.prepare(
    `select * from cases where customer_id in (${marks(BATCH)}) and status <> 'resolved'`,
  );
  const insert = db.prepare(
    `insert into messages (case_id, customer_id, direction, channel_account_id, identity_id, author_operator_id, text, attachments, external_id, client_msg_id, status, created_at) values ${Array(BATCH).fill("(?, ?, 'in', 1, ?, null, ?, '[]', ?, ?, 'received', ?)").join(',')} returning *`,
  );
  const touch = db.prepare(
    'update cases set last_identity_id = ?, last_message_text = ?, last_message_at = ?, unread = unread + 1, updated_at = ? where id = ? returning *',
  );
  const top = db.prepare<[], { m: number }>('select coalesce(max(seq), 0) as m from outbox_events');
  const events = db.prepare(
    `insert into outbox_events (seq, type, audience, queue_id, operator_id, identity_id, payload, created_at) values ${Array(
      2 * BATCH,
    )
      .fill('(?, ?, ?, ?, ?, ?, ?, ?)')
      .join(',')}`,
  );
  const t = { lookups: 0, insert: 0, touch: 0, events: 0, commit: 0 };
  const time = (k: keyof typeof t, f: () => unknown) => {
    const t0 = performance.now();
    f();
    t[k] += performance.now() - t0;
  };
  for (let b = 0; b < N / BATCH; b++) {
    db.exec('begin');
    const batch = Array.from({ length: BATCH }, (_, j) => ({
      ...who[(b * BATCH + j) % CUSTOMERS]!,
      id: randomUUID(),
    }));
    time('lookups', () => [
      dup.all(...batch.map((x) => `${x.ext}:${x.id}`)),
      ident.all(...batch.map((x) => x.ext)),
      open.all(...batch.map((x) => x.customer)),
    ]);
    time('insert', () =>
      insert.all(
        ...batch.flatMap((x) => [x.caseId, x.customer, x.identity, text, `${x.ext}:${x.id}`, x.id, now]),
      ),
    );
    time('touch', () => batch.forEach((x) => touch.all(x.identity, text, now, now, x.caseId)));
    time('events', () => {
      const m = top.get()!.m;
      events.run(
        ...batch
          .flatMap((x, j) => [
            [m + 2 * j + 1, 'message.created', 'operators', 1, null, null, operatorPayload, now],
            [m + 2 * j + 2, 'message', 'customer', null, null, x.identity, customerPayload, now],
          ])
          .flat(),
      );
    });
    time('commit', () => db.exec('commit'));
  }
  report('set-wise', t);
  db.close();
}

console.log(`native SQLite cost of the inbound spine's statements, ${N} messages, commit every ${BATCH}`);
await perUnit();
await setWise();
