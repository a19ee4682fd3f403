import type { Server } from 'node:net';

/**
 * Tells bench/run.ts that a bench server listens: `READY <port> [extra]` on stdout, the line run.ts waits
 * for. From then on SIGTERM exits the process (instead of killing it), so that a CPU profile asked for with
 * BENCH_PROFILE gets written.
 */
export function announceReady(server: Server, extra = ''): void {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  process.stdout.write(`READY ${port}${extra ? ` ${extra}` : ''}\n`);
  process.on('SIGTERM', () => process.exit(0));
}
