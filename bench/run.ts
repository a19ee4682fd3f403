/**
 * npm run bench — durable inbound web-chat messages per second through Frontline's whole pipeline on
 * SQLite, against the "limit server" baseline, both measured in this run with the same load:
 * SENDERS concurrent customers, each sending its next message as soon as the previous one is acked.
 * Section 1 also runs the limit server writing every row the spine writes (LIMIT_ROWS=spine): the ratio and
 * its target are Frontline against that server, like for like; the one-row limit stays printed for reference,
 * with each server's CPU time per message, so the run shows how much of the gap is Frontline's code and how
 * much is the data the spine must store.
 *
 * Section 3 also measures Telegram ingest-to-case: how many of the accepted updates the inbound processor
 * turns into messages in cases per second, while updates arrive at saturation and then draining the backlog.
 *
 * Section 5 measures the operator's reads on a store seeded with a million messages (inbox tabs, admin
 * list, open case, /healthz while cases are marked read) beside the same on a small store.
 *
 * Section 6 times a cold start of the built server to its first ready `/readyz`, beside a bare node server.
 *
 * Section 7 measures realtime fan-out (bench/fanout.ts): operator sockets in queues, web-chat and Telegram
 * customers sending at fixed offered rates; latency from the ack to the assignee's socket and to the inbox
 * row at every queue member, frames per second, lost events, server RSS/CPU, and idle sockets' RSS.
 *
 * Section 8 measures message search at a million messages on SQLite and PostgreSQL (bench/search.ts): a common
 * and a rare Russian word, as an admin and as an operator of one queue.
 *
 * Section 9 measures the routing decision with 2,000 online operators, 100 queues and skills (bench/routing.ts).
 *
 * BENCH_SECTIONS=1,2,3,4,5,6,7,8,9 (which sections), BENCH_COLD_RUNS (cold starts measured, default 7), BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_ROUNDS, BENCH_SENDERS,
 * BENCH_PACE_MS; BENCH_PROFILE=<dir> writes a V8 CPU profile of every server into <dir>. Section 5:
 * BENCH_VOLUME_MESSAGES (1000000), BENCH_VOLUME_BASELINE_MESSAGES (10000), BENCH_VOLUME_SAMPLES (200),
 * BENCH_VOLUME_PG_URL=postgres://… (an admin URL: also run against a fresh PostgreSQL database there).
 * Section 7: BENCH_FANOUT_OPERATORS (2000), BENCH_FANOUT_QUEUES (20), BENCH_FANOUT_CASES (1000),
 * BENCH_FANOUT_RATES (500,1000,2000 msg/s), BENCH_FANOUT_SECONDS (10 per rate), BENCH_FANOUT_GRACE_SECONDS (10),
 * BENCH_FANOUT_CLIENTS (2 operator-socket processes), BENCH_FANOUT_IDLE_SOCKETS (5000; 0 skips the idle step), BENCH_FANOUT_FLOOR (0 skips the assignees-only floor step),
 * BENCH_FANOUT_MAX_IN_FLIGHT (5000 sends awaiting their ack, beyond which the generator skips).
 * Section 8: BENCH_SEARCH_MESSAGES (1000000), BENCH_SEARCH_SAMPLES (200), BENCH_SEARCH_PG_URL (a PostgreSQL admin
 * URL, default the local server; empty skips PostgreSQL).
 * Section 9: BENCH_ROUTING_OPERATORS (2000), BENCH_ROUTING_QUEUES (100), BENCH_ROUTING_CASES (3000),
 * BENCH_ROUTING_PG_URL (a PostgreSQL admin URL; empty, the default, skips PostgreSQL).
 * Section 10 (bench/simulated-day.ts): a simulated day of the center through the real routing and store on a fake
 * clock: BENCH_DAY_OPERATORS (2000), BENCH_DAY_QUEUES (20), BENCH_DAY_CASES (400000), BENCH_DAY_SCALE (1; e.g. 0.02
 * for a quick run), BENCH_DAY_SEED. Not in the default set: it takes tens of minutes (BENCH_SECTIONS=10).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { measureColdStart, printColdStart } from './cold-start.ts';
import { runFanoutSection } from './fanout.ts';
import { runRoutingSection } from './routing.ts';
import { runSearchSection } from './search.ts';
import { runSimulatedDaySection } from './simulated-day.ts';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Latency phase: each sender sends one message every PACE_MS (100 senders × 10/s = 1000 msg/s offered). */
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 100);
/** Which sections to run, e.g. BENCH_SECTIONS=1 for the throughput section alone (default: all). */
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? '1,2,3,4,5,6,7,8,9').split(',').map((x) => x.trim()));
const VOLUME_MESSAGES = Number(process.env.BENCH_VOLUME_MESSAGES ?? 1_000_000);
const VOLUME_BASELINE_MESSAGES = Number(process.env.BENCH_VOLUME_BASELINE_MESSAGES ?? 10_000);
const VOLUME_SAMPLES = Number(process.env.BENCH_VOLUME_SAMPLES ?? 200);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);

