import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where Debian's PostgreSQL 15 binaries live (override with PG_BIN). */
const pgBin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl on a free port, trust auth, in a temp directory),
 * so fault tests can kill connections and stop/start the server without touching the shared one. As root,
 * the binaries run as the `postgres` OS user (PostgreSQL refuses to run as root).
 */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  adminUrl: string;
  port: number;
  /** A new database on the cluster; its URL. */
  createDatabase(name: string): Promise<string>;
  /** `pg_terminate_backend` of every other connection to `database`; how many were terminated. */
  terminateConnections(database: string): Promise<number>;
  /** `pg_ctl stop -m fast` (clients see their connections dropped, then refused). */
  stop(): Promise<void>;
  /** `pg_ctl start` on the same port and data. */
  start(): Promise<void>;
  /** Stops the cluster and deletes its directory. */
  destroy(): void;
}

/** Starts a private cluster; call `destroy` when done (also on failure). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const root = mkdtempSync(join(tmpdir(), 'frontline-pg-'));
  const dataDir = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chownSync(root, uidOf('postgres'), gidOf('postgres'));
    chmodSync(root, 0o700);
  }
  const command = (bin: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(pgBin, bin), ...args]] : [join(pgBin, bin), args];
  const run = (bin: string, args: string[]) =>
    execFileSync(...command(bin, args), { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  // Stop and start run asynchronously: the server under test keeps running (and sees the fault) meanwhile.
  const runAsync = (bin: string, args: string[]) =>
    promisify(execFile)(...command(bin, args), { timeout: 60_000 }).then(() => undefined);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const startArgs = ['-D', dataDir, '-l', join(root, 'log'), '-o', options, '-w', '-t', '30', 'start'];
  const stopArgs = ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'];
  run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  await runAsync('pg_ctl', startArgs);
  let running = true;
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    client.on('error', () => {});
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    adminUrl,
    port,
    createDatabase: async (name) => {
      await admin((c) => c.query(`create database ${name}`));
      return adminUrl.replace(/\/[^/]*$/, `/${name}`);
    },
    terminateConnections: (database) =>
      admin(async (c) => {
        const { rows } = await c.query<{ ok: boolean }>(
          'select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [database],
        );
        return rows.filter((r) => r.ok).length;
      }),
    stop: async () => {
      await runAsync('pg_ctl', stopArgs);
      running = false;
    },
    start: async () => {
      await runAsync('pg_ctl', startArgs);
      running = true;
    },
    destroy: () => {
      try {
        if (running) run('pg_ctl', stopArgs);
      } catch {
        // Already down: only the directory is left to remove.
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A TCP port that was free a moment ago (for servers the test starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user]).toString().trim());
}
