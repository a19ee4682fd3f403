/** Frontline's whole server (HTTP, validation, auth, spine transaction, outbox relay, metrics) on SQLite. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../apps/server/src/config.ts';
import { createApp } from '../apps/server/src/http/create-app.ts';
import { systemClock } from '../apps/server/src/lib/clock.ts';
import { createLogger } from '../apps/server/src/lib/logger.ts';
import { createServices } from '../apps/server/src/services.ts';
import { openStore } from '../apps/server/src/store/open-store.ts';
import { seed } from '../apps/server/src/store/seed.ts';
import { announceReady } from './announce-ready.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'frontline-bench-'));
// The bench's senders write as fast as they can: no per-visitor rate limit here.
const config = loadConfig({
  DATA_DIR: dataDir,
  SECRET_KEY: 'b'.repeat(40),
  LOG_LEVEL: 'warn',
  CHAT_MESSAGES_PER_MINUTE: '0',
});
const store = await openStore({ dataDir });
await seed(store, systemClock);
const services = await createServices({ config, logger: createLogger('warn'), clock: systemClock, store });
const app = await createApp(services);
await services.start();
await app.listen({ port: 0, host: '127.0.0.1' });
announceReady(app.server);
