/**
 * Frontline's whole server on a store seeded with VOLUME_MESSAGES messages (bench/seed-volume.ts): the
 * operator's reads at volume (inbox, open case, mark-read) for section 5 of bench/run.ts. SQLite in a temp
 * directory, or PostgreSQL when DATABASE_URL is set. Prints `READY <port> <seconds the seeding took>`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../apps/server/src/config.ts';
import { createFrontline } from '../apps/server/src/create-frontline.ts';
import { systemClock } from '../apps/server/src/lib/clock.ts';
import { createLogger } from '../apps/server/src/lib/logger.ts';
import { openStore } from '../apps/server/src/store/open-store.ts';
import { seed } from '../apps/server/src/store/seed.ts';
import { announceReady } from './announce-ready.ts';
import { seedVolume } from './seed-volume.ts';

const messages = Number(process.env.VOLUME_MESSAGES ?? 1_000_000);
const dataDir = mkdtempSync(join(tmpdir(), 'frontline-bench-volume-'));
const databaseUrl = process.env.DATABASE_URL;
const config = loadConfig({
  DATA_DIR: dataDir,
  SECRET_KEY: 'b'.repeat(40),
  LOG_LEVEL: 'warn',
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
});
const store = await openStore({ dataDir, databaseUrl });
await seed(store, systemClock);
const started = performance.now();
// 10 messages a case, 4 cases a customer: 1M messages are 25,000 customers and 100,000 cases.
await seedVolume(store, {
  customers: Math.max(1, Math.round(messages / 40)),
  casesPerCustomer: 4,
  messagesPerCase: 10,
  operators: 20,
});
const seconds = (performance.now() - started) / 1000;
const { app, start } = await createFrontline({
  config,
  logger: createLogger('warn'),
  store,
  seed: false,
  admin: { email: 'admin@volume.local', password: 'bench-password-1' },
});
await start();
await app.listen({ port: 0, host: '127.0.0.1' });
announceReady(app.server, seconds.toFixed(1));
