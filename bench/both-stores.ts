import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../apps/server/src/store/open-store.ts';
import type { Store } from '../apps/server/src/store/store.ts';

/**
 * Runs a bench section on a fresh SQLite store (a temp folder named after `name`), then, when `pgUrl` (an
 * admin URL) is not empty, on a fresh PostgreSQL database dropped afterwards.
 */
export async function onBothStores(
  name: string,
  pgUrl: string,
  run: (label: string, store: Store) => Promise<void>,
): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), `frontline-bench-${name}-`));
  try {
    const store = await openStore({ dataDir });
    await run('SQLite', store).finally(() => store.close());
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (pgUrl === '') return;
  const database = `fl_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  try {
    const store = await openStore({
      databaseUrl: pgUrl.replace(/\/[^/]*$/, `/${database}`),
      dataDir: tmpdir(),
    });
    await run('PostgreSQL', store).finally(() => store.close());
  } finally {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}
