/** Frontline's whole server (HTTP, validation, auth, spine transaction, outbox relay, metrics) on SQLite. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../apps/server/src/config.ts';
import { createFrontline } from '../apps/server/src/create-frontline.ts';
import { createLogger } from '../apps/server/src/lib/logger.ts';
import { announceReady } from './announce-ready.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'frontline-bench-'));
// The bench's senders write as fast as they can: no per-visitor rate limit here.
const config = loadConfig({
  DATA_DIR: dataDir,
  SECRET_KEY: 'b'.repeat(40),
  LOG_LEVEL: 'warn',
  CHAT_MESSAGES_PER_MINUTE: '0',
});
const { app, start } = await createFrontline({ config, logger: createLogger('warn') });
await start();
await app.listen({ port: 0, host: '127.0.0.1' });
announceReady(app.server);
