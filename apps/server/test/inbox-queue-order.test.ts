import { CaseListQuery, caseListHeaders, type CaseSummary } from '@frontline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedVolume } from '../../../bench/seed-volume.ts';
import type { Actor } from '../src/modules/cases/case-service.ts';
import { listCases } from '../src/modules/cases/list-cases.ts';
import type { CaseRow } from '../src/store/schema.ts';
import { authHeaders, dialects, loginAs, startTestServer, type TestServer } from './support/test-server.ts';

const clock = { now: () => new Date('2026-06-01T00:00:00.000Z') };

/** The waiting cases' order: highest priority, then longest waiting, then lowest id. */
function queueOrder(a: CaseRow, b: CaseRow): number {
  const wa = a.queued_at ?? a.opened_at;
  const wb = b.queued_at ?? b.opened_at;
  return b.priority - a.priority || (wa < wb ? -1 : wa > wb ? 1 : a.id - b.id);
}

describe.each(dialects)('the queue tab order on %s', (dialect) => {
  let server: TestServer;
  const admin: Actor = { id: 0, name: 'admin', role: 'admin', queueIds: [] };
  const kindOf = () => 'webchat';

  beforeAll(async () => {
    server = await startTestServer(dialect, { workers: false, clock });
    await seedVolume(server.store, {
      customers: 40,
      casesPerCustomer: 2,
      messagesPerCase: 1,
      operators: 2,
      openShare: 0.8,
    });
    // Priorities 0–2 and waits that tie, differ from the opening time, or are missing (opened_at counts).
    const queued = await server.store.db
      .selectFrom('cases')
      .selectAll()
      .where('status', '=', 'queued')
      .execute();
    expect(queued.length).toBeGreaterThan(6);
    await server.store.write(async (tx) => {
      for (const [i, c] of queued.entries()) {
        await tx.db
          .updateTable('cases')
          .set({
            priority: i % 3,
            queued_at:
              i % 4 === 0
                ? null
                : new Date(Date.parse('2026-05-01T00:00:00.000Z') + (i % 5) * 60_000).toISOString(),
            updated_at: new Date(Date.parse('2026-05-20T00:00:00.000Z') + i * 1000).toISOString(),
          })
          .where('id', '=', c.id)
          .execute();
      }
    });
  });
  afterAll(() => server.close());

  it('waiting cases come by priority, then longest wait, then id; pages are disjoint and complete', async () => {
    const expected = (
      await server.store.db.selectFrom('cases').selectAll().where('status', '=', 'queued').execute()
    ).sort(queueOrder);
    const ids: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const p = await listCases(
        server.store.db,
        kindOf,
        admin,
        CaseListQuery.parse({ status: 'queued', limit: 3, ...(cursor ? { cursor } : {}) }),
      );
      expect(p.total).toBe(expected.length);
      ids.push(...p.items.map((c) => c.id));
      if (p.nextCursor === null) break;
      cursor = p.nextCursor;
    }
    expect(ids).toEqual(expected.map((c) => c.id));
  });

  it('GET /cases?status=queued answers the queue order with X-Total-Count and a cursor for the rest', async () => {
    const headers = authHeaders(
      await loginAs(server, { email: 'sup-queue@example.com', role: 'supervisor' }),
    );
    const expected = (
      await server.store.db.selectFrom('cases').selectAll().where('status', '=', 'queued').execute()
    ).sort(queueOrder);
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/cases?status=queued&limit=4',
      headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers[caseListHeaders.total]).toBe(String(expected.length));
    expect(res.json<CaseSummary[]>().map((c) => c.id)).toEqual(expected.slice(0, 4).map((c) => c.id));
    const next = String(res.headers[caseListHeaders.nextCursor]);
    const second = await server.app.inject({
      method: 'GET',
      url: `/api/v1/cases?status=queued&limit=4&cursor=${encodeURIComponent(next)}`,
      headers,
    });
    expect(second.json<CaseSummary[]>().map((c) => c.id)).toEqual(expected.slice(4, 8).map((c) => c.id));
    // An activity-order cursor is not one of the queue order.
    const other = await server.app.inject({ method: 'GET', url: '/api/v1/cases?limit=4', headers });
    const wrong = String(other.headers[caseListHeaders.nextCursor]);
    const bad = await server.app.inject({
      method: 'GET',
      url: `/api/v1/cases?status=queued&cursor=${encodeURIComponent(wrong)}`,
      headers,
    });
    expect(bad.statusCode).toBe(400);
  });
});
