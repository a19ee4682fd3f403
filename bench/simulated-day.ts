/**
 * Section 10 of bench/run.ts: a simulated day of a contact center (docs/routing.md), replayed on one node
 * through Frontline's real case core, routing and SQLite store under a fake clock.
 *
 * BENCH_DAY_OPERATORS operators (2,000) in BENCH_DAY_QUEUES queues (20), each a member of one or two, work
 * in shifts that follow the arrival curve, with two short breaks and a lunch; BENCH_DAY_CASES cases (400,000)
 * arrive over 24 h with a morning and an evening peak, on web chat, Telegram, WhatsApp, e-mail and Google
 * Play, each a few customer messages answered by the operator, then resolved. BENCH_DAY_SCALE (1) scales
 * operators and cases together for a quick run. Events of one simulated second run concurrently (as they
 * would in a real center), so the group committer batches them; the clock jumps over idle seconds.
 *
 * Printed: wall time against simulated time (target: a day faster than 1/20 of real time), the wall time of
 * the calls that route (a case's first message, a resolve that hands out the next case, a presence change)
 * p50/p99, the simulated wait from a case's first message to its assignment p50/p99, first responses within
 * target (the SLA % met), handled cases per operator (max/median and the Gini coefficient), and cases lost
 * (not resolved at the end) or assigned to a second operator while the first still had them (target 0).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelKind, OperatorEvent } from '@frontline/shared';
import { loadConfig } from '../apps/server/src/config.ts';
import { createFrontline } from '../apps/server/src/create-frontline.ts';
import { createLogger } from '../apps/server/src/lib/logger.ts';
import type { Actor } from '../apps/server/src/modules/cases/actor.ts';
import type { Services } from '../apps/server/src/services.ts';
import { openStore } from '../apps/server/src/store/open-store.ts';
import { seed } from '../apps/server/src/store/seed.ts';
import { emptyHistogram, percentileOf, recordLatency as record } from './latency-histogram.ts';

const env = process.env;
const SCALE = Number(env.BENCH_DAY_SCALE ?? 1);
const OPERATORS = Math.max(4, Math.round(Number(env.BENCH_DAY_OPERATORS ?? 2000) * SCALE));
const QUEUES = Math.max(1, Math.min(OPERATORS, Number(env.BENCH_DAY_QUEUES ?? 20)));
const CASES = Math.max(10, Math.round(Number(env.BENCH_DAY_CASES ?? 400_000) * SCALE));
const SEED = Number(env.BENCH_DAY_SEED ?? 7);
const DAY = 86_400;
/** After the day, the simulation runs on until every case is resolved, at most this long. */
const TAIL = 6 * 3600;

/** Channel mix, its capacity weight (operators have 100 units) and the timings of one exchange (seconds). */
interface Channel {
  kind: ChannelKind;
  share: number;
  weight: number;
  reply: number;
  think: number;
  /** Customer messages a case has, at most (at least one). */
  exchanges: number;
  /** Target for the first response (the SLA % met). */
  firstResponse: number;
}
const channels: [Channel, ...Channel[]] = [
  { kind: 'webchat', share: 0.4, weight: 33, reply: 25, think: 35, exchanges: 6, firstResponse: 120 },
  { kind: 'telegram', share: 0.2, weight: 33, reply: 30, think: 60, exchanges: 6, firstResponse: 300 },
  { kind: 'whatsapp', share: 0.15, weight: 33, reply: 30, think: 60, exchanges: 6, firstResponse: 300 },
  // A mail is mostly answered in one touch (the operator holds the case only while writing).
  { kind: 'email', share: 0.2, weight: 20, reply: 240, think: 1800, exchanges: 1, firstResponse: 4 * 3600 },
  { kind: 'viber', share: 0.05, weight: 33, reply: 30, think: 60, exchanges: 6, firstResponse: 300 },
];

