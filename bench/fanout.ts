/**
 * Section 7 of bench/run.ts: realtime fan-out on SQLite. A fresh server (bench/fanout-server.ts) per step,
 * seeded with BENCH_FANOUT_OPERATORS operators in BENCH_FANOUT_QUEUES queues and BENCH_FANOUT_CASES open cases
 * assigned among them; the load generator runs in other processes (bench/fanout-client.ts):
 * BENCH_FANOUT_CLIENTS processes holding one operator socket per operator, and one process of customers that
 * sends at each offered rate of BENCH_FANOUT_RATES for BENCH_FANOUT_SECONDS, half web chat and half Telegram.
 *
 * Printed per rate, each beside its target: from the ack to the assignee's socket receiving the message
 * (p50/p99), from the ack to the inbox-row update at every other member of the case's queue (p99), frames per
 * second received by the operator sockets, lost events (never seen within BENCH_FANOUT_GRACE_SECONDS after
 * the sends), server RSS and CPU and the clients' CPU (from /proc), and the load average. First, idle
 * sockets: BENCH_FANOUT_IDLE_SOCKETS operator sockets connected, the server's RSS before and after.
 * Every wait is time-boxed: a saturated server is reported as late and lost, never waited for.
 * Then the floor (BENCH_FANOUT_FLOOR=0 skips it): the top rate again with only the cases' assignees connected,
 * and for every step the server's event-loop delay in the send window, the wait every frame has before it.
 * Last, the limit (BENCH_FANOUT_LIMIT=0 skips it): the rates of BENCH_FANOUT_LIMIT_RATES (default the top one)
 * with every socket open on bench/fanout-limit-server.ts, the least work that stores and delivers the same
 * messages in the same protocol — what this machine allows any server; Frontline's figures are read against it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type {
  ClientCommand,
  ConnectedReply,
  OperatorSocketSpec,
  ReportReply,
  RunReply,
  StatsReply,
} from './fanout-client.ts';
import type { FanoutSeed } from './fanout-server.ts';
import {
  countAbove,
  emptyHistogram,
  mergeHistogram,
  percentileOf,
  type LatencyHistogram,
} from './latency-histogram.ts';

const env = process.env;
const OPERATORS = Number(env.BENCH_FANOUT_OPERATORS ?? 2000);
const QUEUES = Number(env.BENCH_FANOUT_QUEUES ?? 20);
const CASES = Number(env.BENCH_FANOUT_CASES ?? 1000);
const RATES = (env.BENCH_FANOUT_RATES ?? '500,1000,2000')
  .split(',')
  .map((x) => Number(x.trim()))
  .filter((x) => x > 0);
const SECONDS = Number(env.BENCH_FANOUT_SECONDS ?? 10);
const GRACE_SECONDS = Number(env.BENCH_FANOUT_GRACE_SECONDS ?? 10);
const CLIENTS = Math.max(1, Number(env.BENCH_FANOUT_CLIENTS ?? 2));
const IDLE_SOCKETS = Number(env.BENCH_FANOUT_IDLE_SOCKETS ?? 5000);
/** The customers' process stops sending while this many sends wait for their ack (counted as skipped). */
const MAX_IN_FLIGHT = Number(env.BENCH_FANOUT_MAX_IN_FLIGHT ?? 5000);
/** BENCH_FANOUT_FLOOR=0 skips the floor step (the top rate again with only the assignees connected). */
const FLOOR = env.BENCH_FANOUT_FLOOR !== '0';
/**
 * BENCH_FANOUT_LIMIT=0 skips the limit steps: the rates of BENCH_FANOUT_LIMIT_RATES (default: the top rate)
 * on bench/fanout-limit-server.ts, the least work that stores and delivers the same messages on this machine.
 */
const LIMIT = env.BENCH_FANOUT_LIMIT !== '0';
const LIMIT_RATES = (env.BENCH_FANOUT_LIMIT_RATES ?? String(Math.max(...RATES)))
  .split(',')
  .map((x) => Number(x.trim()))
  .filter((x) => x > 0);
/** How long connecting every socket of one step may take. */
const CONNECT_TIMEOUT_MS = 120_000;

const targets = { assigneeP99Ms: 50, rowP99Ms: 1000, idleMbPer1k: 50 };