interface Result {
  name: string;
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  /** The server process's CPU time per acked message in the measured window (µs), where /proc tells it. */
  cpuUs: number;
}

/** CPU time (user + system) of a process so far, in ms, from /proc (Linux); NaN elsewhere. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime, in clock ticks of 10 ms (USER_HZ is 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function startServer(
  script: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; port: number; extra: string }> {
  return new Promise((resolve, reject) => {
    // BENCH_PROFILE=<dir>: write a V8 CPU profile of each server into <dir> (for finding hot spots).
    const profile = process.env.BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)([^\n]*)\n/.exec(out);
      if (m?.[1]) resolve({ child, port: Number(m[1]), extra: (m[2] ?? '').trim() });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function post(
  agent: Agent,
  port: number,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers },
      },
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

/**
 * Load with a raw body and headers per request (signed webhooks need the exact bytes). Closed loop
 * (paceMs = 0): each sender sends its next request as soon as the previous one is acked — saturation
 * throughput. Paced: each sender sends one request every paceMs — latency at a fixed offered load.
 */
async function loadRaw(
  name: string,
  server: Target,
  path: string,
  requestFor: (i: number) => { body: string; headers: Record<string, string> },
  paceMs = 0,
): Promise<Result> {
  const { port } = server;
  const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let running = true;
  const send = (body: string, headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const data = Buffer.from(body);
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  const sender = async (i: number) => {
    while (running) {
      const { body, headers } = requestFor(i);
      const started = performance.now();
      const status = await send(body, headers);
      const ms = performance.now() - started;
      if (status !== 200) errors++;
      else if (measuring) latencies.push(ms);
      if (paceMs > 0) await new Promise((r) => setTimeout(r, Math.max(0, paceMs - ms)));
    }
  };
  // Paced senders start spread over one period, as independent customers would.
  const senders = Array.from({ length: SENDERS }, (_, i) =>
    paceMs > 0 ? new Promise((r) => setTimeout(r, (i * paceMs) / SENDERS)).then(() => sender(i)) : sender(i),
  );
  await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
  measuring = true;
  const t0 = performance.now();
  const cpu0 = server.cpuMs();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  const cpuMs = server.cpuMs() - cpu0;
  running = false;
  await Promise.all(senders);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    name,
    rate: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    cpuUs: (cpuMs * 1000) / latencies.length,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** JSON load (see `loadRaw`): a body and headers per sender, a web-chat message by default. */
function load(
  name: string,
  server: Target,
  path: string,
  headersFor: (i: number) => Record<string, string>,
  paceMs = 0,
  bodyFor: (i: number) => unknown = (i) => ({
    clientMsgId: randomUUID(),
    text: `Здравствуйте! Сообщение ${i}: не работает мобильный интернет`,
  }),
): Promise<Result> {
  return loadRaw(
    name,
    server,
    path,
    (i) => ({ body: JSON.stringify(bodyFor(i)), headers: headersFor(i) }),
    paceMs,
  );
}

function fmt(r: Result): string {
  const cpu = Number.isFinite(r.cpuUs) ? `   server CPU ${r.cpuUs.toFixed(0).padStart(4)} µs/msg` : '';
  return `${r.name.padEnd(28)} ${r.rate.toFixed(0).padStart(7)} msg/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   errors ${r.errors}${cpu}`;
}

/** A running server under load: its port, what it printed after READY, and its CPU time so far. */
interface Target {
  port: number;
  extra: string;
  cpuMs: () => number;
}

async function withServer<T>(
  script: string,
  run: (server: Target) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const server = await startServer(script, env);
  try {
    return await run({ port: server.port, extra: server.extra, cpuMs: () => cpuMsOf(server.child.pid) });
  } finally {
    server.child.kill(process.env.BENCH_PROFILE ? 'SIGTERM' : 'SIGKILL');
  }
}

async function visitorTokens(port: number): Promise<string[]> {
  const agent = new Agent({ keepAlive: true });
  const tokens: string[] = [];
  for (let i = 0; i < SENDERS; i++) {
    const res = await post(agent, port, '/api/v1/chat/sessions', { entryPoint: 'general' });
    if (res.status !== 200) throw new Error(`chat session failed: ${res.status} ${res.body}`);
    tokens.push((JSON.parse(res.body) as { visitorToken: string }).visitorToken);
  }
  agent.destroy();
  return tokens;
}

/** The limit server; `rows: 'spine'` makes it write every row the spine writes (bench/limit-server.ts). */
const limitRun = (paceMs = 0, rows: 'message' | 'spine' = 'message') =>
  withServer(
    'bench/limit-server.ts',
    (server) =>
      load(
        rows === 'spine' ? 'limit server (spine rows)' : 'limit server (baseline)',
        server,
        '/ingest',
        (i) => ({ 'x-sender': String(i) }),
        paceMs,
      ),
    { LIMIT_ROWS: rows },
  );
const pipelineRun = (paceMs = 0) =>
  withServer('bench/pipeline-server.ts', async (server) => {
    const tokens = await visitorTokens(server.port);
    return load(
      'frontline pipeline',
      server,
      '/api/v1/chat/messages',
      (i) => ({ authorization: `Bearer ${tokens[i] ?? ''}` }),
      paceMs,
    );
  });

const best = (rs: Result[]) => rs.reduce((a, b) => (b.rate > a.rate ? b : a));

/**
 * Webhook ingest against two baselines: the web-chat limit server (section 1's, a small row) and a webhook
 * limit server doing the same check and storing the same raw row (bench/webhook-limit-server.ts) — the like
 * for like comparison, as section 1 compares the pipeline with the same message row. The target applies to it.
 */
function printIngestRatios(channel: string, frontline: Result, webChatLimit: Result, sameRowLimit: Result) {
  const vsWebChat = frontline.rate / webChatLimit.rate;
  const vsSameRow = frontline.rate / sameRowLimit.rate;
  console.log(`ratio ${channel} ingest/web-chat limit server: ${vsWebChat.toFixed(2)}`);
  console.log(
    `ratio ${channel} ingest/webhook limit server (same check, same row): ${vsSameRow.toFixed(2)} (target ≥ 0.60) ${vsSameRow >= 0.6 ? 'OK' : 'BELOW TARGET'}`,
  );
}

/** What the inbound processor made of the accepted updates (section 3). */
interface IngestToCase {
  /** Messages stored in cases per second in the measured window, while updates arrive at saturation. */
  during: number;
  /** Messages still to store when the load stopped. */
  backlog: number;
  /** Messages stored per second while that backlog drains with no new updates arriving. */
  drain: number;
  drainSeconds: number;
  /** Raw events that failed (a benchmark update should never). */
  failed: number;
  load: string;
}

const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/**
 * Ingest-to-case from the webhook server's own timestamps (`/bench/ingested`): the messages stored in cases
 * in the window `load` measures (after the warm-up), and, once the load stopped, how fast what was still
 * pending is drained (waited for at most 120 s). The window is kept by this process's clock, so a server
 * slow to answer while saturated does not shift it.
 */
async function measureIngestToCase(port: number, loadDone: Promise<unknown>): Promise<IngestToCase> {
  const agent = new Agent({ keepAlive: true });
  const ask = async (query = '') => {
    const res = await new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: `/bench/ingested${query}`, agent }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve(Buffer.concat(chunks).toString()));
      })
        .on('error', reject)
        .end();
    });
    return JSON.parse(res) as Ingested;
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await sleep(WARMUP_SECONDS * 1000);
  const from = new Date();
  await sleep(SECONDS * 1000);
  const until = new Date();
  const load = loadAverage();
  await loadDone;
  const stopped = new Date();
  for (let waited = 0; (await ask()).pending > 0 && waited < 120_000; waited += 200) await sleep(200);
  const during = await ask(`?from=${from.toISOString()}&until=${until.toISOString()}`);
  const drained = await ask(`?from=${stopped.toISOString()}`);
  agent.destroy();
  const drainSeconds = drained.lastAt
    ? Math.max(0, (Date.parse(drained.lastAt) - stopped.getTime()) / 1000)
    : 0;
  return {
    during: during.inWindow / ((until.getTime() - from.getTime()) / 1000),
    backlog: drained.inWindow + drained.pending,
    drain: drainSeconds > 0 ? drained.inWindow / drainSeconds : NaN,
    drainSeconds,
    failed: drained.failed,
    load,
  };
}

