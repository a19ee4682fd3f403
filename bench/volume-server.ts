/**
 * Frontline's whole server on a store seeded with VOLUME_MESSAGES messages (bench/seed-volume.ts): the
 * operator's reads at volume (inbox, open case, mark-read) for section 5 of bench/run.ts. SQLite in a temp
 * directory, or PostgreSQL when DATABASE_URL is set. Prints `READY <port> <seconds the seeding took>`.
 */
import { systemClock } from '../apps/server/src/lib/clock.ts';
import { openStore } from '../apps/server/src/store/open-store.ts';
import { seed } from '../apps/server/src/store/seed.ts';
import { announceReady } from './announce-ready.ts';
import { seedVolume } from './seed-volume.ts';
import { startBenchServer } from './start-bench-server.ts';

const messages = Number(process.env.VOLUME_MESSAGES ?? 1_000_000);
const databaseUrl = process.env.DATABASE_URL;
let seconds = 0;
const { app } = await startBenchServer({
  name: 'volume',
  env: databaseUrl ? { DATABASE_URL: databaseUrl } : {},
  openStore: async (dataDir) => {
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
    seconds = (performance.now() - started) / 1000;
    return store;
  },
  admin: { email: 'admin@volume.local', password: 'bench-password-1' },
});
announceReady(app.server, seconds.toFixed(1));
