import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, RoutingBed } from './support/routing-bed.ts';
import { seededRandom as random } from './support/seeded-random.ts';
import { dialects, openTestStore } from './support/test-server.ts';

describe.each(dialects)('routing fairness on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof openTestStore>>;
  beforeEach(async () => {
    db = await openTestStore(dialect);
  });
  afterEach(async () => {
    await db.close();
  });

  it(
    'spreads the work over hundreds of operators: assignments max/min stay close to 1',
    { timeout: 120_000 },
    async () => {
      const clock = new FakeClock();
      const bed = new RoutingBed(db.store, clock);
      const q = await bed.queue();
      const ep = await bed.entryPoint(q);
      const operators: number[] = [];
      for (let i = 0; i < 200; i++) operators.push(await bed.operator({ queues: [q], capacity: 4 }));
      const rand = random(42);
      const open: number[] = [];
      const assignments = new Map<number, number>(operators.map((id) => [id, 0]));
      const count = (id: number | null) => {
        if (id !== null) assignments.set(id, (assignments.get(id) ?? 0) + 1);
      };
      for (let i = 0; i < 1000; i++) {
        clock.advance(1);
        const c = await bed.newCase({ entryPointId: ep });
        if (c.assignee_id !== null) {
          count(c.assignee_id);
          open.push(c.id);
        }
        // Work gets done at an even pace: about two cases in three, the oldest open one first.
        if (open.length > 0 && rand() < 0.66) {
          const done = open.shift() as number;
          for (const handed of await bed.resolve(done)) {
            count(handed.assignee_id);
            open.push(handed.id);
          }
        }
      }
      const counts = [...assignments.values()];
      const max = Math.max(...counts);
      const min = Math.min(...counts);
      expect(min).toBeGreaterThan(0);
      expect(max / min).toBeLessThanOrEqual(1.25);
      // Nobody ever went over capacity.
      const loads = await bed.store.db
        .selectFrom('cases')
        .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'assigned')
        .groupBy('assignee_id')
        .execute();
      for (const l of loads) expect(Number(l.n)).toBeLessThanOrEqual(4);
    },
  );
});