/** mulberry32: a small seeded generator, so a run is repeatable. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(SEED);
const exponential = (mean: number) => -Math.log(1 - random()) * mean;

/** Arrival intensity over the day (relative): a low night, a morning peak at 11:00, an evening one at 19:30. */
function intensity(second: number): number {
  const h = second / 3600;
  const bump = (at: number, width: number) => Math.exp(-((h - at) ** 2) / (2 * width ** 2));
  return 0.08 + bump(11, 1.8) + 0.8 * bump(19.5, 1.6) + 0.3 * bump(15, 2.5);
}

/** `n` arrival seconds drawn from the intensity (inverse CDF over minutes), sorted. */
function arrivals(n: number): number[] {
  const weights = Array.from({ length: 1440 }, (_, m) => intensity(m * 60 + 30));
  const total = weights.reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  let acc = 0;
  for (const w of weights) cdf.push((acc += w / total));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = random();
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    out.push(lo * 60 + random() * 60);
  }
  return out.sort((a, b) => a - b);
}

interface SimCase {
  n: number;
  channel: Channel;
  queue: number;
  /** Customer messages still to send after the first. */
  left: number;
  caseId?: number;
  openedAt: number;
  assignedAt?: number;
  operator?: number;
  firstResponseAt?: number;
  resolved?: boolean;
  /** Messages the simulation stored for it (the customer's and the operator's). */
  stored: number;
  /** The customer's last message has no answer yet. */
  awaitingReply: boolean;
  /** Operator replies so far (their client message ids). */
  replies: number;
  /** Customer messages sent so far (their provider ids). */
  sent: number;
  /** Counts the case's assignments: what an operator planned for an earlier one is dropped. */
  epoch: number;
}

interface SimOperator {
  id: number;
  actor: Actor;
  shiftStart: number;
  shiftEnd: number;
  handled: number;
  open: Set<number>;
}

type SimEvent =
  | { t: number; kind: 'arrive'; c: SimCase }
  | { t: number; kind: 'customer'; c: SimCase }
  | { t: number; kind: 'reply'; c: SimCase; epoch: number }
  | { t: number; kind: 'resolve'; c: SimCase; epoch: number }
  | { t: number; kind: 'presence'; op: SimOperator; presence: 'online' | 'away' | 'lunch' | 'shift end' };

/** A binary min-heap of events by time. */
class Agenda {
  private heap: SimEvent[] = [];
  get size(): number {
    return this.heap.length;
  }
  peek(): SimEvent | undefined {
    return this.heap[0];
  }
  push(e: SimEvent): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((h[p] as SimEvent).t <= e.t) break;
      h[i] = h[p] as SimEvent;
      i = p;
    }
    h[i] = e;
  }
  pop(): SimEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && (h[l] as SimEvent).t < (m === i ? last.t : (h[m] as SimEvent).t)) m = l;
        if (r < h.length && (h[r] as SimEvent).t < (m === i ? last.t : (h[m] as SimEvent).t)) m = r;
        if (m === i) break;
        h[i] = h[m] as SimEvent;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** The Gini coefficient of non-negative values (0: perfectly even). */
function gini(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  const sum = v.reduce((a, b) => a + b, 0);
  if (n === 0 || sum === 0) return 0;
  let weighted = 0;
  v.forEach((x, i) => (weighted += (i + 1) * x));
  return (2 * weighted) / (n * sum) - (n + 1) / n;
}

