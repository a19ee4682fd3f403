import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createFrontline, type Frontline } from '../src/create-frontline.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/store.ts';
import { freePort, startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.ts';
import { WsClient } from './support/helpers.ts';
import { eventually, loginAs, type TestServer } from './support/test-server.ts';

/**
 * Database faults on PostgreSQL: a private cluster of the test's own (never the shared one) has every
 * connection terminated and is stopped and started again while customers write. The server survives, says
 * not ready while the database is away, stores every acknowledged message exactly once, hands leadership of
 * the pollers back and forth cleanly, and publishes every event once the database is back.
 */
describe('PostgreSQL connection loss', () => {
  let cluster: PrivatePostgres;

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
  });
  afterAll(() => cluster?.destroy());

  it('the in-process server survives terminated connections and a restart of the database under load', async () => {
    const databaseUrl = await cluster.createDatabase('fl_inproc');
    const dataDir = mkdtempSync(join(tmpdir(), 'frontline-pgfault-'));
    const logLines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    let store: Store | undefined;
    let frontline: Frontline | undefined;
    let loading = false;
    let load: Array<Promise<void>> = [];
    const cleanups: Array<() => void> = [];
    try {
      store = await openStore({ databaseUrl, dataDir, logger });
      const config = loadConfig({
        DATA_DIR: dataDir,
        SECRET_KEY: 'k'.repeat(40),
        LOG_LEVEL: 'silent',
        DATABASE_URL: databaseUrl,
        // Many messages per visitor under load here: the per-visitor rate limit has its own tests.
        CHAT_MESSAGES_PER_MINUTE: '0',
      });
      frontline = await createFrontline({ config, logger, clock: { now: () => new Date() }, store });
      const running = frontline.services;
      const server = frontline.app;
      const startTop = await maxSeq(store);
      const published: number[] = [];
      running.bus.onEvents((events) => published.push(...events.map((e) => e.seq)));
      await frontline.start();
      await eventually(() => expect(running.leadership.isLeader()).toBe(true), 10_000);

      // Customers writing all along: each message is sent until it is acknowledged (200), with the same
      // clientMsgId, as the SDK does. Anything but 200 or a 503 with a stable code is a defect.
      const tokens: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await server.inject({
          method: 'POST',
          url: '/api/v1/chat/sessions',
          payload: { entryPoint: 'general' },
        });
        tokens.push(res.json<{ visitorToken: string }>().visitorToken);
      }
      const acked: string[] = [];
      const wrongAnswers: string[] = [];
      loading = true;
      const customer = async (token: string, n: number) => {
        for (let i = 0; loading; i++) {
          const clientMsgId = `fault-${n}-${i}`;
          for (;;) {
            const res = await server.inject({
              method: 'POST',
              url: '/api/v1/chat/messages',
              headers: { authorization: `Bearer ${token}` },
              payload: { clientMsgId, text: `сообщение ${i}` },
            });
            if (res.statusCode === 200) break;
            const code = res.json<{ error?: { code?: string } }>().error?.code;
            if (res.statusCode !== 503 || code !== 'STORE_UNAVAILABLE')
              wrongAnswers.push(`${res.statusCode} ${res.body}`);
            await sleep(100);
          }
          acked.push(clientMsgId);
          await sleep(20);
        }
      };
      load = tokens.map((t, n) => customer(t, n));
      const ackedGrows = async (by: number) => {
        const target = acked.length + by;
        await eventually(
          () => expect(acked.length, wrongAnswers.join('\n')).toBeGreaterThanOrEqual(target),
          20_000,
        );
      };
      await ackedGrows(20);
      // An operator with a live socket, who keeps typing through the outage.
      const ts: TestServer = {
        app: server,
        services: running,
        store,
        config,
        start: async () => {},
        stop: async () => {},
        close: async () => {},
      };
      const operator = await loginAs(ts, { email: 'op@example.com', queueIds: [1], online: true });
      const url = (await server.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
      const socket = await WsClient.connect(`${url}/api/v1/realtime`, { cookie: operator.cookie });
      await socket.waitFor((f) => f.type === 'ready');
      const caseRow = await store.db.selectFrom('cases').select('id').executeTakeFirstOrThrow();
      const typing = setInterval(() => socket.send({ type: 'typing', caseId: caseRow.id }), 200);
      cleanups.push(() => {
        clearInterval(typing);
        socket.socket.close();
      });

      // 1. Every connection terminated (the pool's idle ones, those in use, the leadership lock's).
      expect(await cluster.terminateConnections('fl_inproc')).toBeGreaterThan(0);
      await eventually(() => expect(running.leadership.isLeader()).toBe(false), 3000);
      await ackedGrows(20);
      await eventually(() => expect(running.leadership.isLeader()).toBe(true), 20_000);

      // 2. The database stopped: not ready, writes answer 503; the leader-only work stops.
      await cluster.stop();
      await eventually(async () => {
        const res = await server.inject('/readyz');
        expect(res.statusCode).toBe(503);
        expect(res.json<{ error: { code: string } }>().error.code).toBe('NOT_READY');
      }, 10_000);
      await eventually(() => expect(running.leadership.isLeader()).toBe(false), 3000);
      const failuresBefore = relayFailures(logLines);
      await sleep(4000);
      // The workers pause between failed rounds (the relay polls every 250 ms: 16 failures without a pause).
      expect(relayFailures(logLines) - failuresBefore).toBeLessThanOrEqual(6);

      // 3. The database back: ready again, the writes that waited go through, leadership is taken again.
      await cluster.start();
      await eventually(async () => expect((await server.inject('/readyz')).statusCode).toBe(200), 15_000);
      await ackedGrows(20);
      await eventually(() => expect(running.leadership.isLeader()).toBe(true), 20_000);
      loading = false;
      await Promise.all(load);

      expect(wrongAnswers).toEqual([]);
      const rows = await store.db
        .selectFrom('messages')
        .select(['external_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('direction', '=', 'in')
        .groupBy('external_id')
        .execute();
      const stored = new Map(rows.map((r) => [String(r.external_id).split(':').at(-1), Number(r.n)]));
      expect(stored.size).toBe(acked.length);
      for (const id of acked) expect(stored.get(id), id).toBe(1);
      // Every event committed around the outage is sequenced and published once, in order.
      await eventually(async () => {
        const seqs = await store!.db
          .selectFrom('outbox_events')
          .select('seq')
          .where((eb) => eb.or([eb('seq', 'is', null), eb('seq', '>', startTop)]))
          .orderBy('seq')
          .execute();
        expect(seqs.every((r) => r.seq !== null)).toBe(true);
        expect(published).toEqual(seqs.map((r) => Number(r.seq)));
      }, 20_000);
      expect(logLines.some((l) => l.includes('PostgreSQL connection lost'))).toBe(true);
    } finally {
      loading = false;
      for (const fn of cleanups) fn();
      await Promise.race([Promise.allSettled(load), sleep(5000)]);
      await frontline?.close();
      await store?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);

  it('the server process stays up through terminated connections and a database restart; /readyz follows', async () => {
    const databaseUrl = await cluster.createDatabase('fl_child');
    const dataDir = mkdtempSync(join(tmpdir(), 'frontline-pgfault-child-'));
    const port = await freePort();
    const root = resolve(import.meta.dirname, '../../..');
    let stderr = '';
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        SECRET_KEY: 's'.repeat(40),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const alive = () => expect(child.exitCode, `the server exited: ${stderr}`).toBeNull();
    const readyz = () => get(port, '/readyz');
    try {
      await eventually(async () => expect(await readyz()).toBe(200), 60_000);

      expect(await cluster.terminateConnections('fl_child')).toBeGreaterThan(0);
      await sleep(1000);
      alive();
      await eventually(async () => expect(await readyz()).toBe(200), 10_000);

      await cluster.stop();
      await eventually(async () => expect(await readyz()).toBe(503), 10_000);
      await sleep(2000);
      alive();
      expect(await readyz()).toBe(503);

      await cluster.start();
      await eventually(async () => expect(await readyz()).toBe(200), 20_000);
      alive();
      expect(await post(port, '/api/v1/chat/sessions', { entryPoint: 'general' })).toBe(200);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});

function relayFailures(lines: string[]): number {
  return lines.filter((l) => l.includes('event relay run failed')).length;
}

async function maxSeq(store: Store): Promise<number> {
  const top = await store.db
    .selectFrom('outbox_events')
    .select((eb) => eb.fn.max('seq').as('s'))
    .executeTakeFirst();
  return Number(top?.s ?? 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function get(port: number, path: string): Promise<number> {
  return call(port, 'GET', path, undefined);
}

function post(port: number, path: string, body: unknown): Promise<number> {
  return call(port, 'POST', path, JSON.stringify(body));
}

function call(port: number, method: string, path: string, body: string | undefined): Promise<number> {
  return new Promise((resolvePromise) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        timeout: 5000,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolvePromise(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolvePromise(0));
    req.end(body);
  });
}