/** What `/bench/ingested` answers (bench/webhook-server.ts). */
interface Ingested {
  messages: number;
  pending: number;
  failed: number;
  inWindow: number;
  lastAt: string | null;
}

function printIngestToCase(channel: string, r: IngestToCase) {
  console.log(
    `${channel} ingest-to-case: ${r.during.toFixed(0)} msg/s stored in cases while updates arrive at saturation (load average ${r.load})`,
  );
  console.log(
    `${channel} ingest-to-case, backlog alone: ${r.backlog} updates still to store when the load stopped, drained in ${r.drainSeconds.toFixed(1)} s${r.drainSeconds >= 1 ? ` at ${r.drain.toFixed(0)} msg/s` : ''}; failed raw events ${r.failed} (load average ${loadAverage()})`,
  );
}

async function main() {
  console.log(
    `web-chat inbound, durable on SQLite (WAL, synchronous=FULL, group commit); ${SENDERS} concurrent senders`,
  );
  const pipes: Result[] = [];
  if (SECTIONS.has('1')) {
    console.log(
      `\n1) throughput: closed loop, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up, ${ROUNDS} alternating rounds`,
    );
    const limits: Result[] = [];
    const spineLimits: Result[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      limits.push(await limitRun());
      console.log(fmt(limits.at(-1)!));
      pipes.push(await pipelineRun());
      console.log(fmt(pipes.at(-1)!));
      spineLimits.push(await limitRun(0, 'spine'));
      console.log(fmt(spineLimits.at(-1)!));
    }
    const limit = best(limits);
    const pipe = best(pipes);
    const spine = best(spineLimits);
    const ratio = pipe.rate / spine.rate;
    console.log(
      `best: spine-rows limit ${spine.rate.toFixed(0)} msg/s, frontline ${pipe.rate.toFixed(0)} msg/s, one-row limit ${limit.rate.toFixed(0)} msg/s`,
    );
    console.log(
      `ratio frontline/spine-rows limit: ${ratio.toFixed(2)} (target ≥ 0.80) ${ratio >= 0.8 ? 'OK' : 'BELOW TARGET'}`,
    );
    console.log(
      `ratio frontline/one-row limit: ${(pipe.rate / limit.rate).toFixed(2)} (reference: the limit server storing only the message row)`,
    );
    // What the target asks of one event loop, beside what merely storing the spine's rows costs.
    const budgetUs = 1e6 / (0.8 * spine.rate);
    console.log(
      `at 0.8 × spine-rows limit (${(0.8 * spine.rate).toFixed(0)} msg/s) one event loop has ${budgetUs.toFixed(0)} µs per message; storing the spine's rows alone used ${spine.cpuUs.toFixed(0)} µs of server CPU, frontline ${pipe.cpuUs.toFixed(0)} µs`,
    );
  }

  if (SECTIONS.has('2')) {
    const offered = (SENDERS * 1000) / PACE_MS;
    console.log(
      `\n2) ack latency: each sender sends every ${PACE_MS} ms (${offered.toFixed(0)} msg/s offered), ${SECONDS} s`,
    );
    const limitPaced = await limitRun(PACE_MS);
    console.log(fmt(limitPaced));
    const pipePaced = await pipelineRun(PACE_MS);
    console.log(fmt(pipePaced));
    console.log(
      `frontline p99 ack latency: ${pipePaced.p99.toFixed(1)} ms (target ≤ 30 ms) ${pipePaced.p99 <= 30 ? 'OK' : 'ABOVE TARGET'}`,
    );
    if (pipes.length > 0)
      console.log(
        `(at saturation, p99 is queueing: ${best(pipes).p99.toFixed(1)} ms with ${SENDERS} senders in a closed loop)`,
      );
  }

  // Sections 3 and 4 also compare with the web-chat limit server, measured once for both.
  if (SECTIONS.has('3') || SECTIONS.has('4')) console.log('\nweb-chat limit server, for sections 3 and 4:');
  const limitWh = SECTIONS.has('3') || SECTIONS.has('4') ? await limitRun() : undefined;
  if (limitWh) console.log(fmt(limitWh));
  if (SECTIONS.has('3') && limitWh) {
    console.log(
      `\n3) Telegram webhook ingest: secret token checked, raw update stored durably, acked (processing runs behind)`,
    );
    let updateId = 100_000_000;
    const telegramUpdate = (i: number) => {
      updateId += 1;
      const id = 500_000_000 + i;
      const from = { id, is_bot: false, first_name: 'Анна' };
      return {
        update_id: updateId,
        message: {
          message_id: updateId,
          from,
          chat: { id, type: 'private', first_name: 'Анна' },
          date: 1763900000,
          text: 'Здравствуйте! Не работает интернет',
        },
      };
    };
    const telegramHeaders = () => ({ 'x-telegram-bot-api-secret-token': 'bench-webhook-secret' });
    const limitTelegram = await withServer('bench/webhook-limit-server.ts', (server) =>
      load('limit server (same raw row)', server, '/telegram', telegramHeaders, 0, telegramUpdate),
    );
    console.log(fmt(limitTelegram));
    const { telegram, toCase } = await withServer('bench/webhook-server.ts', async (server) => {
      const ingest = load(
        'frontline telegram ingest',
        server,
        `/webhooks/telegram/${server.extra.split(' ')[0] ?? ''}`,
        telegramHeaders,
        0,
        telegramUpdate,
      );
      return { toCase: await measureIngestToCase(server.port, ingest), telegram: await ingest };
    });
    console.log(fmt(telegram));
    printIngestRatios('telegram', telegram, limitWh, limitTelegram);
    printIngestToCase('telegram', toCase);
  }

  if (SECTIONS.has('4') && limitWh) {
    console.log(
      '\n4) WhatsApp webhook ingest: X-Hub-Signature-256 verified over the raw bytes, stored durably, acked',
    );
    // The signed bodies are made before the run, so the load generator (on the same 2 cores) does not spend
    // its time on HMACs and escaping while it measures the server.
    const signedBodies = Array.from({ length: 250_000 }, (_, k) => {
      const waId = String(79160000000 + (k % SENDERS));
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '102290129340398',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
                  contacts: [{ profile: { name: 'Анна' }, wa_id: waId }],
                  messages: [
                    {
                      from: waId,
                      id: `wamid.bench${k}`,
                      timestamp: '1763900000',
                      type: 'text',
                      text: { body: 'Здравствуйте! Не работает интернет' },
                    },
                  ],
                },
              },
            ],
          },
        ],
        // Meta escapes non-ASCII as \uXXXX; the signature covers exactly these bytes.
      }).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      const signature = createHmac('sha256', 'bench_app_secret').update(body).digest('hex');
      return { body, headers: { 'x-hub-signature-256': `sha256=${signature}` } };
    });
    let next = 0;
    const nextSigned = () => signedBodies[next++ % signedBodies.length]!;
    const limitWhatsApp = await withServer('bench/webhook-limit-server.ts', (server) =>
      loadRaw('limit server (same raw row)', server, '/whatsapp', nextSigned),
    );
    console.log(fmt(limitWhatsApp));
    const whatsapp = await withServer('bench/webhook-server.ts', (server) =>
      loadRaw(
        'frontline whatsapp ingest',
        server,
        `/webhooks/whatsapp/${server.extra.split(' ')[1] ?? ''}`,
        nextSigned,
      ),
    );
    console.log(fmt(whatsapp));
    printIngestRatios('whatsapp', whatsapp, limitWh, limitWhatsApp);
  }

  if (SECTIONS.has('5')) await volumeSection();
  if (SECTIONS.has('6')) {
    console.log(
      `\n6) cold start: node apps/server/dist/main.js on a fresh DATA_DIR until /readyz answers 200, ${COLD_RUNS} runs, alternating with a bare node http server`,
    );
    printColdStart(await measureColdStart(COLD_RUNS));
  }
  if (SECTIONS.has('7')) await runFanoutSection();
  if (SECTIONS.has('8')) await runSearchSection();
  if (SECTIONS.has('9')) await runRoutingSection();
  if (SECTIONS.has('10')) await runSimulatedDaySection();
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------
// 5) the operator's reads at a million messages

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<HttpAnswer> {
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent,
        headers: data
          ? { 'content-type': 'application/json', 'content-length': data.length, ...headers }
          : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Logs in over HTTP; the session cookie and CSRF token every later request carries. */
async function logIn(agent: Agent, port: number, email: string): Promise<Record<string, string>> {
  const res = await call(
    agent,
    port,
    'POST',
    '/api/v1/auth/login',
    {},
    { email, password: 'bench-password-1' },
  );
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${res.body}`);
  const cookie = String(res.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  const { csrfToken } = JSON.parse(res.body) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

interface Latency {
  p50: number;
  p95: number;
}

/** Runs `once` `VOLUME_SAMPLES` times one after another (after a short warm-up): its p50 and p95 in ms. */
async function measure(once: (i: number) => Promise<void>): Promise<Latency> {
  for (let i = 0; i < 10; i++) await once(i);
  const ms: number[] = [];
  for (let i = 0; i < VOLUME_SAMPLES; i++) {
    const t0 = performance.now();
    await once(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

/** Every figure of section 5 for one store: name → latency. */
async function volumeFigures(server: Target): Promise<Map<string, Latency>> {
  const { port } = server;
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const expectOk = (res: HttpAnswer, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.body.slice(0, 300)}`);
    return res;
  };
  const admin = await logIn(agent, port, 'admin@volume.local');
  const operators = JSON.parse(
    expectOk(await call(agent, port, 'GET', '/api/v1/operators', admin), 'operators').body,
  ) as Array<{ email: string; role: string }>;
  const operatorEmail = operators.find((o) => o.role === 'operator')?.email;
  if (!operatorEmail) throw new Error('the volume store has no operator');
  const operator = await logIn(agent, port, operatorEmail);
  const all = expectOk(await call(agent, port, 'GET', '/api/v1/cases?limit=1', admin), 'admin list');
  const totalCases = Number(all.headers['x-total-count'] ?? 0);
  // Seeded case ids are contiguous: a random case of the whole store (not only the first page).
  let seedRandom = 7;
  const randomCase = () => {
    seedRandom = (seedRandom * 1_103_515_245 + 12_345) % 2_147_483_648;
    return 1 + (seedRandom % Math.max(1, totalCases));
  };
  const get = (path: string, headers: Record<string, string>) => async () => {
    expectOk(await call(agent, port, 'GET', path, headers), path);
  };
  const figures = new Map<string, Latency>();
  const tabs: Array<[string, string]> = [
    ['inbox: mine', 'status=assigned&assignee=me'],
    ['inbox: queue', 'status=queued'],
    ['inbox: all open', 'status=open'],
    ['inbox: resolved', 'status=resolved'],
  ];
  for (const [name, query] of tabs) figures.set(name, await measure(get(`/api/v1/cases?${query}`, operator)));
  // The second page of the resolved tab (keyset: as cheap as the first).
  const page1 = await call(agent, port, 'GET', '/api/v1/cases?status=resolved', operator);
  const cursor = page1.headers['x-next-cursor'];
  if (typeof cursor === 'string') {
    figures.set(
      'inbox: resolved, page 2',
      await measure(get(`/api/v1/cases?status=resolved&cursor=${encodeURIComponent(cursor)}`, operator)),
    );
  }
  figures.set('admin list (every case)', await measure(get('/api/v1/cases', admin)));
  figures.set(
    'open case (case+timeline+read)',
    await measure(async () => {
      const id = randomCase();
      const detail = expectOk(await call(agent, port, 'GET', `/api/v1/cases/${id}`, admin), 'case');
      const { customerId } = JSON.parse(detail.body) as { customerId: number };
      expectOk(await call(agent, port, 'GET', `/api/v1/customers/${customerId}/timeline`, admin), 'timeline');
      expectOk(await call(agent, port, 'POST', `/api/v1/cases/${id}/read`, admin), 'read');
    }),
  );
  figures.set('/healthz, idle', await measure(get('/healthz', {})));
  // Mark-read load: 4 operators' tabs marking random cases read back to back, while /healthz is timed.
  let loading = true;
  const markers = Array.from({ length: 4 }, async () => {
    while (loading) await call(agent, port, 'POST', `/api/v1/cases/${randomCase()}/read`, admin);
  });
  figures.set('/healthz during mark-read load', await measure(get('/healthz', {})));
  loading = false;
  await Promise.all(markers);
  agent.destroy();
  return figures;
}

