import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from './support/private-postgres.ts';
import { eventually } from './support/test-server.ts';

/**
 * Start-up loads only what every installation needs: the channel libraries and the PostgreSQL driver are
 * loaded when a channel of that kind is used or a DATABASE_URL is set (they were most of the import time).
 */
describe('cold start', () => {
  it('a server on SQLite with no e-mail channel is ready without loading mailparser, imapflow, smtp-server, nodemailer or pg', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'frontline-cold-'));
    const port = await freePort();
    const root = resolve(import.meta.dirname, '../../..');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './apps/server/test/support/report-loaded-packages.mjs',
        'apps/server/src/main.ts',
      ],
      {
        cwd: root,
        env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      },
    );
    try {
      await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        expect(res.status).toBe(200);
      }, 60_000);
      const loaded = await new Promise<string[]>((resolvePackages) => {
        child.once('message', (m) => resolvePackages(Array.isArray(m) ? m.map(String) : []));
        child.send('which packages?');
      });
      expect(loaded).toContain('fastify');
      for (const lazy of ['mailparser', 'imapflow', 'smtp-server', 'nodemailer', 'pg'])
        expect(loaded, lazy).not.toContain(lazy);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
