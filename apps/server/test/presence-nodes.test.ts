import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createFrontline, type Frontline } from '../src/create-frontline.ts';
import { createLogger } from '../src/lib/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import { presenceLockClass } from '../src/store/presence-marks.ts';
import type { Store } from '../src/store/store.ts';
import { FakeTime } from './support/fake-time.ts';
import { WsClient } from './support/helpers.ts';
import { eventually, loginAs, openTestStore, type TestServer } from './support/test-server.ts';

/**
 * Two nodes on one PostgreSQL database: an operator with a socket on either node stays online; the grace
 * of a node that lost its socket of them sets them offline only when no node holds one.
 */
describe('presence across two nodes on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof openTestStore>>;
  const nodes: Array<{ frontline: Frontline; store: Store; time: FakeTime; ws: string }> = [];

  beforeEach(async () => {
    db = await openTestStore('postgres');
    for (let i = 0; i < 2; i++) {
      const store =
        i === 0 ? db.store : await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
      const time = new FakeTime('2026-12-01T09:00:00Z');
      const frontline = await createFrontline({
        config: loadConfig({
          DATA_DIR: db.dataDir,
          SECRET_KEY: 's'.repeat(40),
          WIDGET_SECRET: 'w'.repeat(20),
          LOG_LEVEL: 'silent',
          DATABASE_URL: db.databaseUrl ?? '',
        }),
        logger: createLogger('silent'),
        clock: time.clock,
        timers: time.timers,
        store,
        seed: i === 0,
      });
      const url = await frontline.app.listen({ port: 0, host: '127.0.0.1' });
      nodes.push({ frontline, store, time, ws: `${url.replace(/^http/, 'ws')}/api/v1/realtime` });
    }
  });
  afterEach(async () => {
    for (const n of nodes.splice(0)) {
      await n.frontline.close();
      if (n.store !== db.store) await n.store.close();
    }
    await db.close();
  });

  const asServer = (n: (typeof nodes)[number]) =>
    ({ app: n.frontline.app, services: n.frontline.services, store: n.store }) as unknown as TestServer;

  it('a socket on another node keeps the operator online; the last one gone sets them offline', async () => {
    const [a, b] = nodes;
    if (!a || !b) throw new Error('nodes');
    const op = await loginAs(asServer(a), { email: 'two-nodes@example.com', queueIds: [1], online: true });
    const presence = async () =>
      (
        await a.store.db
          .selectFrom('operators')
          .select('presence')
          .where('id', '=', op.operatorId)
          .executeTakeFirstOrThrow()
      ).presence;
    const onA = await WsClient.connect(a.ws, { cookie: op.cookie });
    const onB = await WsClient.connect(b.ws, { cookie: op.cookie });
    await onA.waitFor((f) => f.type === 'ready');
    await onB.waitFor((f) => f.type === 'ready');
    await b.frontline.services.presenceMarks?.idle();

    await onA.close();
    await eventually(() => expect(a.time.waiting).toBe(1));
    await a.frontline.services.presenceMarks?.idle();
    const graceOnA = vi.spyOn(a.frontline.services.presence, 'offlineAfterGrace');
    a.time.advance(120_000);
    expect(await graceOnA.mock.results[0]?.value).toBe(false);
    expect(await presence()).toBe('online');

    await onB.close();
    await eventually(() => expect(b.time.waiting).toBe(1));
    await b.frontline.services.presenceMarks?.idle();
    const graceOnB = vi.spyOn(b.frontline.services.presence, 'offlineAfterGrace');
    b.time.advance(120_000);
    expect(await graceOnB.mock.results[0]?.value).toBe(true);
    expect(await presence()).toBe('offline');
  });

  it('a node whose marks connection broke takes its marks again', async () => {
    const [a, b] = nodes;
    if (!a || !b) throw new Error('nodes');
    const op = await loginAs(asServer(a), { email: 'broken-marks@example.com', queueIds: [1], online: true });
    const onB = await WsClient.connect(b.ws, { cookie: op.cookie });
    await onB.waitFor((f) => f.type === 'ready');
    await b.frontline.services.presenceMarks?.idle();
    const holders = () =>
      sql<{
        pid: number;
      }>`select pid from pg_locks where locktype = 'advisory' and classid = ${presenceLockClass} and objid = ${op.operatorId} and granted`
        .execute(a.store.db)
        .then((r) => r.rows.map((row) => row.pid));
    const [before] = await holders();
    expect(before).toBeDefined();
    await sql`select pg_terminate_backend(${before})`.execute(a.store.db);
    await eventually(async () => {
      const now = await holders();
      expect(now).toHaveLength(1);
      expect(now[0]).not.toBe(before);
    }, 8000);

    const graceOnA = vi.spyOn(a.frontline.services.presence, 'offlineAfterGrace');
    const onA = await WsClient.connect(a.ws, { cookie: op.cookie });
    await onA.waitFor((f) => f.type === 'ready');
    await onA.close();
    await eventually(() => expect(a.time.waiting).toBe(1));
    await a.frontline.services.presenceMarks?.idle();
    a.time.advance(120_000);
    expect(await graceOnA.mock.results[0]?.value).toBe(false);
    onB.socket.close();
  });
});
