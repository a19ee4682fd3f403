import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/store.ts';
import { FakeClock, RoutingBed } from './support/routing-bed.ts';
import { openTestStore } from './support/test-server.ts';

/**
 * Two nodes (two stores, two routers with their own index) on one PostgreSQL database hand out the same
 * waiting cases at once: the store's claim keeps every case with one operator and every operator within
 * capacity, whatever the indexes believe.
 */
describe('two routing nodes on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof openTestStore>>;
  let second: Store;
  beforeEach(async () => {
    db = await openTestStore('postgres');
    second = await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
  });
  afterEach(async () => {
    await second.close();
    await db.close();
  });

  it('never assigns a case twice nor an operator over capacity', { timeout: 120_000 }, async () => {
    const clock = new FakeClock();
    const nodeA = new RoutingBed(db.store, clock);
    const nodeB = new RoutingBed(second, clock);
    const q = await nodeA.queue();
    const ep = await nodeA.entryPoint(q);
    const operators: number[] = [];
    for (let i = 0; i < 25; i++)
      operators.push(await nodeA.operator({ queues: [q], capacity: 2, online: false }));
    // 120 customers wait while nobody is online; both nodes learn of them at the start.
    const waiting: number[] = [];
    for (let i = 0; i < 120; i++) waiting.push((await nodeA.newCase({ entryPointId: ep })).id);
    await nodeB.drain(q);
    for (const id of operators) await nodeA.setOnline(id, true);
    for (const id of operators) nodeB.router.operatorChanged(id);

    // Both nodes drain the queue many times at once, and route new cases meanwhile.
    const handed: number[] = [];
    const jobs: Array<Promise<unknown>> = [];
    for (let i = 0; i < 12; i++) {
      for (const node of [nodeA, nodeB]) {
        jobs.push(node.drain(q).then((rows) => handed.push(...rows.map((r) => r.id))));
        jobs.push(
          node.newCase({ entryPointId: ep }).then((row) => {
            if (row.assignee_id !== null) handed.push(row.id);
          }),
        );
      }
    }
    await Promise.all(jobs);
    // A node passes over rows another one holds at that moment; the next drain (on any event) finds the rest.
    for (const node of [nodeA, nodeB]) handed.push(...(await node.drain(q)).map((r) => r.id));

    expect(new Set(handed).size).toBe(handed.length);
    expect(handed).toHaveLength(50);
    const loads = await db.store.db
      .selectFrom('cases')
      .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'assigned')
      .groupBy('assignee_id')
      .execute();
    expect(loads).toHaveLength(25);
    for (const l of loads) expect(Number(l.n)).toBe(2);
  });
});
