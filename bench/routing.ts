/**
 * Section 9: the routing decision (bench/run.ts). In-process, a real SQLite store (and PostgreSQL when
 * BENCH_ROUTING_PG_URL names an admin URL), a fake clock: BENCH_ROUTING_OPERATORS online operators (2000)
 * in BENCH_ROUTING_QUEUES queues (100, three queues each), 20 skills (three per operator, levels 1–5), entry
 * points needing none, one or two skills. Each new case is routed in its own write; the time of
 * `router.route` (decision and claim in the store) is measured per case; every other case is resolved again
 * so the loads stay level.
 */
import { loadavg } from 'node:os';
import { Router } from '../apps/server/src/modules/routing/router.ts';
import type { Store } from '../apps/server/src/store/store.ts';
import { caseValues } from '../apps/server/test/support/case-values.ts';
import { seededRandom as rng } from '../apps/server/test/support/seeded-random.ts';
import { onBothStores } from './both-stores.ts';

const OPERATORS = Number(process.env.BENCH_ROUTING_OPERATORS ?? 2000);
const QUEUES = Number(process.env.BENCH_ROUTING_QUEUES ?? 100);
const CASES = Number(process.env.BENCH_ROUTING_CASES ?? 3000);
const PG_URL = process.env.BENCH_ROUTING_PG_URL ?? '';
const SKILLS = 20;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

async function seed(store: Store, at: string) {
  const rand = rng(7);
  const db = store.db;
  const queues: number[] = [];
  for (let i = 0; i < QUEUES; i++)
    queues.push(
      (
        await db
          .insertInto('queues')
          .values({ name: `bq${i}`, name_ru: `bq${i}`, name_en: `bq${i}`, created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  const skills: number[] = [];
  for (let i = 0; i < SKILLS; i++)
    skills.push(
      (
        await db
          .insertInto('skills')
          .values({ slug: `s${i}`, name_ru: `s${i}`, name_en: `s${i}`, created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  const entryPoints: number[] = [];
  for (let i = 0; i < QUEUES; i++) {
    const ep = (
      await db
        .insertInto('entry_points')
        .values({
          slug: `bep${i}`,
          name_ru: 'e',
          name_en: 'e',
          queue_id: queues[i] as number,
          created_at: at,
          pre_chat_fields: null,
          priority: i % 3,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    entryPoints.push(ep);
    const needs = i % 3; // none, one or two skills, level 1–2
    for (let k = 0; k < needs; k++)
      await db
        .insertInto('entry_point_skills')
        .values({ entry_point_id: ep, skill_id: skills[(i + k * 7) % SKILLS] as number, level: 1 + (k % 2) })
        .execute();
  }
  const account = (
    await db
      .insertInto('channel_accounts')
      .values({
        kind: 'webchat',
        name: 'bench',
        entry_point_id: null,
        config: '{}',
        secrets_enc: null,
        status: 'active',
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await store.write(async (tx) => {
    for (let i = 0; i < OPERATORS; i++) {
      const id = (
        await tx.db
          .insertInto('operators')
          .values({
            email: `bop${i}@example.test`,
            name: `op${i}`,
            password_hash: 'x',
            role: 'operator',
            capacity: 1000,
            presence: 'online',
            locale: 'en',
            last_assigned_at: null,
            disabled: 0,
            created_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const own = new Set<number>();
      while (own.size < 3) own.add(queues[Math.floor(rand() * QUEUES)] as number);
      await tx.db
        .insertInto('operator_queues')
        .values([...own].map((q) => ({ operator_id: id, queue_id: q })))
        .execute();
      const mine = new Set<number>();
      while (mine.size < 3) mine.add(skills[Math.floor(rand() * SKILLS)] as number);
      await tx.db
        .insertInto('operator_skills')
        .values([...mine].map((s) => ({ operator_id: id, skill_id: s, level: 1 + Math.floor(rand() * 5) })))
        .execute();
    }
  });
  return { entryPoints, queues, account };
}

async function runOn(label: string, store: Store): Promise<void> {
  let ms = Date.parse('2026-12-01T09:00:00.000Z');
  const clock = { now: () => new Date(ms) };
  const at = () => new Date(ms).toISOString();
  const { entryPoints, queues, account } = await seed(store, at());
  const router = new Router({ clock, lockRows: store.dialect === 'postgres' });
  const rand = rng(11);
  const times: number[] = [];
  const picks: number[] = [];
  const open: number[] = [];
  let assigned = 0;
  for (let i = 0; i < CASES + 200; i++) {
    ms += 250;
    const now = at();
    const k = Math.floor(rand() * QUEUES);
    const customer = (
      await store.db
        .insertInto('customers')
        .values({ display_name: null, created_at: now, merged_into_customer_id: null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const identity = (
      await store.db
        .insertInto('identities')
        .values({
          customer_id: customer,
          channel_account_id: account,
          external_id: `b${i}`,
          display_name: null,
          verified_by: null,
          created_at: now,
          last_seen_at: now,
          unreachable_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const row = await store.write(async (tx) => {
      const opened = await tx.db
        .insertInto('cases')
        .values(
          caseValues(now, {
            customer_id: customer,
            entry_point_id: entryPoints[k] as number,
            queue_id: queues[k] as number,
            priority: k % 3,
            last_identity_id: identity,
            last_message_text: 'x',
            last_message_at: now,
            unread: 1,
            queued_at: now,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      // The decision alone, in the index (no skills: the queue's best member with room).
      const pickStarted = performance.now();
      await router.pickOperator(tx, queues[k] as number);
      if (i >= 200) picks.push(performance.now() - pickStarted);
      const started = performance.now();
      const routed = await router.route(tx, opened, now, { kind: 'webchat' });
      // The first 200 warm up (index build, statement caches).
      if (i >= 200) times.push(performance.now() - started);
      return routed;
    });
    if (row.assignee_id !== null) {
      assigned++;
      open.push(row.id);
    }
    if (open.length > 0 && i % 2 === 1) {
      const [done] = open.splice(Math.floor(rand() * open.length), 1);
      await store.db
        .updateTable('cases')
        .set({ status: 'resolved', resolved_at: now })
        .where('id', '=', done as number)
        .execute();
      // What the bus's case.updated would tell the index.
      router.index.setCaseLoad(done as number, null, null);
    }
  }
  times.sort((a, b) => a - b);
  picks.sort((a, b) => a - b);
  console.log(
    `  ${label}: ${times.length} cases routed (${assigned} assigned) among ${OPERATORS} online operators, ${QUEUES} queues, ${SKILLS} skills — route (decision + claim in the store) p50 ${pct(times, 0.5).toFixed(3)} ms, p99 ${pct(times, 0.99).toFixed(3)} ms; index pick alone p50 ${(pct(picks, 0.5) * 1000).toFixed(1)} µs, p99 ${(pct(picks, 0.99) * 1000).toFixed(1)} µs`,
  );
}

export async function runRoutingSection(): Promise<void> {
  console.log(
    `\n9) routing decision with ${OPERATORS} online operators, ${QUEUES} queues and skills (load average ${loadavg()[0]?.toFixed(2)})`,
  );
  await onBothStores('routing', PG_URL, runOn);
}
