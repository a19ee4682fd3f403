import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createFrontline, type Frontline } from '../src/create-frontline.ts';
import { createLogger } from '../src/lib/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/store.ts';
import { errorCode, multipart, tinyPng } from './support/helpers.ts';
import { eventually } from './support/test-server.ts';

/**
 * The data directory on a small file system of the test's own (a 16 MiB tmpfs, mounted as root and always
 * unmounted), filled up to the last byte: the node says not ready, writes answer 507 with a stable code
 * instead of 500, and everything works again once space is freed.
 */
describe('data directory full', () => {
  it('/readyz says not ready, uploads answer 507 INSUFFICIENT_STORAGE and messages never 500; all recovers once space is freed', async () => {
    const mnt = mkdtempSync(join(tmpdir(), 'frontline-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mnt]);
    let store: Store | undefined;
    let frontline: Frontline | undefined;
    try {
      store = await openStore({ dataDir: mnt });
      const config = loadConfig({
        DATA_DIR: mnt,
        SECRET_KEY: 'k'.repeat(40),
        LOG_LEVEL: 'silent',
        // One visitor writes in a burst here: the per-visitor rate limit has its own tests.
        CHAT_MESSAGES_PER_MINUTE: '0',
      });
      frontline = await createFrontline({
        config,
        logger: createLogger('silent'),
        clock: { now: () => new Date() },
        store,
      });
      await frontline.start();
      const server = frontline.app;
      const readyz = () => server.inject('/readyz');
      expect((await readyz()).statusCode).toBe(200);
      const session = await server.inject({
        method: 'POST',
        url: '/api/v1/chat/sessions',
        payload: { entryPoint: 'general' },
      });
      const auth = { authorization: `Bearer ${session.json<{ visitorToken: string }>().visitorToken}` };
      const upload = () => {
        const body = multipart('photo.png', tinyPng());
        return server.inject({
          method: 'POST',
          url: '/api/v1/chat/attachments',
          headers: { ...auth, ...body.headers },
          payload: body.payload,
        });
      };
      let n = 0;
      const send = () =>
        server.inject({
          method: 'POST',
          url: '/api/v1/chat/messages',
          headers: auth,
          payload: { clientMsgId: `disk-full-${n++}`, text: 'Здравствуйте! '.repeat(200) },
        });
      expect((await upload()).statusCode).toBe(201);
      expect((await send()).statusCode).toBe(200);

      const filler = join(mnt, 'filler');
      fillUp(filler);
      await eventually(async () => {
        const res = await readyz();
        expect(res.statusCode).toBe(503);
        expect(errorCode(res)).toBe('NOT_READY');
        expect(res.body).toMatch(/data directory/);
      }, 5000);
      const refused = await upload();
      expect(refused.statusCode).toBe(507);
      expect(errorCode(refused)).toBe('INSUFFICIENT_STORAGE');
      expect(refused.body).not.toMatch(/ENOSPC|at .*\.ts/);
      // SQLite may still have room in its write-ahead log for a while; when it has not, 507 as well.
      const answers = new Set<number>();
      for (let i = 0; i < 30; i++) answers.add((await send()).statusCode);
      expect(
        [...answers].every((s) => s === 200 || s === 507),
        [...answers].join(','),
      ).toBe(true);

      rmSync(filler);
      await eventually(async () => expect((await readyz()).statusCode).toBe(200), 5000);
      expect((await upload()).statusCode).toBe(201);
      expect((await send()).statusCode).toBe(200);
    } finally {
      // Unmount whatever happened above (a close failing on the full disk must not leave the mount behind).
      await frontline?.close().catch(() => undefined);
      await store?.close().catch(() => undefined);
      execFileSync('umount', ['-l', mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Writes `path` until the file system refuses (ENOSPC). */
function fillUp(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) {
      try {
        writeSync(fd, chunk);
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'ENOSPC') {
          // Fill the last partial chunk's worth too.
          try {
            for (;;) writeSync(fd, chunk.subarray(0, 512));
          } catch {
            return;
          }
        }
        throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}
