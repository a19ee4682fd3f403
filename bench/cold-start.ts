/**
 * Cold start: the built server (`node apps/server/dist/main.js`) on a fresh DATA_DIR (new SQLite file,
 * migrations, seed), timed from spawn to the first 200 of `/readyz`; beside it, in the same run and
 * alternating with it, a bare node HTTP server timed the same way (the machine's floor: node's own start-up
 * plus the polling). Reports medians, the ratio, the server's own CPU time to ready, and the load average.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ColdStartResult {
  frontlineMs: number[];
  baselineMs: number[];
  /** CPU time (user + system) the server process had used when it first answered ready, ms. */
  frontlineCpuMs: number[];
}

const bareServer =
  "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')";

/** Builds the server, then measures `runs` cold starts of it and of the bare baseline, alternating. */
export async function measureColdStart(runs: number): Promise<ColdStartResult> {
  execFileSync(process.execPath, ['build.mjs'], { cwd: 'apps/server', stdio: 'ignore' });
  const result: ColdStartResult = { frontlineMs: [], baselineMs: [], frontlineCpuMs: [] };
  for (let i = 0; i < runs; i++) {
    result.baselineMs.push((await timeToReady(['-e', bareServer], '/', {})).ms);
    const dataDir = mkdtempSync(join(tmpdir(), 'frontline-cold-'));
    try {
      const frontline = await timeToReady(['apps/server/dist/main.js'], '/readyz', {
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      });
      result.frontlineMs.push(frontline.ms);
      result.frontlineCpuMs.push(frontline.cpuMs);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return result;
}

/** Prints the section's lines. */
export function printColdStart(r: ColdStartResult): void {
  const fmt = (xs: number[]) =>
    `median ${median(xs).toFixed(0).padStart(5)} ms   (${[...xs]
      .sort((a, b) => a - b)
      .map((x) => x.toFixed(0))
      .join(' ')})`;
  console.log(`bare node http server       ${fmt(r.baselineMs)}`);
  console.log(`frontline (dist, fresh dir) ${fmt(r.frontlineMs)}`);
  console.log(
    `frontline CPU time to ready: median ${median(r.frontlineCpuMs).toFixed(0)} ms (user + system, from /proc)`,
  );
  const ratio = median(r.frontlineMs) / median(r.baselineMs);
  const load = loadavg().map((x) => x.toFixed(2));
  console.log(`ratio frontline/bare node: ${ratio.toFixed(1)}   load average ${load.join(' ')} (2 cores)`);
  const ms = median(r.frontlineMs);
  console.log(
    `cold start to /readyz: ${ms.toFixed(0)} ms (target ≤ 1000 ms) ${ms <= 1000 ? 'OK' : 'ABOVE TARGET'}`,
  );
}

async function timeToReady(
  args: string[],
  path: string,
  env: Record<string, string>,
): Promise<{ ms: number; cpuMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`${args.join(' ')} exited before it answered ${path}`);
      if ((await status(port, path)) === 200) break;
      if (performance.now() - started > 30_000) throw new Error(`${args.join(' ')}: not ready after 30 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return { ms: performance.now() - started, cpuMs: cpuMsOf(child.pid) };
  } finally {
    child.kill('SIGKILL');
    if (!exited) await new Promise((r) => child.once('exit', r));
  }
}

function status(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function freePort(): Promise<number> {
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}