/** A process's CPU time so far (user + system, ms) from /proc; NaN where there is none. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** A process's resident set size (MB) from /proc; NaN where there is none. */
function rssMbOf(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The load average, and (where Linux tells it) the share of time runnable tasks waited for a CPU. */
const loadAverage = () => {
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  try {
    const m = /some avg10=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? `${load}, CPU pressure ${m[1]}% (tasks waiting for a core, last 10 s)` : load;
  } catch {
    return load;
  }
};
const ok = (good: boolean, target: string) => `(target ${target}) ${good ? 'OK' : 'MISSED'}`;
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '—');
const int = (x: number) => Math.round(x).toLocaleString('en');

interface Server {
  child: ChildProcess;
  port: number;
  seed: FanoutSeed;
}

/** Frontline's server, or (`limit`) the least work that accepts and delivers the same (bench/fanout-limit-server.ts). */
function startServer(which: 'frontline' | 'limit' = 'frontline'): Promise<Server> {
  const script = which === 'limit' ? 'bench/fanout-limit-server.ts' : 'bench/fanout-server.ts';
  return new Promise((resolve, reject) => {
    // BENCH_PROFILE=<dir>: write a V8 CPU profile of the fan-out server into <dir>, as bench/run.ts does.
    const profile = env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_PROFILE}`] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...env,
        FANOUT_OPERATORS: String(OPERATORS),
        FANOUT_QUEUES: String(QUEUES),
        FANOUT_CASES: String(CASES),
      },
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within 120 s`));
    }, 120_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+) ([^\n]+)\n/.exec(out);
      if (!m?.[1] || !m[2]) return;
      clearTimeout(timer);
      const seed = JSON.parse(readFileSync(m[2], 'utf8')) as FanoutSeed;
      resolve({ child, port: Number(m[1]), seed });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}`));
    });
  });
}

function startClient(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'bench/fanout-client.ts'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Sends `command` and waits (at most `timeoutMs`) for the reply of type `ev`. */
function ask<R extends { ev: string }>(
  child: ChildProcess,
  command: ClientCommand,
  ev: R['ev'],
  timeoutMs: number,
): Promise<R> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { ev?: string }) => {
      if (m.ev !== ev) return;
      done();
      resolve(m as R);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`a fan-out client exited with ${code} while asked to ${command.cmd}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`a fan-out client gave no ${ev} within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(command);
  });
}

/** Opens `sockets` spread over CLIENTS operator processes; what they answered. */
async function connectOperators(
  server: Server,
  sockets: OperatorSocketSpec[],
): Promise<{ clients: ChildProcess[]; open: number; failed: number; firstError: string | null; ms: number }> {
  const clients = Array.from({ length: CLIENTS }, startClient);
  const replies = await Promise.all(
    clients.map((client, k) =>
      ask<ConnectedReply>(
        client,
        {
          cmd: 'operators',
          port: server.port,
          // Operator i is in queue i mod QUEUES: every process gets members of every queue.
          sockets: sockets.filter((_, i) => Math.floor(i / QUEUES) % CLIENTS === k),
          cases: server.seed.cases,
          timeoutMs: 30_000,
        },
        'connected',
        CONNECT_TIMEOUT_MS,
      ),
    ),
  );
  return {
    clients,
    open: replies.reduce((n, r) => n + r.open, 0),
    failed: replies.reduce((n, r) => n + r.failed, 0),
    firstError: replies.find((r) => r.firstError)?.firstError ?? null,
    ms: Math.max(...replies.map((r) => r.ms)),
  };
}

const kill = (children: Array<ChildProcess | undefined>) => {
  // SIGTERM lets a server started with BENCH_PROFILE exit and write its profile (see announceReady).
  for (const c of children) if (c && c.exitCode === null) c.kill(env.BENCH_PROFILE ? 'SIGTERM' : 'SIGKILL');
};

/** Idle sockets: the server's RSS before and after IDLE_SOCKETS operator sockets are open. */
async function idleStep(): Promise<void> {
  const server = await startServer();
  let clients: ChildProcess[] = [];
  try {
    await sleep(2000);
    const before = rssMbOf(server.child.pid);
    const { operators } = server.seed;
    const sockets = Array.from({ length: IDLE_SOCKETS }, (_, i) => {
      const o = operators[i % operators.length];
      if (!o) throw new Error('no operators seeded');
      return { operatorId: o.id, queueId: o.queueId, cookie: o.cookie };
    });
    const connected = await connectOperators(server, sockets);
    clients = connected.clients;
    await sleep(3000);
    const after = rssMbOf(server.child.pid);
    const perK = ((after - before) * 1000) / Math.max(1, connected.open);
    console.log(
      `idle operator sockets: ${int(connected.open)} open (${connected.failed} failed${connected.firstError ? `: ${connected.firstError}` : ''}) in ${(connected.ms / 1000).toFixed(1)} s; server RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB = ${perK.toFixed(1)} MB per 1k ${ok(perK <= targets.idleMbPer1k, `≤ ${targets.idleMbPer1k} MB per 1k`)}`,
    );
  } finally {
    kill([server.child, ...clients]);
  }
}

async function statsOf(clients: ChildProcess[]): Promise<StatsReply> {
  const all = await Promise.all(clients.map((c) => ask<StatsReply>(c, { cmd: 'stats' }, 'stats', 10_000)));
  return {
    ev: 'stats',
    frames: all.reduce((n, s) => n + s.frames, 0),
    bytes: all.reduce((n, s) => n + s.bytes, 0),
    observations: all.reduce((n, s) => n + s.observations, 0),
    open: all.reduce((n, s) => n + s.open, 0),
    closed: all.reduce((n, s) => n + s.closed, 0),
    lastFrameMs: Math.max(...all.map((s) => s.lastFrameMs)),
  };
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const cpuPercent = (pids: Array<number | undefined>, cpu0: number[], seconds: number) =>
  pids.map((pid, i) => ((cpuMsOf(pid) - (cpu0[i] ?? 0)) / 10 / seconds).toFixed(0) + '%');

/**
 * The server's event-loop delay (prom-client's `nodejs_eventloop_lag_*`, from its own /metrics, loopback): each
 * scrape reports the delays since the previous one. Every frame waits for the turn it is written in, so the
 * loop's delay is a floor under the ack-to-socket latency.
 */
async function loopDelayOf(port: number): Promise<{ p99: number; max: number }> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const read = (name: string) =>
      Number(new RegExp(`^frontline_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text)?.[1]) *
      1000;
    return { p99: read('p99'), max: read('max') };
  } catch {
    return { p99: NaN, max: NaN };
  }
}

