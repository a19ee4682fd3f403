/**
 * Section 8 of the bench: search over message text at volume (docs/search.md). Seeds
 * BENCH_SEARCH_MESSAGES messages (default a million) straight through the store — customers, cases in the
 * three seeded queues, messages drawn from a Zipf-distributed Russian vocabulary (bench/search-corpus.ts) —
 * brings the index up to date (SQLite: the search indexer's own batches, timed; PostgreSQL: the trigger, as
 * part of the insert), then times the search service for a common and a rare word, as an admin (every case)
 * and as an operator of one queue. BENCH_SEARCH_SAMPLES searches each (200); BENCH_SEARCH_PG_URL is the
 * PostgreSQL admin URL a fresh database is created at (default the local one; empty skips PostgreSQL).
 */
import { loadavg } from 'node:os';
import { sql, type Insertable, type Transaction } from 'kysely';
import { SearchIndexer } from '../apps/server/src/jobs/search-indexer.ts';
import { createLogger } from '../apps/server/src/lib/logger.ts';
import type { Viewer } from '../apps/server/src/modules/cases/case-visibility.ts';
import { SearchService } from '../apps/server/src/modules/search/search-service.ts';
import { termOf } from '../apps/server/src/modules/search/search-words.ts';
import type { Database } from '../apps/server/src/store/schema.ts';
import { seed } from '../apps/server/src/store/seed.ts';
import type { Store } from '../apps/server/src/store/store.ts';
import { onBothStores } from './both-stores.ts';
import { messageTexts, searchTerms } from './search-corpus.ts';
import { bulkInsert as bulkInsertRows } from './seed-volume.ts';

const MESSAGES = Number(process.env.BENCH_SEARCH_MESSAGES ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SEARCH_SAMPLES ?? 200);
const PG_URL = process.env.BENCH_SEARCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const messagesPerCase = 10;
const casesPerCustomer = 2;
const rowsPerStatement = 1000;
const rowsPerWrite = 20_000;

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** Inserts rows in statements of `rowsPerStatement`, `rowsPerWrite` per write unit. */
const bulkInsert = <R>(
  store: Store,
  rows: R[],
  insert: (db: Transaction<Database>, chunk: R[]) => Promise<unknown>,
) => bulkInsertRows(store, rows, insert, { statement: rowsPerStatement, transaction: rowsPerWrite });

/** Customers, cases and `MESSAGES` messages, in chunks so memory stays flat. */
async function seedMessages(store: Store): Promise<void> {
  const { db } = store;
  const entryPoints = await db.selectFrom('entry_points').select(['id', 'queue_id']).orderBy('id').execute();
  const account = await db
    .selectFrom('channel_accounts')
    .select('id')
    .where('kind', '=', 'webchat')
    .executeTakeFirstOrThrow();
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  const texts = messageTexts(MESSAGES);
  const perCustomer = messagesPerCase * casesPerCustomer;
  const customersPerChunk = Math.ceil(100_000 / perCustomer);
  const customers = Math.ceil(MESSAGES / perCustomer);
  let messageId = 1;
  for (let c0 = 0; c0 < customers; c0 += customersPerChunk) {
    const customerRows: Array<Insertable<Database['customers']>> = [];
    const caseRows: Array<Insertable<Database['cases']>> = [];
    const messageRows: Array<Insertable<Database['messages']>> = [];
    for (let c = c0; c < Math.min(customers, c0 + customersPerChunk); c++) {
      const customerId = c + 1;
      customerRows.push({
        id: customerId,
        display_name: `Клиент ${customerId}`,
        created_at: new Date(base).toISOString(),
      });
      for (let k = 0; k < casesPerCustomer; k++) {
        const caseId = c * casesPerCustomer + k + 1;
        const entryPoint = entryPoints[caseId % entryPoints.length];
        if (!entryPoint) throw new Error('no entry points: seed the store first');
        const opened = base + caseId * 60_000;
        let last = '';
        for (let m = 0; m < messagesPerCase && messageId <= MESSAGES; m++) {
          const next = texts.next();
          const text = next.done === true ? '' : next.value;
          last = text;
          messageRows.push({
            id: messageId++,
            case_id: caseId,
            customer_id: customerId,
            direction: m % 2 === 0 ? 'in' : 'out',
            channel_account_id: account.id,
            identity_id: null,
            author_operator_id: null,
            text,
            attachments: '[]',
            external_id: null,
            client_msg_id: null,
            status: m % 2 === 0 ? 'read' : 'delivered',
            status_reason: null,
            created_at: new Date(opened + m * 1000).toISOString(),
            template: null,
            meta: null,
          });
        }
        const at = new Date(opened + messagesPerCase * 1000).toISOString();
        caseRows.push({
          id: caseId,
          customer_id: customerId,
          entry_point_id: entryPoint.id,
          queue_id: entryPoint.queue_id,
          status: 'resolved',
          priority: 0,
          assignee_id: null,
          last_identity_id: null,
          last_message_text: last.slice(0, 200),
          last_message_at: at,
          unread: 0,
          opened_at: new Date(opened).toISOString(),
          first_response_at: null,
          resolved_at: at,
          updated_at: at,
        });
      }
    }
    await bulkInsert(store, customerRows, (db, chunk) => db.insertInto('customers').values(chunk).execute());
    await bulkInsert(store, caseRows, (db, chunk) => db.insertInto('cases').values(chunk).execute());
    await bulkInsert(store, messageRows, (db, chunk) => db.insertInto('messages').values(chunk).execute());
  }
  if (store.dialect === 'postgres') await sql`vacuum analyze`.execute(db);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** p50 / p95 in ms of `SAMPLES` sequential searches (after a warm-up), and how many hits the last one had. */
async function time(search: SearchService, viewer: Viewer, q: string) {
  const once = () => search.search(viewer, { q, kind: 'messages', limit: 10 });
  for (let i = 0; i < 10; i++) await once();
  const ms: number[] = [];
  let hits = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    hits = (await once()).messages.length;
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), hits };
}

