import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoutingGate } from '../src/modules/routing/routing-gate.ts';
import { FakeClock, RoutingBed } from './support/routing-bed.ts';
import { dialects, openTestStore } from './support/test-server.ts';

/** The ACD's rules (docs/routing.md, "Which operator"), on a fake clock, straight against the store. */
describe.each(dialects)('routing rules on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof openTestStore>>;
  let clock: FakeClock;
  let bed: RoutingBed;
  let gateOpen = true;
  const gate: RoutingGate = { mayRoute: async () => gateOpen };

  beforeEach(async () => {
    db = await openTestStore(dialect);
    clock = new FakeClock();
    gateOpen = true;
    bed = new RoutingBed(db.store, clock, gate);
  });
  afterEach(async () => {
    await db.close();
  });

  it('a case needing a skill goes to an operator who has it at the level, not to a less loaded one without', async () => {
    const q = await bed.queue();
    const billing = await bed.skill('billing');
    const ep = await bed.entryPoint(q, { skills: { [billing]: 3 } });
    const novice = await bed.operator({ queues: [q], skills: { [billing]: 2 } });
    const expert = await bed.operator({ queues: [q], skills: { [billing]: 4 } });
    const first = await bed.newCase({ entryPointId: ep });
    const second = await bed.newCase({ entryPointId: ep });
    expect([first.assignee_id, second.assignee_id]).toEqual([expert, expert]);
    expect(JSON.parse(first.required_skills ?? 'null')).toEqual([{ skillId: billing, level: 3 }]);
    // A case of an entry point without skills goes to the least loaded: the novice.
    const plain = await bed.newCase({ entryPointId: await bed.entryPoint(q) });
    expect(plain.assignee_id).toBe(novice);
  });

  it('required skills add the language skill and the customer tags’ skills, the higher level where one comes twice', async () => {
    const q = await bed.queue();
    const english = await bed.skill('english');
    const vip = await bed.skill('vip');
    await bed.settings({ languageSkills: { en: 'english' }, tagSkills: { vip: 'vip' } });
    const ep = await bed.entryPoint(q, { skills: { [vip]: 2 } });
    const vipOnly = await bed.operator({ queues: [q], skills: { [vip]: 5 } });
    const both = await bed.operator({ queues: [q], skills: { [english]: 1, [vip]: 2 } });
    const c = await bed.newCase({
      entryPointId: ep,
      customerId: await bed.customer(['vip']),
      language: 'en',
    });
    expect(JSON.parse(c.required_skills ?? '[]')).toEqual([
      { skillId: english, level: 1 },
      { skillId: vip, level: 2 },
    ]);
    expect(c.assignee_id).toBe(both);
    // No language known: the VIP expert (lowest id) takes it.
    const d = await bed.newCase({ entryPointId: ep, customerId: await bed.customer(['vip']) });
    expect(d.assignee_id).toBe(vipOnly);
  });

  it('relaxation: after relaxAfterSeconds[0] levels drop to 1, after [1] skills are dropped', async () => {
    await bed.settings({ relaxAfterSeconds: [120, 300] });
    const q = await bed.queue();
    const s = await bed.skill('tariffs');
    const ep = await bed.entryPoint(q, { skills: { [s]: 4 } });
    const low = await bed.operator({ queues: [q], capacity: 1, skills: { [s]: 1 } });
    const none = await bed.operator({ queues: [q], capacity: 1 });
    const a = await bed.newCase({ entryPointId: ep });
    expect(a.status).toBe('queued');
    clock.advance(119);
    expect(await bed.drain(q)).toHaveLength(0);
    clock.advance(1);
    expect((await bed.drain(q)).map((r) => [r.id, r.assignee_id])).toEqual([[a.id, low]]);
    const b = await bed.newCase({ entryPointId: ep });
    clock.advance(299);
    expect(await bed.drain(q)).toHaveLength(0);
    clock.advance(1);
    expect((await bed.drain(q)).map((r) => [r.id, r.assignee_id])).toEqual([[b.id, none]]);
  });

  it('capacity is in units: a case takes its channel’s weight', async () => {
    await bed.settings({ channelWeights: { email: 2 } });
    const q = await bed.queue();
    const ep = await bed.entryPoint(q);
    const op = await bed.operator({ queues: [q], capacity: 3 });
    expect((await bed.newCase({ entryPointId: ep, kind: 'email' })).assignee_id).toBe(op);
    // 2 of 3 units used: another e-mail (2) does not fit, a web chat (1) does.
    expect((await bed.newCase({ entryPointId: ep, kind: 'email' })).status).toBe('queued');
    expect((await bed.newCase({ entryPointId: ep, kind: 'webchat' })).assignee_id).toBe(op);
    expect((await bed.newCase({ entryPointId: ep, kind: 'webchat' })).status).toBe('queued');
  });

  it('a per-channel limit holds even with capacity left', async () => {
    const q = await bed.queue();
    const ep = await bed.entryPoint(q);
    const op = await bed.operator({ queues: [q], capacity: 5, limits: { webchat: 1 } });
    expect((await bed.newCase({ entryPointId: ep, kind: 'webchat' })).assignee_id).toBe(op);
    expect((await bed.newCase({ entryPointId: ep, kind: 'webchat' })).status).toBe('queued');
    expect((await bed.newCase({ entryPointId: ep, kind: 'telegram' })).assignee_id).toBe(op);
  });

  it('waiting cases go out by effective priority (base + one step per agingSeconds waited), then by wait', async () => {
    await bed.settings({ agingSeconds: 60 });
    const q = await bed.queue();
    const normal = await bed.entryPoint(q, { priority: 0 });
    const urgent = await bed.entryPoint(q, { priority: 1 });
    const old = await bed.newCase({ entryPointId: normal }); // t = 0
    clock.advance(30);
    const urgentSoon = await bed.newCase({ entryPointId: urgent }); // t = 30: one step above, 30 s less aged
    clock.advance(60);
    const urgentLate = await bed.newCase({ entryPointId: urgent }); // t = 90: 90 s less aged than `old`
    clock.advance(10);
    const normalLate = await bed.newCase({ entryPointId: normal });
    const op = await bed.operator({ queues: [q], capacity: 4 });
    const order = (await bed.store.write((tx) => bed.router.drainQueue(tx, q, clock.iso()))).map((r) => r.id);
    expect(order).toEqual([urgentSoon.id, old.id, urgentLate.id, normalLate.id]);
    expect((await bed.caseRow(old.id)).assignee_id).toBe(op);
    // The wait's start is kept on assignment.
    expect((await bed.caseRow(old.id)).queued_at).toBe(old.queued_at);
  });

  it('without aging the base priority decides first', async () => {
    await bed.settings({ agingSeconds: 0 });
    const q = await bed.queue();
    const old = await bed.newCase({ entryPointId: await bed.entryPoint(q, { priority: 0 }) });
    clock.advance(3600);
    const urgent = await bed.newCase({ entryPointId: await bed.entryPoint(q, { priority: 1 }) });
    await bed.operator({ queues: [q], capacity: 2 });
    expect((await bed.drain(q)).map((r) => r.id)).toEqual([urgent.id, old.id]);
  });

  it('sticky: a returning customer goes to who last helped them within stickyHours, if they qualify', async () => {
    await bed.settings({ stickyHours: 24 });
    const q = await bed.queue();
    const ep = await bed.entryPoint(q);
    const x = await bed.operator({ queues: [q], capacity: 5 });
    const y = await bed.operator({ queues: [q], capacity: 5 });
    const customer = await bed.customer();
    const first = await bed.newCase({ entryPointId: ep, customerId: customer });
    const helper = first.assignee_id as number;
    const other = helper === x ? y : x;
    const loadOf = async (id: number) =>
      (
        await bed.store.db
          .selectFrom('cases')
          .select('id')
          .where('assignee_id', '=', id)
          .where('status', '=', 'assigned')
          .execute()
      ).length;
    await bed.newCase({ entryPointId: ep });
    await bed.newCase({ entryPointId: ep });
    await bed.resolve(first.id);
    await bed.newCase({ entryPointId: ep });
    // The helper is now the more loaded one.
    expect([await loadOf(helper), await loadOf(other)]).toEqual([2, 1]);
    clock.advance(3600);
    expect((await bed.newCase({ entryPointId: ep, customerId: customer })).assignee_id).toBe(helper);
  });

  it('sticky never overrides a missing skill, and expires after stickyHours', async () => {
    await bed.settings({ stickyHours: 24, relaxAfterSeconds: [] });
    const q = await bed.queue();
    const s = await bed.skill('legal');
    const ep = await bed.entryPoint(q);
    const legalEp = await bed.entryPoint(q, { skills: { [s]: 1 } });
    const x = await bed.operator({ queues: [q], capacity: 5 });
    const y = await bed.operator({ queues: [q], capacity: 5, skills: { [s]: 1 } });
    const customer = await bed.customer();
    const first = await bed.newCase({ entryPointId: ep, customerId: customer });
    expect(first.assignee_id).toBe(x); // lowest id on a tie
    await bed.resolve(first.id);
    // x helped last but lacks the skill: y.
    const legal = await bed.newCase({ entryPointId: legalEp, customerId: customer });
    expect(legal.assignee_id).toBe(y);
    await bed.resolve(legal.id);
    // y helped last and is now the more loaded one.
    expect((await bed.newCase({ entryPointId: legalEp })).assignee_id).toBe(y);
    clock.advance(25 * 3600);
    // 25 hours later nobody is sticky: the least loaded, x.
    expect((await bed.newCase({ entryPointId: ep, customerId: customer })).assignee_id).toBe(x);
  });

  it('a closed gate keeps cases waiting; once open, a drain hands them out', async () => {
    const q = await bed.queue();
    const ep = await bed.entryPoint(q);
    const op = await bed.operator({ queues: [q] });
    gateOpen = false;
    const c = await bed.newCase({ entryPointId: ep });
    expect(c).toMatchObject({ status: 'queued', assignee_id: null });
    expect(await bed.drain(q)).toHaveLength(0);
    gateOpen = true;
    expect((await bed.drain(q)).map((r) => r.assignee_id)).toEqual([op]);
  });

  it('prefer (a reopened case back to its resolver) wins when they have room, even over sticky and load', async () => {
    const q = await bed.queue();
    const ep = await bed.entryPoint(q);
    const a = await bed.operator({ queues: [q], capacity: 5 });
    const b = await bed.operator({ queues: [q], capacity: 5 });
    expect((await bed.newCase({ entryPointId: ep })).assignee_id).toBe(a); // a is now the more loaded
    const customerId = await bed.customer();
    const c = await bed.store.write(async (tx) => {
      const row = await bed.insertCase({ customer_id: customerId, entry_point_id: ep, queue_id: q }, tx.db);
      return bed.router.route(tx, row, clock.iso(), { prefer: a });
    });
    expect(c.assignee_id).toBe(a);
    expect(c.queued_at).toBe(clock.iso());
    // Without prefer the next case goes to the less loaded b.
    expect((await bed.newCase({ entryPointId: ep })).assignee_id).toBe(b);
  });

  it('follows other nodes through bus events: their assignments count as load, their queued cases get drained', async () => {
    const q = await bed.queue();
    const ep = await bed.entryPoint(q);
    const a = await bed.operator({ queues: [q], capacity: 5 });
    const b = await bed.operator({ queues: [q], capacity: 5 });
    const c0 = await bed.newCase({ entryPointId: ep }); // a (lowest id); the index is built
    clock.advance(1);
    const c1 = await bed.newCase({ entryPointId: ep }); // b
    await bed.resolve(c0.id);
    await bed.resolve(c1.id);
    // Both free; a has waited longer since their last case, so a would be next.
    // Another node assigns a case to a and queues one; only their events tell this node.
    const insert = (status: 'assigned' | 'queued', assignee: number | null) =>
      bed.insertCase({
        entry_point_id: ep,
        queue_id: q,
        status,
        assignee_id: assignee,
        queued_at: clock.iso(),
      });
    const elsewhere = await insert('assigned', a);
    const waiting = await insert('queued', null);
    const event = (row: typeof elsewhere, seq: number) => ({
      seq,
      type: 'case.updated',
      audience: 'operators' as const,
      queue_id: q,
      operator_id: row.assignee_id,
      identity_id: null,
      case_id: row.id,
      payload: JSON.stringify({
        type: 'case.updated',
        case: {
          id: row.id,
          queueId: q,
          status: row.status,
          priority: 0,
          assigneeId: row.assignee_id,
          lastChannelKind: null,
        },
      }),
    });
    bed.router.observe([event(elsewhere, 1), event(waiting, 2)]);
    // a has one open case now: the next case goes to b.
    expect((await bed.newCase({ entryPointId: ep })).assignee_id).toBe(b);
    // The case queued elsewhere is handed out by this node's drain.
    expect((await bed.drain(q)).map((r) => r.id)).toEqual([waiting.id]);
  });

  it('an index behind the store is corrected by the claim: a channel limit holds', async () => {
    const q = await bed.queue();
    const ep = await bed.entryPoint(q);
    const op = await bed.operator({ queues: [q], capacity: 5, limits: { webchat: 1 } });
    const first = await bed.newCase({ entryPointId: ep, kind: 'telegram' });
    expect(first.assignee_id).toBe(op);
    // Behind the router's back (another node): the telegram case becomes a web chat, as if the customer
    // wrote on the web chat; the index still counts it as telegram.
    const webchat = await bed.newCase({ entryPointId: ep, kind: 'webchat' });
    expect(webchat.assignee_id).toBe(op);
    await bed.store.db
      .updateTable('cases')
      .set({ last_identity_id: webchat.last_identity_id })
      .where('id', '=', first.id)
      .execute();
    await bed.store.db
      .updateTable('cases')
      .set({ status: 'resolved' })
      .where('id', '=', webchat.id)
      .execute();
    bed.router.index.setCaseLoad(webchat.id, null, null);
    // The index believes op has no web chat open; the store knows they have one (the first case).
    expect((await bed.newCase({ entryPointId: ep, kind: 'webchat' })).status).toBe('queued');
  });

  it('an index that is behind the store is corrected by the claim: no one goes over capacity', async () => {
    const q = await bed.queue();
    const ep = await bed.entryPoint(q);
    const a = await bed.operator({ queues: [q], capacity: 1 });
    const b = await bed.operator({ queues: [q], capacity: 1 });
    await bed.newCase({ entryPointId: ep }); // builds the index
    // Behind the router's back: b takes a case (another node did it; no event came yet).
    const other = await bed.insertCase({
      entry_point_id: ep,
      queue_id: q,
      status: 'assigned',
      assignee_id: b,
    });
    const c = await bed.newCase({ entryPointId: ep });
    expect(c.status).toBe('queued');
    for (const id of [a, b]) {
      const open = await bed.store.db
        .selectFrom('cases')
        .select('id')
        .where('assignee_id', '=', id)
        .where('status', '=', 'assigned')
        .execute();
      expect(open).toHaveLength(1);
    }
    expect(other.id).toBeGreaterThan(0);
  });
});