/**
 * One offered rate on a fresh server: connect, send, drain (time-boxed), report. With `who` = 'assignees' only
 * the cases' assignees are connected: the same ingest with almost no fan-out, the floor the full run is read against.
 */
async function rateStep(
  rate: number,
  who: 'everyone' | 'assignees' = 'everyone',
  which: 'frontline' | 'limit' = 'frontline',
): Promise<void> {
  const server = await startServer(which);
  let operatorClients: ChildProcess[] = [];
  let customerClient: ChildProcess | undefined;
  try {
    const { seed } = server;
    const assignees = new Set(seed.cases.map((c) => c.assigneeId));
    const connected = await connectOperators(
      server,
      seed.operators
        .filter((o) => who === 'everyone' || assignees.has(o.id))
        .map((o) => ({ operatorId: o.id, queueId: o.queueId, cookie: o.cookie })),
    );
    operatorClients = connected.clients;
    customerClient = startClient();
    const customers = await ask<ConnectedReply>(
      customerClient,
      {
        cmd: 'customers',
        port: server.port,
        cases: seed.cases,
        telegramChannelId: seed.telegramChannelId,
        telegramWebhookSecret: seed.telegramWebhookSecret,
        timeoutMs: 30_000,
      },
      'connected',
      CONNECT_TIMEOUT_MS,
    );
    if (connected.failed > 0 || customers.failed > 0)
      console.log(
        `  (sockets not opened: ${connected.failed} operators, ${customers.failed} customers; first error: ${connected.firstError ?? customers.firstError})`,
      );
    await sleep(1000);
    const pids = [server.child.pid, ...operatorClients.map((c) => c.pid), customerClient.pid];
    const cpu0 = pids.map(cpuMsOf);
    const before = await statsOf(operatorClients);
    const framesBefore = before.frames;
    let peakRss = rssMbOf(server.child.pid);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMbOf(server.child.pid))), 250);
    await loopDelayOf(server.port);
    const t0 = nowMs();
    const running = ask<RunReply>(
      customerClient,
      { cmd: 'run', rate, seconds: SECONDS, maxInFlight: MAX_IN_FLIGHT, ackTimeoutMs: GRACE_SECONDS * 1000 },
      'ran',
      (SECONDS + GRACE_SECONDS) * 1000 + 30_000,
    );
    // What the send window cost, read when it ends (the acks of its last sends may come later).
    await sleep(SECONDS * 1000);
    const windowSeconds = (nowMs() - t0) / 1000;
    const cpuWindow = cpuPercent(pids, cpu0, windowSeconds);
    const rssAtEnd = rssMbOf(server.child.pid);
    const load = loadAverage();
    const loopDelay = await loopDelayOf(server.port);
    const framesWindow = (await statsOf(operatorClients)).frames - framesBefore;
    const ran = await running;
    // Drain: until no operator socket has received a frame for 2 s, at most GRACE_SECONDS after the sends.
    const graceEnd = t0 + (SECONDS + GRACE_SECONDS) * 1000;
    let stats = await statsOf(operatorClients);
    while (nowMs() < graceEnd && nowMs() - stats.lastFrameMs < 2000) {
      await sleep(500);
      stats = await statsOf(operatorClients);
    }
    clearInterval(sampler);
    const drainedAfter = (stats.lastFrameMs - t0) / 1000 - SECONDS;
    const cpuServerTotal = (cpuMsOf(server.child.pid) - (cpu0[0] ?? 0)) / 1000;
    const reports = await Promise.all(
      operatorClients.map((c) => ask<ReportReply>(c, { cmd: 'report', sent: ran.sent }, 'report', 120_000)),
    );
    const assignee = emptyHistogram();
    const assigneeWebchat = emptyHistogram();
    const assigneeTelegram = emptyHistogram();
    const assigneeFromSend = emptyHistogram();
    const rows = emptyHistogram();
    const rowsFromSend = emptyHistogram();
    for (const r of reports) {
      mergeHistogram(assignee, r.assignee);
      mergeHistogram(assigneeWebchat, r.assigneeByChannel.webchat);
      mergeHistogram(assigneeTelegram, r.assigneeByChannel.telegram);
      mergeHistogram(assigneeFromSend, r.assigneeFromSend);
      mergeHistogram(rows, r.rows);
      mergeHistogram(rowsFromSend, r.rowsFromSend);
    }
    const sum = (key: 'assigneeExpected' | 'assigneeLost' | 'rowsExpected' | 'rowsLost') =>
      reports.reduce((n, r) => n + r[key], 0);
    if (which === 'limit')
      console.log(
        `limit — the same ${int(rate)} msg/s, every socket open, on the least work that stores and delivers it (bench/fanout-limit-server.ts: bare node:http + ws, the spine's rows, one frame to the assignee, rows coalesced per queue):`,
      );
    else if (who === 'assignees')
      console.log(
        `floor — the same ${int(rate)} msg/s with only the ${int(connected.open)} assignees' sockets open (their own queue's rows still reach them):`,
      );
    printRate({
      rate,
      loopDelay,
      ran,
      assignee,
      assigneeWebchat,
      assigneeTelegram,
      assigneeFromSend,
      rows,
      rowsFromSend,
      assigneeExpected: sum('assigneeExpected'),
      assigneeLost: sum('assigneeLost'),
      rowsExpected: sum('rowsExpected'),
      rowsLost: sum('rowsLost'),
      rowsLostSample: [...new Set(reports.flatMap((x) => x.rowsLostSample))].slice(0, 5),
      framesPerSecond: framesWindow / windowSeconds,
      framesTotal: stats.frames - framesBefore,
      observationsTotal: stats.observations - before.observations,
      drainedAfter,
      cpuWindow,
      cpuServerTotal,
      rssAtEnd,
      peakRss,
      load,
      closed: stats.closed,
    });
  } finally {
    kill([server.child, customerClient, ...operatorClients]);
  }
}

