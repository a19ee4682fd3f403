/**
 * What the two limit servers (bench/limit-server.ts, bench/webhook-limit-server.ts) share: a store in a fresh
 * temporary directory and a bare node:http server that reads each request's body whole, keeps connections
 * alive like the bench's clients, listens on a free port of 127.0.0.1 and prints READY (bench/announce-ready.ts).
 * No framework on purpose: these are the least work that can durably accept the same input.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../apps/server/src/store/open-store.ts';
import type { Store } from '../apps/server/src/store/store.ts';
import { announceReady } from './announce-ready.ts';

/** A store (SQLite) in a new temporary directory whose name starts with `prefix`. */
export function openLimitStore(prefix: string): Promise<Store> {
  return openStore({ dataDir: mkdtempSync(join(tmpdir(), prefix)) });
}

/** Serves `handle` with every request's whole body, then announces READY. */
export function startLimitServer(
  handle: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void,
): void {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => announceReady(server));
}
