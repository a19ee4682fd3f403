import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import type { ProviderFetch } from '../../src/channels/call-provider.ts';
import { createChannelAdapters, type ChannelAdapters } from '../../src/channels/registry.ts';
import { createEmailAdapter } from '../../src/channels/email/email-adapter.ts';
import { offlineDns } from './fake-dns.ts';
import { createFrontline } from '../../src/create-frontline.ts';
import type { AppOptions } from '../../src/http/create-app.ts';
import type { Clock } from '../../src/lib/clock.ts';
import { createLogger, type Logger } from '../../src/lib/logger.ts';
import type { Services } from '../../src/services.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import type { Timers } from '../../src/modules/presence/socket-presence.ts';
import type { DialectName } from '../../src/store/dialect-name.ts';

/** PostgreSQL for tests: 127.0.0.1:5432, trust auth (CI and dev machines of this kind). */
export const pgAdminUrl = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const dialects: DialectName[] = ['sqlite', 'postgres'];

/** A fresh empty store: a temp SQLite file, or a new PostgreSQL database dropped on close. */
export async function openTestStore(
  dialect: DialectName,
): Promise<{ store: Store; dataDir: string; databaseUrl?: string; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontline-test-'));
  if (dialect === 'sqlite') {
    const store = await openStore({ dataDir });
    return {
      store,
      dataDir,
      close: async () => {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `fl_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const databaseUrl = pgAdminUrl.replace(/\/[^/]*$/, `/${name}`);
  const store = await openStore({ databaseUrl, dataDir });
  return {
    store,
    dataDir,
    databaseUrl,
    close: async () => {
      await store.close();
      const c = new pg.Client({ connectionString: pgAdminUrl });
      await c.connect();
      // pool.end() resolves while its clients are still disconnecting; a forced drop would then kill
      // them mid-close and their FATAL 57P01 surfaces as an unhandled error. Let them go first.
      for (let i = 0; i < 100; i++) {
        const { rows } = await c.query<{ n: string }>(
          'select count(*) as n from pg_stat_activity where datname = $1',
          [name],
        );
        if (Number(rows[0]?.n ?? 0) === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestServer {
  app: FastifyInstance;
  services: Services;
  store: Store;
  config: Config;
  /** Starts the workers and receivers (again, after `stop`). */
  start: () => Promise<void>;
  /** Stops the workers and receivers; the HTTP application stays up. */
  stop: () => Promise<void>;
  close: () => Promise<void>;
}

export const widgetSecret = 'test-widget-secret-0123456789';

/** The whole server in-process on a fresh store; workers started unless `workers: false`. */
export async function startTestServer(
  dialect: DialectName,
  options: {
    clock?: Clock;
    workers?: boolean;
    env?: Record<string, string>;
    app?: AppOptions;
    /** Default: a silent logger. */
    logger?: Logger;
    /**
     * Channel adapters to use instead of the production ones, by kind (e.g. `{ webchat: fake.adapter }`
     * with a `FakeChannelAdapter`): the production adapters are never changed by a test. The e-mail
     * adapter defaults to one whose DNS knows no record (`offlineDns`): tests never ask a real resolver.
     */
    adapters?: Partial<ChannelAdapters>;
    /** The `fetch` the adapters' provider calls go through (default: the global one). */
    fetch?: ProviderFetch;
    /** The presence grace's timers (default: Node's); a `FakeTimers` runs them on a fake clock. */
    timers?: Timers;
  } = {},
): Promise<TestServer> {
  const ts = await openTestStore(dialect);
  const config = loadConfig({
    DATA_DIR: ts.dataDir,
    SECRET_KEY: 'k'.repeat(40),
    WIDGET_SECRET: widgetSecret,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const frontline = await createFrontline({
    config,
    logger: options.logger ?? createLogger('silent'),
    clock: options.clock ?? { now: () => new Date() },
    store: ts.store,
    adapters: createChannelAdapters({
      email: createEmailAdapter({ resolver: offlineDns }),
      ...options.adapters,
    }),
    fetch: options.fetch,
    app: options.app,
    timers: options.timers,
  }).catch(async (error: unknown) => {
    await ts.close();
    throw error;
  });
  if (options.workers !== false) await frontline.start();
  return {
    app: frontline.app,
    services: frontline.services,
    store: ts.store,
    config,
    start: () => frontline.start(),
    stop: () => frontline.stop(),
    close: async () => {
      await frontline.close();
      await ts.close();
    },
  };
}

export interface LoggedIn {
  cookie: string;
  csrf: string;
  operatorId: number;
}

/** Creates an operator (directly through the service) and logs in over HTTP. */
export async function loginAs(
  server: TestServer,
  spec: {
    email: string;
    role?: 'operator' | 'supervisor' | 'admin';
    queueIds?: number[];
    capacity?: number;
    online?: boolean;
  },
): Promise<LoggedIn> {
  const password = 'test-operator-pass-1';
  const op = await server.services.operators.create(
    {
      email: spec.email,
      name: spec.email.split('@')[0] ?? 'op',
      password,
      role: spec.role ?? 'operator',
      capacity: spec.capacity ?? 3,
      queueIds: spec.queueIds ?? [1],
    },
    null,
  );
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: spec.email, password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'fl_session');
  if (!setCookie) throw new Error('no session cookie');
  const body = res.json<{ csrfToken: string }>();
  const session = { cookie: `fl_session=${setCookie.value}`, csrf: body.csrfToken, operatorId: op.id };
  if (spec.online) {
    const r = await server.app.inject({
      method: 'PUT',
      url: '/api/v1/operators/me/presence',
      headers: authHeaders(session),
      payload: { presence: 'online' },
    });
    if (r.statusCode !== 200) throw new Error(`presence failed: ${r.body}`);
  }
  return session;
}

export function authHeaders(s: LoggedIn): Record<string, string> {
  return { cookie: s.cookie, 'x-csrf-token': s.csrf };
}

/**
 * Connects a channel as `admin` over the API (`POST /api/v1/channels`) and returns its id; fails the test
 * unless it answers 201.
 */
export async function connectChannel(
  server: TestServer,
  admin: LoggedIn,
  payload: Record<string, unknown>,
): Promise<number> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: authHeaders(admin),
    payload,
  });
  if (res.statusCode !== 201) throw new Error(`connecting the channel failed: ${res.statusCode} ${res.body}`);
  return res.json<{ id: number }>().id;
}

/** Starts a web-chat visitor and returns its bearer token. */
export async function startVisitor(
  server: TestServer,
  entryPoint = 'general',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/chat/sessions',
    payload: { entryPoint, ...extra },
  });
  if (res.statusCode !== 200) throw new Error(`chat session failed: ${res.statusCode} ${res.body}`);
  return res.json<{ visitorToken: string }>().visitorToken;
}

export async function customerSends(
  server: TestServer,
  token: string,
  text: string,
  clientMsgId = `c-${randomBytes(6).toString('hex')}`,
) {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/chat/messages',
    headers: { authorization: `Bearer ${token}` },
    payload: { clientMsgId, text },
  });
  if (res.statusCode !== 200) throw new Error(`chat send failed: ${res.statusCode} ${res.body}`);
  return res.json<{ clientMsgId: string; messageId: number }>();
}

/** Waits until `check` passes (polling), for effects of background workers. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  let lastError: unknown;
  while (Date.now() - start < timeoutMs) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw lastError;
}