function printRate(r: {
  rate: number;
  loopDelay: { p99: number; max: number };
  ran: RunReply;
  assignee: LatencyHistogram;
  assigneeWebchat: LatencyHistogram;
  assigneeTelegram: LatencyHistogram;
  assigneeFromSend: LatencyHistogram;
  rows: LatencyHistogram;
  rowsFromSend: LatencyHistogram;
  assigneeExpected: number;
  assigneeLost: number;
  rowsExpected: number;
  rowsLost: number;
  rowsLostSample: string[];
  framesPerSecond: number;
  framesTotal: number;
  /** Messages and inbox rows the frames carried (a batch frame carries many). */
  observationsTotal: number;
  drainedAfter: number;
  cpuWindow: string[];
  cpuServerTotal: number;
  rssAtEnd: number;
  peakRss: number;
  load: string;
  closed: number;
}) {
  const { ran } = r;
  const { acked } = ran;
  // A latency target is met only when the server kept up: nearly every offered message acked.
  const keptUp = acked >= 0.95 * ran.offered;
  const pair = (h: LatencyHistogram) => `${ms(percentileOf(h, 50))} / ${ms(percentileOf(h, 99))}`;
  const p99a = percentileOf(r.assignee, 99);
  const p99r = percentileOf(r.rows, 99);
  console.log(
    `offered ${int(r.rate)} msg/s for ${SECONDS} s: sent ${int(ran.offered - ran.skipped)} (skipped by the generator: ${int(ran.skipped)}), acked ${int(acked)} = ${int(acked / Math.max(ran.sendSeconds, SECONDS))} msg/s, not acked within ${GRACE_SECONDS} s: ${int(ran.notAcked)}, errors ${int(ran.errors)}${ran.firstError ? ` (${ran.firstError})` : ''}${keptUp ? '' : ' — the server did not keep up (< 95 % acked): the latency targets count as missed'}`,
  );
  console.log(
    `  ack p50/p99: web chat ${ms(percentileOf(ran.ackWebchat, 50))} / ${ms(percentileOf(ran.ackWebchat, 99))}, Telegram webhook ${ms(percentileOf(ran.ackTelegram, 50))} / ${ms(percentileOf(ran.ackTelegram, 99))}`,
  );
  console.log(
    `  ack → assignee's socket: p50 ${ms(percentileOf(r.assignee, 50))}, p99 ${ms(p99a)} ${ok(keptUp && p99a <= targets.assigneeP99Ms, `p99 ≤ ${targets.assigneeP99Ms} ms at 2,000 msg/s`)}; over 50 ms: ${int(countAbove(r.assignee, 50))}; lost (not seen within the grace period, acked or not) ${int(r.assigneeLost)} of ${int(r.assigneeExpected)} ${ok(r.assigneeLost === 0, '0')}`,
  );
  console.log(
    `    by channel, p50/p99: web chat ${pair(r.assigneeWebchat)} (0 when the ack waits for the fan-out), Telegram ${pair(r.assigneeTelegram)} (the webhook is processed after its ack); from the customer's send: ${pair(r.assigneeFromSend)}`,
  );
  console.log(
    `  ack → inbox row at the other queue members: p50 ${ms(percentileOf(r.rows, 50))}, p99 ${ms(p99r)} ${ok(keptUp && p99r <= targets.rowP99Ms, `≤ ${targets.rowP99Ms} ms`)}; over 1 s: ${int(countAbove(r.rows, 1000))}; from the customer's send p50/p99 ${pair(r.rowsFromSend)}; lost ${int(r.rowsLost)} of ${int(r.rowsExpected)} ${ok(r.rowsLost === 0, '0')}`,
  );
  if (r.rowsLostSample.length > 0) console.log(`    rows lost, e.g.: ${r.rowsLostSample.join('; ')}`);
  console.log(
    `  frames to operator sockets: ${int(r.framesPerSecond)}/s in the send window, ${int(r.framesTotal)} in all (carrying ${int(r.observationsTotal)} bench messages and rows), ${r.framesTotal > 0 ? `the last ${r.drainedAfter.toFixed(1)} s after the sends ended` : 'none at all'}${r.closed ? `; ${r.closed} operator sockets closed` : ''}`,
  );
  const [server, ...clients] = r.cpuWindow;
  const customers = clients.pop();
  console.log(
    `  server: CPU ${server} of a core in the send window (${r.cpuServerTotal.toFixed(1)} s in all), RSS ${r.rssAtEnd.toFixed(0)} MB at its end (peak ${r.peakRss.toFixed(0)} MB); clients' CPU: operators ${clients.join(' + ')}, customers ${customers}; load average ${r.load}`,
  );
  console.log(
    `  server event loop in the send window: delay p99 ${ms(r.loopDelay.p99)}, max ${ms(r.loopDelay.max)} (a frame waits for its turn: a floor under ack → socket)`,
  );
}

/** Runs section 7 and prints it. */
export async function runFanoutSection(): Promise<void> {
  console.log(
    `\n7) realtime fan-out on SQLite: ${int(OPERATORS)} operator sockets in ${QUEUES} queues, ${int(CASES)} open cases each assigned to a member of its queue (half web-chat, half Telegram customers); load from ${CLIENTS} operator client processes and 1 customer process; ${SECONDS} s per rate, grace ${GRACE_SECONDS} s (load average ${loadAverage()})`,
  );
  if (IDLE_SOCKETS > 0) await idleStep();
  for (const rate of RATES) await rateStep(rate);
  const top = Math.max(...RATES);
  if (FLOOR && Number.isFinite(top)) await rateStep(top, 'assignees');
  if (LIMIT) for (const rate of LIMIT_RATES) await rateStep(rate, 'everyone', 'limit');
}
