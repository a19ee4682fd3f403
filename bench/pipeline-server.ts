/** Frontline's whole server (HTTP, validation, auth, spine transaction, outbox relay, metrics) on SQLite. */
import { announceReady } from './announce-ready.ts';
import { startBenchServer } from './start-bench-server.ts';

// The bench's senders write as fast as they can: no per-visitor rate limit here.
const { app } = await startBenchServer({ env: { CHAT_MESSAGES_PER_MINUTE: '0' } });
announceReady(app.server);