/** A fresh PostgreSQL database for a volume run (dropped afterwards), from an admin URL. */
async function withPgDatabase<T>(adminUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const name = `fl_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    return await run(adminUrl.replace(/\/[^/]*$/, `/${name}`));
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function volumeSection() {
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  console.log(
    `\n5) operator reads at volume: ${VOLUME_MESSAGES.toLocaleString('en')} messages beside a baseline of ${VOLUME_BASELINE_MESSAGES.toLocaleString('en')}, measured in this run; ${VOLUME_SAMPLES} sequential requests each (load average ${load()})`,
  );
  const stores: Array<[string, Record<string, string>]> = [['SQLite', {}]];
  const pgUrl = process.env.BENCH_VOLUME_PG_URL;
  for (const [dialect, env] of stores.concat(pgUrl ? [['PostgreSQL', { PG: pgUrl }]] : [])) {
    const runOn = async (messages: number) => {
      const volumeRun = (extra: Record<string, string>) =>
        withServer(
          'bench/volume-server.ts',
          async (server) => ({ seeded: server.extra, figures: await volumeFigures(server) }),
          { VOLUME_MESSAGES: String(messages), ...extra },
        );
      return env.PG ? withPgDatabase(env.PG, (url) => volumeRun({ DATABASE_URL: url })) : volumeRun({});
    };
    const baseline = await runOn(VOLUME_BASELINE_MESSAGES);
    const volume = await runOn(VOLUME_MESSAGES);
    console.log(
      `${dialect}: seeding ${VOLUME_MESSAGES.toLocaleString('en')} messages took ${volume.seeded} s`,
    );
    const head = `${'p50 / p95 ms'.padEnd(34)} ${`at ${VOLUME_MESSAGES.toLocaleString('en')}`.padStart(18)} ${`baseline ${VOLUME_BASELINE_MESSAGES.toLocaleString('en')}`.padStart(20)}`;
    console.log(head);
    const targeted = (name: string) => name.startsWith('inbox') || name.startsWith('open case');
    for (const [name, at] of volume.figures) {
      const base = baseline.figures.get(name);
      const verdict = targeted(name)
        ? at.p95 <= 50
          ? '  OK (target p95 ≤ 50 ms)'
          : '  ABOVE TARGET (p95 ≤ 50 ms)'
        : '';
      const pair = (l: Latency | undefined) =>
        l ? `${l.p50.toFixed(1).padStart(7)} / ${l.p95.toFixed(1).padStart(7)}` : '—';
      console.log(`${name.padEnd(34)} ${pair(at).padStart(18)} ${pair(base).padStart(20)}${verdict}`);
    }
    console.log(`(load average now ${load()})`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