export async function runSimulatedDaySection(): Promise<void> {
  console.log(
    `\n10) a simulated day: ${OPERATORS.toLocaleString('en')} operators in ${QUEUES} queues, ${CASES.toLocaleString('en')} cases over 24 h (morning and evening peaks), through the real case core, routing and SQLite store on a fake clock (load average ${load()})`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'frontline-bench-day-'));
  const start = Date.parse('2027-03-01T00:00:00.000Z');
  let simSecond = 0;
  const clock = { now: () => new Date(start + simSecond * 1000) };
  const store = await openStore({ dataDir });
  await seed(store, clock);
  const { services, close } = await createFrontline({
    config: loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'd'.repeat(40), LOG_LEVEL: 'warn' }),
    logger: createLogger('warn'),
    clock,
    store,
    seed: false,
  });
  const { queues, entryPoints, accounts } = await seedCenter(services, clock.now().toISOString());
  const operators = await seedOperators(services, queues, clock.now().toISOString());
  const byOperatorId = new Map(operators.map((o) => [o.id, o]));
  // Only the relay runs (it hands committed events to the bus); no receiver, dispatcher or processor does.
  await services.relay.flush();
  services.relay.start();

  // The cases as the simulation knows them; assignments arrive through the node's bus, as a screen's would.
  const byCaseId = new Map<number, SimCase>();
  const agenda = new Agenda();
  let assignedTwice = 0;
  const waits = emptyHistogram();
  services.bus.onEvents((events) => {
    for (const e of events) {
      if (e.audience !== 'operators' || (e.type !== 'case.updated' && e.type !== 'message.created')) continue;
      const event = JSON.parse(e.payload) as OperatorEvent;
      const summary = 'case' in event ? event.case : undefined;
      if (!summary) continue;
      const c = byCaseId.get(summary.id);
      if (!c || c.resolved) continue;
      if (summary.status === 'queued' && c.operator !== undefined) {
        // Handed back (a shift end, an operator gone offline): the case waits for the next operator.
        byOperatorId.get(c.operator)?.open.delete(summary.id);
        c.operator = undefined;
        continue;
      }
      if (summary.status !== 'assigned' || summary.assigneeId === null) continue;
      if (c.operator === summary.assigneeId) continue;
      if (c.operator !== undefined && byOperatorId.get(c.operator)?.open.has(summary.id)) assignedTwice++;
      c.operator = summary.assigneeId;
      c.assignedAt = simSecond;
      record(waits, (simSecond - c.openedAt) * 1000);
      byOperatorId.get(summary.assigneeId)?.open.add(summary.id);
      c.epoch++;
      agenda.push({ t: simSecond + exponential(c.channel.reply), kind: 'reply', c, epoch: c.epoch });
    }
  });

  // Arrivals and shifts.
  const times = arrivals(CASES);
  times.forEach((t, n) => {
    const u = random();
    let acc = 0;
    const channel = channels.find((ch) => (acc += ch.share) >= u) ?? channels[0];
    const exchanges = 1 + Math.floor(random() * channel.exchanges);
    agenda.push({
      t,
      kind: 'arrive',
      c: {
        n,
        channel,
        queue: Math.floor(random() * QUEUES),
        left: exchanges - 1,
        openedAt: t,
        stored: 0,
        awaitingReply: true,
        replies: 0,
        sent: 0,
        epoch: 0,
      },
    });
  });
  for (const op of operators) {
    agenda.push({ t: op.shiftStart, kind: 'presence', op, presence: 'online' });
    for (const [at, minutes] of [
      [0.3, 15],
      [0.55, 30],
      [0.8, 15],
    ] as const) {
      const t = op.shiftStart + (op.shiftEnd - op.shiftStart) * (at + (random() - 0.5) * 0.1);
      agenda.push({ t, kind: 'presence', op, presence: minutes === 30 ? 'lunch' : 'away' });
      agenda.push({ t: t + minutes * 60, kind: 'presence', op, presence: 'online' });
    }
    agenda.push({ t: op.shiftEnd, kind: 'presence', op, presence: 'shift end' });
  }

  const routingCalls = emptyHistogram();
  /** Cases resolved so far: the run ends once the day is over and every case is. */
  let resolvedCount = 0;
  let calls = 0;
  let messages = 0;
  const timed = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    record(routingCalls, performance.now() - t0);
  };
  const customerMessage = (c: SimCase, text: string) =>
    services.cases.receiveInbound({
      channelAccountId: accounts[c.channel.kind],
      externalMessageId: `day-${c.n}-${c.sent++}`,
      identity: { channelAccountId: accounts[c.channel.kind], externalId: `customer-${c.n}` },
      entryPointId: entryPoints[c.queue] as number,
      text,
      attachments: [],
    });

  const run = async (e: SimEvent): Promise<void> => {
    calls++;
    switch (e.kind) {
      case 'arrive': {
        await timed(async () => {
          const { message } = await customerMessage(e.c, `Здравствуйте, вопрос по тарифу №${e.c.n}`);
          e.c.caseId = message.case_id;
          byCaseId.set(message.case_id, e.c);
        });
        e.c.stored++;
        messages++;
        return;
      }
      case 'customer': {
        if (e.c.resolved) return;
        await customerMessage(e.c, `Уточнение ${e.c.left}`);
        e.c.awaitingReply = true;
        e.c.stored++;
        messages++;
        agenda.push({
          t: simSecond + exponential(e.c.channel.reply),
          kind: 'reply',
          c: e.c,
          epoch: e.c.epoch,
        });
        return;
      }
      case 'reply': {
        const op = e.c.operator === undefined ? undefined : byOperatorId.get(e.c.operator);
        if (!op || e.c.caseId === undefined || e.c.resolved || e.epoch !== e.c.epoch) return;
        // One answer per customer message, however many plans were made for it (an assignment, a message).
        if (!e.c.awaitingReply) return;
        e.c.awaitingReply = false;
        const replyNo = ++e.c.replies;
        await services.cases.sendMessage(
          op.actor,
          e.c.caseId,
          {
            clientMsgId: `reply-${e.c.n}-${replyNo}`,
            text: 'Ответ оператора',
            attachmentIds: [],
            note: false,
          },
          [],
        );
        e.c.stored++;
        messages++;
        e.c.firstResponseAt ??= simSecond;
        if (e.c.left > 0) {
          e.c.left--;
          agenda.push({ t: simSecond + exponential(e.c.channel.think), kind: 'customer', c: e.c });
        } else agenda.push({ t: simSecond + 20 + exponential(20), kind: 'resolve', c: e.c, epoch: e.epoch });
        return;
      }
      case 'resolve': {
        const op = e.c.operator === undefined ? undefined : byOperatorId.get(e.c.operator);
        if (!op || e.c.caseId === undefined || e.c.resolved || e.epoch !== e.c.epoch) return;
        const caseId = e.c.caseId;
        await timed(() => services.cases.resolve(op.actor, caseId));
        e.c.resolved = true;
        resolvedCount++;
        op.open.delete(caseId);
        op.handled++;
        return;
      }
      case 'presence': {
        const { presence } = services;
        const id = e.op.id;
        // A shift end hands the operator's open cases back to the queue (their next operator continues them).
        if (e.presence === 'shift end') {
          let returned: number[] = [];
          await timed(async () => ({ returnedCaseIds: returned } = await presence.endShift(id)));
          // Handed back: the operator no longer has them (the next operator comes through the bus).
          for (const caseId of returned) {
            e.op.open.delete(caseId);
            const c = byCaseId.get(caseId);
            if (c?.operator === id) c.operator = undefined;
          }
        } else if (e.presence === 'online') await timed(() => presence.set(id, { presence: 'online' }));
        else
          await timed(() =>
            presence.set(id, { presence: 'away', reason: e.presence === 'lunch' ? 'lunch' : 'break' }),
          );
        return;
      }
    }
  };

  const wallStart = performance.now();
  let lastReport = wallStart;
  for (;;) {
    const next = agenda.peek();
    if (!next || next.t > DAY + TAIL) break;
    if (next.t > DAY && resolvedCount === CASES) break;
    simSecond = Math.floor(next.t);
    const batch: SimEvent[] = [];
    while ((agenda.peek()?.t ?? Infinity) < simSecond + 1) batch.push(agenda.pop() as SimEvent);
    await Promise.all(batch.map(run));
    await services.bus.settled();
    if (performance.now() - lastReport > 60_000) {
      lastReport = performance.now();
      console.log(
        `  … simulated ${(simSecond / 3600).toFixed(1)} h in ${((lastReport - wallStart) / 60_000).toFixed(1)} min wall, ${messages.toLocaleString('en')} messages (load average ${load()})`,
      );
    }
  }
  const wallMs = performance.now() - wallStart;

  const all = [...byCaseId.values()];
  // Lost: a case whose stored messages are not all in the store, or that is neither waiting, assigned nor resolved.
  // Two linear scans (a join grouped per case read the 2.4M messages of a full day over and over for minutes).
  const counts = await store.db
    .selectFrom('messages')
    .select((eb) => ['case_id', eb.fn.countAll<number>().as('n')])
    .groupBy('case_id')
    .execute();
  const perCase = new Map(counts.map((r) => [r.case_id, Number(r.n)]));
  const statuses = await store.db.selectFrom('cases').select(['id', 'status']).execute();
  const inStore = new Map(statuses.map((r) => [r.id, { status: r.status, n: perCase.get(r.id) ?? 0 }]));
  const lost =
    CASES -
    all.length +
    all.filter((c) => {
      const row = c.caseId === undefined ? undefined : inStore.get(c.caseId);
      return !row || Number(row.n) !== c.stored || !['queued', 'assigned', 'resolved'].includes(row.status);
    }).length;
  const waiting = all.filter((c) => !c.resolved).length;
  const met = all.filter(
    (c) => c.firstResponseAt !== undefined && c.firstResponseAt - c.openedAt <= c.channel.firstResponse,
  ).length;
  const handled = operators.filter((o) => o.handled > 0 || o.shiftEnd > o.shiftStart).map((o) => o.handled);
  const sorted = [...handled].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const simulated = Math.max(DAY, simSecond);
  const speed = (simulated * 1000) / wallMs;
  console.log(
    `  simulated ${(simulated / 3600).toFixed(1)} h in ${(wallMs / 60_000).toFixed(1)} min wall: ${speed.toFixed(1)}× real time (target > 20×) ${speed > 20 ? 'OK' : 'MISSED'}; ${calls.toLocaleString('en')} actions, ${messages.toLocaleString('en')} messages`,
  );
  console.log(
    `  routing calls (first message, resolve, presence), wall: p50 ${percentileOf(routingCalls, 50).toFixed(1)} ms, p99 ${percentileOf(routingCalls, 99).toFixed(1)} ms; wait to assignment, simulated: p50 ${(percentileOf(waits, 50) / 1000).toFixed(0)} s, p99 ${(percentileOf(waits, 99) / 1000).toFixed(0)} s`,
  );
  console.log(
    `  first response within target: ${((100 * met) / Math.max(1, all.length)).toFixed(1)} % of ${all.length.toLocaleString('en')} cases (web chat 2 min, messengers 5 min, e-mail 4 h)`,
  );
  console.log(
    `  handled cases per operator: max ${sorted.at(-1) ?? 0}, median ${median}, max/median ${(median ? (sorted.at(-1) ?? 0) / median : 0).toFixed(2)}, Gini ${gini(handled).toFixed(3)}`,
  );
  console.log(
    `  lost (a message or the case missing from the store) ${lost} (target 0) ${lost === 0 ? 'OK' : 'MISSED'}; not resolved when the simulation ended ${waiting}; assigned to a second operator while the first had it ${assignedTwice} (target 0) ${assignedTwice === 0 ? 'OK' : 'MISSED'}; load average ${load()}`,
  );
  services.relay.stop();
  await close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Settings that parse for each kind's account (never used: no receiver or delivery runs in the simulation). */
