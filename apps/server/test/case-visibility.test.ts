import { CaseListQuery } from '@frontline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/modules/cases/actor.ts';
import {
  canSeeAudience,
  canSeeCase,
  whereCaseVisible,
  whereEventVisible,
} from '../src/modules/cases/case-visibility.ts';
import { listCases } from '../src/modules/cases/list-cases.ts';
import { seed } from '../src/store/seed.ts';
import type { Store } from '../src/store/store.ts';
import { dialects, openTestStore } from './support/test-server.ts';

/**
 * "Who may see a case" is one rule (modules/cases/case-visibility.ts), offered as a predicate and as query
 * filters: all of them, and the inbox, must pick the same cases and events for every kind of viewer.
 */
describe.each(dialects)('the visibility rule on %s', (dialect) => {
  let store: Store;
  let close: () => Promise<void>;
  const now = new Date().toISOString();
  const ops: number[] = [];
  const queues = [1, 2, 3];

  beforeAll(async () => {
    const opened = await openTestStore(dialect);
    store = opened.store;
    close = opened.close;
    await seed(store, { now: () => new Date() });
    await store.write(async ({ db }) => {
      for (const name of ['a', 'b']) {
        const op = await db
          .insertInto('operators')
          .values({
            email: `${name}@example.test`,
            name,
            password_hash: 'x',
            role: 'operator',
            capacity: 5,
            presence: 'online',
            locale: 'en',
            last_assigned_at: null,
            disabled: 0,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ops.push(op.id);
      }
      // One case in every queue with every kind of assignee (each its own customer: one open case each).
      for (const queueId of queues) {
        for (const assignee of [null, ...ops]) {
          const customer = await db
            .insertInto('customers')
            .values({ display_name: null, created_at: now })
            .returning('id')
            .executeTakeFirstOrThrow();
          await db
            .insertInto('cases')
            .values({
              customer_id: customer.id,
              entry_point_id: 1,
              queue_id: queueId,
              assignee_id: assignee,
              status: assignee === null ? 'queued' : 'assigned',
              priority: 0,
              unread: 0,
              opened_at: now,
              updated_at: now,
            })
            .execute();
        }
      }
      // Operator events addressed every way an audience can be (queue and/or operator, or neither).
      for (const queueId of [null, ...queues]) {
        for (const operatorId of [null, ...ops]) {
          await db
            .insertInto('outbox_events')
            .values({
              seq: null,
              type: 'case.updated',
              audience: 'operators',
              queue_id: queueId,
              operator_id: operatorId,
              identity_id: null,
              payload: '{}',
              created_at: now,
            })
            .execute();
        }
      }
    });
  });
  afterAll(async () => {
    await close();
  });

  const viewers = (): Array<[string, Actor]> => [
    ['an admin', { id: 999, name: 'admin', role: 'admin', queueIds: [] }],
    ['a supervisor', { id: 998, name: 'supervisor', role: 'supervisor', queueIds: [1] }],
    ['an operator in queue 1', { id: ops[0] ?? 0, name: 'a', role: 'operator', queueIds: [1] }],
    ['an operator in queues 1 and 2', { id: ops[1] ?? 0, name: 'b', role: 'operator', queueIds: [1, 2] }],
    ['an operator in no queue', { id: ops[0] ?? 0, name: 'a', role: 'operator', queueIds: [] }],
  ];

  it('the case filter, the predicate and the inbox pick the same cases', async () => {
    const all = await store.db.selectFrom('cases').selectAll().execute();
    expect(all).toHaveLength(9);
    for (const [who, viewer] of viewers()) {
      const filtered = await store.db
        .selectFrom('cases')
        .select('id')
        .where((eb) => whereCaseVisible(eb, viewer))
        .execute();
      const byPredicate = all.filter((c) => canSeeCase(viewer, c)).map((c) => c.id);
      expect(
        filtered.map((r) => r.id).sort((a, b) => a - b),
        who,
      ).toEqual(byPredicate.sort((a, b) => a - b));
      const inbox = await listCases(store.db, () => null, viewer, CaseListQuery.parse({}));
      expect(
        inbox.items.map((c) => c.id).sort((a, b) => a - b),
        `${who}: inbox`,
      ).toEqual(byPredicate);
    }
  });

  it('an operator sees their queues and their own cases elsewhere, nothing more', () => {
    const [a] = ops;
    const viewer: Actor = { id: a ?? 0, name: 'a', role: 'operator', queueIds: [1] };
    expect(canSeeCase(viewer, { queue_id: 1, assignee_id: null })).toBe(true);
    expect(canSeeCase(viewer, { queue_id: 2, assignee_id: a ?? 0 })).toBe(true);
    expect(canSeeCase(viewer, { queue_id: 2, assignee_id: null })).toBe(false);
    expect(canSeeCase(viewer, { queue_id: 3, assignee_id: ops[1] ?? 0 })).toBe(false);
  });

  it('the event filter and the audience predicate pick the same operator events', async () => {
    const all = await store.db.selectFrom('outbox_events').selectAll().execute();
    expect(all).toHaveLength(12);
    for (const [who, viewer] of viewers()) {
      const filtered = await store.db
        .selectFrom('outbox_events')
        .select('id')
        .where((eb) => whereEventVisible(eb, viewer))
        .execute();
      const byPredicate = all
        .filter((e) => canSeeAudience(viewer, { queueId: e.queue_id, operatorId: e.operator_id }))
        .map((e) => e.id);
      expect(
        filtered.map((r) => r.id).sort((a, b) => a - b),
        who,
      ).toEqual(byPredicate.sort((a, b) => a - b));
    }
  });
});