/** How many messages contain the word's term (what the query has to choose its ten from). */
async function matchCount(store: Store, q: string): Promise<number> {
  const count =
    store.dialect === 'sqlite'
      ? sql<{
          n: number;
        }>`select count(*) as n from message_search_fts where message_search_fts match ${`"${termOf(q)}"`}`
      : sql<{
          n: number;
        }>`select count(*)::int as n from message_search where terms @@ plainto_tsquery('russian', ${q})`;
  const { rows } = await count.execute(store.db);
  return Number(rows[0]?.n ?? 0);
}

async function runOn(name: string, store: Store): Promise<void> {
  await seed(store, { now: () => new Date() });
  const t0 = performance.now();
  await seedMessages(store);
  const seeded = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const indexer = new SearchIndexer(store, createLogger('silent'), 2000);
  await indexer.catchUp();
  const indexed = (performance.now() - t1) / 1000;
  const search = new SearchService({ store, region: 'RU' });
  const indexNote =
    store.dialect === 'sqlite'
      ? `; the indexer then took ${indexed.toFixed(1)} s (${Math.round(MESSAGES / indexed).toLocaleString('en')} messages/s)`
      : ' (tsvector written by the trigger during the insert)';
  console.log(
    `${name}: seeding ${MESSAGES.toLocaleString('en')} messages took ${seeded.toFixed(1)} s${indexNote}`,
  );
  const viewers: Array<[string, Viewer]> = [
    ['admin', { id: 1, role: 'admin', queueIds: [] }],
    ['operator, 1 queue of 3', { id: 1_000_000, role: 'operator', queueIds: [1] }],
  ];
  console.log(
    `${'term (messages containing it)'.padEnd(40)} ${'viewer'.padEnd(24)} ${'p50 / p95 ms'.padStart(16)}`,
  );
  for (const [kind, q] of Object.entries(searchTerms)) {
    const label = `${kind} «${q}» (${(await matchCount(store, q)).toLocaleString('en')})`;
    for (const [who, viewer] of viewers) {
      const t = await time(search, viewer, q);
      const verdict = t.p95 <= 50 ? 'OK (target p95 ≤ 50 ms)' : 'ABOVE TARGET (p95 ≤ 50 ms)';
      console.log(
        `${label.padEnd(40)} ${who.padEnd(24)} ${`${t.p50.toFixed(1)} / ${t.p95.toFixed(1)}`.padStart(16)}  ${t.hits} hits  ${verdict}`,
      );
    }
  }
  console.log(`(load average now ${load()})`);
}

/** Runs section 8 on SQLite, then on a fresh PostgreSQL database (unless BENCH_SEARCH_PG_URL is empty). */
export async function runSearchSection(): Promise<void> {
  console.log(
    `\n8) message search at ${MESSAGES.toLocaleString('en')} messages, ${SAMPLES} sequential searches each, the newest 10 hits by relevance (load average ${load()})`,
  );
  await onBothStores('search', PG_URL, runOn);
}
