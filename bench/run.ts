/**
 * npm run bench — durable inbound web-chat messages per second through Frontline's whole pipeline on
 * SQLite, against the "limit server" baseline, both measured in this run with the same load:
 * SENDERS concurrent customers, each sending its next message as soon as the previous one is acked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);

interface Result {
  name: string;
  rate: number;
  p50: number;
  p99: number;
  errors: number;
}

function startServer(script: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m?.[1]) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function post(agent: Agent, port: number, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function load(name: string, port: number, path: string, headersFor: (i: number) => Record<string, string>): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let running = true;
  const sender = async (i: number) => {
    const headers = headersFor(i);
    while (running) {
      const started = performance.now();
      const res = await post(agent, port, path, { clientMsgId: randomUUID(), text: `Здравствуйте! Сообщение ${i}: не работает мобильный интернет` }, headers);
      const ms = performance.now() - started;
      if (res.status !== 200) errors++;
      else if (measuring) latencies.push(ms);
    }
  };
  const senders = Array.from({ length: SENDERS }, (_, i) => sender(i));
  await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  const count = latencies.length;
  running = false;
  await Promise.all(senders);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { name, rate: count / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

function fmt(r: Result): string {
  return `${r.name.padEnd(28)} ${r.rate.toFixed(0).padStart(7)} msg/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   errors ${r.errors}`;
}

async function main() {
  console.log(`web-chat inbound on SQLite (WAL, synchronous=FULL): ${SENDERS} concurrent senders, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up`);

  const limit = await startServer('bench/limit-server.ts');
  const baseline = await load('limit server (baseline)', limit.port, '/ingest', () => ({}));
  limit.child.kill();
  console.log(fmt(baseline));

  const pipeline = await startServer('bench/pipeline-server.ts');
  const agent = new Agent({ keepAlive: true });
  const tokens: string[] = [];
  for (let i = 0; i < SENDERS; i++) {
    const res = await post(agent, pipeline.port, '/api/v1/chat/sessions', { entryPoint: 'general' });
    tokens.push((JSON.parse(res.body) as { visitorToken: string }).visitorToken);
  }
  agent.destroy();
  const full = await load('frontline pipeline', pipeline.port, '/api/v1/chat/messages', (i) => ({ authorization: `Bearer ${tokens[i] ?? ''}` }));
  pipeline.child.kill();
  console.log(fmt(full));

  const ratio = full.rate / baseline.rate;
  console.log(`ratio frontline/limit: ${ratio.toFixed(2)} (target ≥ 0.60) ${ratio >= 0.6 ? 'OK' : 'BELOW TARGET'}`);
  console.log(`frontline p99 ack latency: ${full.p99.toFixed(1)} ms (target ≤ 30 ms) ${full.p99 <= 30 ? 'OK' : 'ABOVE TARGET'}`);
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