const nowhere = 'http://127.0.0.1:9';
const accountSettings: Partial<Record<ChannelKind, { config: object; secrets: object }>> = {
  telegram: {
    config: { apiRoot: nowhere },
    secrets: { botToken: '1:day', webhookSecret: 'day-webhook-secret' },
  },
  whatsapp: {
    config: { graphRoot: nowhere, apiVersion: 'v21.0', phoneNumberId: '1', templates: [] },
    secrets: { accessToken: 'day', appSecret: 'day', verifyToken: 'day' },
  },
  viber: { config: { apiRoot: nowhere, senderName: 'Support' }, secrets: { authToken: 'day' } },
  email: { config: { address: 'support@day.invalid', smtp: { host: '127.0.0.1' } }, secrets: {} },
};

/** Queues, one entry point per queue, one channel account per kind, and the channel weights. */
async function seedCenter(services: Services, now: string) {
  const { db } = services.store;
  const queues: number[] = [];
  const entryPoints: number[] = [];
  await services.store.write(async (tx) => {
    for (let q = 0; q < QUEUES; q++) {
      const queue = await tx.db
        .insertInto('queues')
        .values({
          name: `Day queue ${q + 1}`,
          name_ru: `Очередь ${q + 1}`,
          name_en: `Queue ${q + 1}`,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      queues.push(queue.id);
      const entry = await tx.db
        .insertInto('entry_points')
        .values({
          slug: `day-${q + 1}`,
          name_ru: `Вход ${q + 1}`,
          name_en: `Entry ${q + 1}`,
          queue_id: queue.id,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      entryPoints.push(entry.id);
    }
    await tx.db
      .insertInto('settings')
      .values({
        key: 'routing',
        value: JSON.stringify({
          channelWeights: Object.fromEntries(channels.map((c) => [c.kind, c.weight])),
          stickyHours: 0,
        }),
        updated_at: now,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  });
  const accounts = {} as Record<ChannelKind, number>;
  const existing = await db.selectFrom('channel_accounts').select(['id', 'kind']).execute();
  for (const ch of channels) {
    const found = existing.find((a) => a.kind === ch.kind);
    if (found) {
      accounts[ch.kind] = found.id;
      continue;
    }
    const row = await services.store.write((tx) =>
      tx.db
        .insertInto('channel_accounts')
        .values({
          kind: ch.kind,
          name: `day ${ch.kind}`,
          entry_point_id: null,
          config: JSON.stringify(accountSettings[ch.kind]?.config ?? {}),
          secrets_enc: services.secretBox.seal(JSON.stringify(accountSettings[ch.kind]?.secrets ?? {})),
          status: 'active',
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    accounts[ch.kind] = row.id;
  }
  await services.channels.reload();
  return { queues, entryPoints, accounts };
}

/**
 * Operators with 100 capacity units, each in one queue (a quarter also in a second), in shifts staffed
 * after the arrival curve: each operator's 8-hour shift starts at an hour drawn from the curve 4 h ahead.
 */
async function seedOperators(services: Services, queues: number[], now: string): Promise<SimOperator[]> {
  const hourWeights = Array.from({ length: 24 }, (_, h) => intensity(h * 3600 + 4 * 3600));
  const total = hourWeights.reduce((a, b) => a + b, 0);
  const out: SimOperator[] = [];
  for (let first = 0; first < OPERATORS; first += 500) {
    const chunk = Array.from({ length: Math.min(500, OPERATORS - first) }, (_, i) => first + i);
    const rows = await services.store.write(async (tx) => {
      const inserted = await tx.db
        .insertInto('operators')
        .values(
          chunk.map((i) => ({
            email: `day-${i}@bench.invalid`,
            name: `Оператор ${i}`,
            password_hash: 'x',
            role: 'operator' as const,
            capacity: 100,
            presence: 'offline' as const,
            locale: 'ru' as const,
            last_assigned_at: null,
            disabled: 0,
            created_at: now,
          })),
        )
        .returning('id')
        .execute();
      const memberships = inserted.flatMap((r, k) => {
        const i = chunk[k] as number;
        const own = queues[i % queues.length] as number;
        const second = queues[(i * 7 + 3) % queues.length] as number;
        return i % 4 === 0 && second !== own
          ? [
              { operator_id: r.id, queue_id: own },
              { operator_id: r.id, queue_id: second },
            ]
          : [{ operator_id: r.id, queue_id: own }];
      });
      await tx.db.insertInto('operator_queues').values(memberships).execute();
      return inserted.map((r, k) => ({
        id: r.id,
        queueIds: memberships.filter((m) => m.operator_id === r.id).map((m) => m.queue_id),
        i: chunk[k] as number,
      }));
    });
    for (const r of rows) {
      const u = random() * total;
      let acc = 0;
      const hour = hourWeights.findIndex((w) => (acc += w) >= u);
      const shiftStart = Math.max(0, hour) * 3600 + random() * 3600;
      out.push({
        id: r.id,
        actor: { id: r.id, name: `Оператор ${r.i}`, role: 'operator', queueIds: r.queueIds },
        shiftStart,
        shiftEnd: Math.min(DAY + TAIL - 3600, shiftStart + 8 * 3600),
        handled: 0,
        open: new Set(),
      });
    }
  }
  return out;
}
