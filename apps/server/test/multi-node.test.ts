import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createFrontline, type Frontline } from '../src/create-frontline.ts';
import { createLogger } from '../src/lib/logger.ts';
import type { Services } from '../src/services.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/store.ts';
import { WsClient } from './support/helpers.ts';
import { customerSends, eventually, loginAs, openTestStore, startVisitor } from './support/test-server.ts';
import type { FastifyInstance } from 'fastify';

/**
 * Scale-out on PostgreSQL: two nodes share one database. Events written by one node reach sockets on the
 * other (each relay publishes whatever got sequenced), in one global order.
 */
describe('two nodes on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof openTestStore>>;
  const nodes: Array<{ app: FastifyInstance; services: Services; store: Store; frontline: Frontline }> = [];

  beforeEach(async () => {
    db = await openTestStore('postgres');
    for (let i = 0; i < 2; i++) {
      const store =
        i === 0 ? db.store : await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
      const config = loadConfig({
        DATA_DIR: db.dataDir,
        SECRET_KEY: 's'.repeat(40),
        WIDGET_SECRET: 'w'.repeat(20),
        LOG_LEVEL: 'silent',
        DATABASE_URL: db.databaseUrl ?? '',
      });
      // The first node seeds the shared database.
      const frontline = await createFrontline({
        config,
        logger: createLogger('silent'),
        clock: { now: () => new Date() },
        store,
        seed: i === 0,
      });
      await frontline.start();
      nodes.push({ app: frontline.app, services: frontline.services, store, frontline });
    }
  });
  afterEach(async () => {
    for (const n of nodes.splice(0)) {
      await n.frontline.close();
      if (n.store !== db.store) await n.store.close();
    }
    await db.close();
  });

  const asServer = (n: (typeof nodes)[number]) => ({
    ...n,
    config: n.services.config,
    start: async () => {},
    stop: async () => {},
    close: async () => {},
  });

  it('exactly one node polls the channels (IMAP, reviews); when it stops, another takes over', async () => {
    const leaders = () => nodes.filter((n) => n.services.leadership.isLeader());
    await eventually(() => expect(leaders()).toHaveLength(1), 10_000);
    const [leader] = leaders();
    const other = nodes.find((n) => n !== leader)!;
    await leader!.frontline.stop();
    // The database dropped nothing yet (the node only stopped polling): the lock is released on stop.
    await eventually(() => expect(other.services.leadership.isLeader()).toBe(true), 15_000);
    expect(leader!.services.leadership.isLeader()).toBe(false);
  });

  it('an operator connected to node B sees, live and in order, messages that customers send through node A', async () => {
    const [a, b] = nodes;
    if (!a || !b) throw new Error('nodes');
    const op = await loginAs(asServer(b), { email: 'node-b@example.com', queueIds: [1], online: true });
    const url = (await b.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
    const socket = await WsClient.connect(`${url}/api/v1/realtime`, { cookie: op.cookie });
    await socket.waitFor((f) => f.type === 'ready');

    const token = await startVisitor(asServer(a));
    const sent: number[] = [];
    for (const text of ['первое', 'второе', 'третье'])
      sent.push((await customerSends(asServer(a), token, text)).messageId);

    for (const id of sent) {
      await socket.waitFor((f) => f.type === 'event' && JSON.stringify(f).includes(`"id":${id},`), 8000);
    }
    const ids = socket.frames
      .filter((f) => f.type === 'event')
      .map((f) => (f as unknown as { id: number }).id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    socket.socket.close();
  });
});
