import { statfs, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Below this much free space the node reports not ready (SQLite's WAL and uploads need room to write). */
const minFreeBytes = 8 * 1024 * 1024;
/** Results are reused this long, so frequent `/readyz` polls do not write to the disk each time. */
const cacheMs = 1000;

/**
 * Checks that the data directory (SQLite database, uploaded files) can take writes: enough free space
 * (statfs) and a small file actually written, flushed and removed. Answers why not, or null when writable.
 */
export class DataDirProbe {
  private last: { at: number; result: Promise<string | null> } | null = null;

  constructor(private readonly dataDir: string) {}

  /** Why the data directory cannot be written now, or null (cached for a second). */
  check(): Promise<string | null> {
    const now = Date.now();
    if (this.last && now - this.last.at < cacheMs) return this.last.result;
    const result = this.probe();
    this.last = { at: now, result };
    return result;
  }

  private async probe(): Promise<string | null> {
    try {
      const fs = await statfs(this.dataDir);
      const free = fs.bavail * fs.bsize;
      if (free < minFreeBytes)
        return `the data directory has ${Math.floor(free / 1024)} KiB free (at least ${minFreeBytes / 1024 / 1024} MiB needed)`;
      const file = join(this.dataDir, '.write-probe');
      await writeFile(file, 'ok', { flush: true });
      await unlink(file);
      return null;
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
      return `the data directory cannot be written (${code})`;
    }
  }
}
