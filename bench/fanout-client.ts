/**
 * A load-generator process of the realtime fan-out benchmark (bench/fanout.ts starts it with an IPC channel;
 * it does nothing on its own). Two roles, told by the first command:
 *
 * - `operators`: holds operator sockets (`/api/v1/realtime`, real session cookies), counts every frame, and
 *   notes when each socket first saw each bench message in full (only the case's assignee counts) and each
 *   inbox-row state (every other member of the case's queue). Asked for a report with the sends, it
 *   returns latency histograms and what was never seen.
 * - `customers`: holds the web-chat customers' chat sockets and sends bench messages at an offered rate, half
 *   over web chat (acked by the `ack` frame), half as Telegram webhook POSTs (acked by HTTP 200), each to a
 *   random open case's customer. A case's messages are stored in the order they are sent (one chat socket;
 *   a Telegram case's next POST waits for the previous one's 200), so a later seq is a later message.
 *
 * Times are `process.hrtime` (CLOCK_MONOTONIC, the same clock in every process of the machine), in ms.
 */
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { classify, holdsReady, markerText, type Observation } from './fanout-frames.ts';
import type { FanoutSeed } from './fanout-server.ts';
import { emptyHistogram, recordLatency, type LatencyHistogram } from './latency-histogram.ts';

/** An operator socket to open: who, in which queue, with which session cookie. */
export interface OperatorSocketSpec {
  operatorId: number;
  queueId: number;
  cookie: string;
}

/** A case as the clients need it. */
export type FanoutCase = FanoutSeed['cases'][number];

/** A sent bench message: case, seq, when it was sent and when acked (ms, monotonic; -1: never acked). */
export type SentMessage = [caseId: number, seq: number, sentMs: number, ackMs: number];

export type ClientCommand =
  | { cmd: 'operators'; port: number; sockets: OperatorSocketSpec[]; cases: FanoutCase[]; timeoutMs: number }
  | {
      cmd: 'customers';
      port: number;
      cases: FanoutCase[];
      telegramChannelId: number;
      telegramWebhookSecret: string;
      timeoutMs: number;
    }
  | { cmd: 'run'; rate: number; seconds: number; maxInFlight: number; ackTimeoutMs: number }
  | { cmd: 'stats' }
  | { cmd: 'report'; sent: SentMessage[] };

export interface ConnectedReply {
  ev: 'connected';
  open: number;
  failed: number;
  firstError: string | null;
  ms: number;
}

export interface StatsReply {
  ev: 'stats';
  frames: number;
  bytes: number;
  observations: number;
  open: number;
  closed: number;
  lastFrameMs: number;
}

export interface RunReply {
  ev: 'ran';
  /** Every message sent and not refused by an error (acked or not). */
  sent: SentMessage[];
  acked: number;
  offered: number;
  /** Not sent because `maxInFlight` sends were waiting for their ack (the generator's own back-pressure). */
  skipped: number;
  notAcked: number;
  errors: number;
  firstError: string | null;
  ackWebchat: LatencyHistogram;
  ackTelegram: LatencyHistogram;
  sendSeconds: number;
}

export interface ReportReply {
  ev: 'report';
  assignee: LatencyHistogram;
  /** The same, split by the customer's channel (Telegram's includes processing the stored webhook). */
  assigneeByChannel: Record<FanoutCase['channel'], LatencyHistogram>;
  /** From the customer's send (not the ack) to the assignee's socket: what the customer and operator feel. */
  assigneeFromSend: LatencyHistogram;
  assigneeExpected: number;
  /** Never seen by the assignee within the grace period (acked or not). */
  assigneeLost: number;
  rows: LatencyHistogram;
  rowsFromSend: LatencyHistogram;
  rowsExpected: number;
  rowsLost: number;
  /** A few of the rows lost: `c<case> s<seq>` and the newest seq a member's row showed for that case. */
  rowsLostSample: string[];
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const reply = (message: ConnectedReply | StatsReply | RunReply | ReportReply) => process.send?.(message);

// ---------------------------------------------------------------------------------------------------
// operators

interface OperatorState {
  spec: OperatorSocketSpec;
  /** marker key → first time this socket saw the full message (only for cases it is the assignee of). */
  messages: Map<number, number>;
  /** case → row states seen, seq ascending (only cases of its queue it is not the assignee of). */
  rows: Map<number, { seqs: number[]; times: number[] }>;
}

const keyOf = (caseId: number, seq: number) => caseId * 1_000_000 + seq;
const operatorStates: OperatorState[] = [];
const caseById = new Map<number, FanoutCase>();
const stats = { frames: 0, bytes: 0, observations: 0, open: 0, closed: 0, lastFrameMs: 0 };

function observe(state: OperatorState, o: Observation, at: number): void {
  const c = caseById.get(o.marker.caseId);
  if (!c) return;
  const { operatorId, queueId } = state.spec;
  if (o.kind === 'message') {
    if (c.assigneeId !== operatorId) return;
    const key = keyOf(o.marker.caseId, o.marker.seq);
    if (!state.messages.has(key)) state.messages.set(key, at);
    return;
  }
  if (c.assigneeId === operatorId || c.queueId !== queueId) return;
  let seen = state.rows.get(c.id);
  if (!seen) state.rows.set(c.id, (seen = { seqs: [], times: [] }));
  if ((seen.seqs.at(-1) ?? 0) >= o.marker.seq) return;
  seen.seqs.push(o.marker.seq);
  seen.times.push(at);
}

function connectOperator(port: number, spec: OperatorSocketSpec, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime`, {
      headers: { cookie: spec.cookie },
      perMessageDeflate: false,
    });
    const state: OperatorState = { spec, messages: new Map(), rows: new Map() };
    operatorStates.push(state);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no ready frame in time'));
    }, timeoutMs);
    let ready = false;
    socket.on('message', (data: Buffer) => {
      const at = nowMs();
      stats.frames += 1;
      stats.bytes += data.length;
      stats.lastFrameMs = at;
      let frame: unknown;
      try {
        frame = JSON.parse(data.toString('utf8'));
      } catch {
        return;
      }
      // A batch may hold the `ready` and live frames after it: those are classified too.
      if (!ready && holdsReady(frame)) {
        ready = true;
        clearTimeout(timer);
        stats.open += 1;
        resolve();
      }
      const seen = classify(frame);
      stats.observations += seen.length;
      for (const o of seen) observe(state, o, at);
    });
    socket.on('close', () => {
      if (ready) stats.closed += 1;
      clearTimeout(timer);
      reject(new Error('closed before ready'));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Latencies (of the acked sends) and losses (of every send: one never acked is lost unless it was seen), for
 * the sockets of this process.
 */
function reportOn(sent: SentMessage[]): ReportReply {
  const out: ReportReply = {
    ev: 'report',
    assignee: emptyHistogram(),
    assigneeByChannel: { webchat: emptyHistogram(), telegram: emptyHistogram() },
    assigneeFromSend: emptyHistogram(),
    assigneeExpected: 0,
    assigneeLost: 0,
    rows: emptyHistogram(),
    rowsFromSend: emptyHistogram(),
    rowsExpected: 0,
    rowsLost: 0,
    rowsLostSample: [],
  };
  const byQueue = new Map<number, OperatorState[]>();
  const byOperator = new Map<number, OperatorState[]>();
  for (const s of operatorStates) {
    byQueue.set(s.spec.queueId, [...(byQueue.get(s.spec.queueId) ?? []), s]);
    byOperator.set(s.spec.operatorId, [...(byOperator.get(s.spec.operatorId) ?? []), s]);
  }
  for (const [caseId, seq, sentMs, ackMs] of sent) {
    const acked = ackMs >= 0;
    const c = caseById.get(caseId);
    if (!c) continue;
    for (const s of byOperator.get(c.assigneeId) ?? []) {
      out.assigneeExpected += 1;
      const at = s.messages.get(keyOf(caseId, seq));
      if (at === undefined) out.assigneeLost += 1;
      else if (acked) {
        recordLatency(out.assignee, at - ackMs);
        recordLatency(out.assigneeByChannel[c.channel], at - ackMs);
        recordLatency(out.assigneeFromSend, at - sentMs);
      }
    }
    for (const s of byQueue.get(c.queueId) ?? []) {
      if (s.spec.operatorId === c.assigneeId) continue;
      out.rowsExpected += 1;
      // The row shows this message once it shows it or a later one of the same case (rows coalesce).
      const seen = s.rows.get(caseId);
      const i = seen ? seen.seqs.findIndex((x) => x >= seq) : -1;
      const at = i >= 0 ? seen?.times[i] : undefined;
      if (at === undefined) {
        out.rowsLost += 1;
        const lost = `c${caseId} s${seq} (a member's row last showed s${seen?.seqs.at(-1) ?? '—'})`;
        if (
          out.rowsLostSample.length < 5 &&
          !out.rowsLostSample.some((x) => x.startsWith(`c${caseId} s${seq} `))
        )
          out.rowsLostSample.push(lost);
      } else if (acked) {
        recordLatency(out.rows, at - ackMs);
        recordLatency(out.rowsFromSend, at - sentMs);
      }
    }
  }
  return out;
}

async function startOperators(command: Extract<ClientCommand, { cmd: 'operators' }>): Promise<void> {
  const t0 = nowMs();
  for (const c of command.cases) caseById.set(c.id, c);
  let failed = 0;
  let firstError: string | null = null;
  // A few hundred handshakes at a time: the server checks a session per socket.
  for (let i = 0; i < command.sockets.length; i += 200) {
    const results = await Promise.allSettled(
      command.sockets.slice(i, i + 200).map((s) => connectOperator(command.port, s, command.timeoutMs)),
    );
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      failed += 1;
      firstError ??= String(r.reason);
    }
  }
  reply({ ev: 'connected', open: stats.open, failed, firstError, ms: nowMs() - t0 });
}

// ---------------------------------------------------------------------------------------------------
// customers

interface CustomerSide {
  port: number;
  webchat: Array<{ c: FanoutCase; socket: WebSocket }>;
  /** case → its customer's chat socket */
  socketOf: Map<number, WebSocket>;
  telegram: FanoutCase[];
  telegramPath: string;
  telegramSecret: string;
  agent: Agent;
  /** clientMsgId → the send waiting for its ack */
  waiting: Map<string, (ok: boolean, detail?: string) => void>;
}

let customers: CustomerSide | null = null;

function connectCustomer(side: CustomerSide, c: FanoutCase, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const token = encodeURIComponent(c.visitorToken ?? '');
    const socket = new WebSocket(`ws://127.0.0.1:${side.port}/api/v1/chat/ws?token=${token}`, {
      perMessageDeflate: false,
    });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no ready frame in time'));
    }, timeoutMs);
    socket.on('message', (data: Buffer) => {
      let frame: { type?: string; ack?: { clientMsgId?: string }; clientMsgId?: string; code?: string };
      try {
        frame = JSON.parse(data.toString('utf8')) as typeof frame;
      } catch {
        return;
      }
      if (frame.type === 'ready') {
        clearTimeout(timer);
        side.webchat.push({ c, socket });
        side.socketOf.set(c.id, socket);
        resolve();
      } else if (frame.type === 'ack' || frame.type === 'error') {
        const id = frame.type === 'ack' ? frame.ack?.clientMsgId : frame.clientMsgId;
        const done = id === undefined ? undefined : side.waiting.get(id);
        if (!done || id === undefined) return;
        side.waiting.delete(id);
        done(frame.type === 'ack', frame.code);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      reject(new Error('chat socket closed'));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function startCustomers(command: Extract<ClientCommand, { cmd: 'customers' }>): Promise<void> {
  const t0 = nowMs();
  const side: CustomerSide = {
    port: command.port,
    webchat: [],
    socketOf: new Map(),
    telegram: command.cases.filter((c) => c.channel === 'telegram'),
    telegramPath: `/webhooks/telegram/${command.telegramChannelId}`,
    telegramSecret: command.telegramWebhookSecret,
    agent: new Agent({ keepAlive: true, maxSockets: 64 }),
    waiting: new Map(),
  };
  customers = side;
  const results = await Promise.allSettled(
    command.cases
      .filter((c) => c.channel === 'webchat')
      .map((c) => connectCustomer(side, c, command.timeoutMs)),
  );
  const failures = results.filter((r) => r.status === 'rejected');
  reply({
    ev: 'connected',
    open: side.webchat.length,
    failed: failures.length,
    firstError: failures[0] ? String(failures[0].reason) : null,
    ms: nowMs() - t0,
  });
}

let updateId = 900_000_000;

function postTelegram(side: CustomerSide, c: FanoutCase, text: string): Promise<string | null> {
  updateId += 1;
  const userId = c.telegramUserId ?? 0;
  const from = { id: userId, is_bot: false, first_name: 'Анна' };
  const body = Buffer.from(
    JSON.stringify({
      update_id: updateId,
      message: {
        message_id: updateId,
        from,
        chat: { id: userId, type: 'private', first_name: 'Анна' },
        date: Math.floor(Date.now() / 1000),
        text,
      },
    }),
  );
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: side.port,
        path: side.telegramPath,
        method: 'POST',
        agent: side.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'x-telegram-bot-api-secret-token': side.telegramSecret,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200 ? null : `HTTP ${res.statusCode ?? 0}`));
      },
    );
    req.on('error', (error) => resolve(String(error)));
    req.end(body);
  });
}

async function run(command: Extract<ClientCommand, { cmd: 'run' }>): Promise<void> {
  const side = customers;
  if (!side) throw new Error('run before customers');
  const out: RunReply = {
    ev: 'ran',
    sent: [],
    acked: 0,
    offered: 0,
    skipped: 0,
    notAcked: 0,
    errors: 0,
    firstError: null,
    ackWebchat: emptyHistogram(),
    ackTelegram: emptyHistogram(),
    sendSeconds: 0,
  };
  const seqOf = new Map<number, number>();
  /** Telegram case → its last posted update (settled once it is answered): the next one waits for it. */
  const telegramTail = new Map<number, Promise<void>>();
  let inFlight = 0;
  const fail = (detail: string) => {
    out.errors += 1;
    out.firstError ??= detail;
  };
  const sendOne = (i: number) => {
    out.offered += 1;
    if (inFlight >= command.maxInFlight) return void (out.skipped += 1);
    const webchat = (i % 2 === 0 && side.webchat.length > 0) || side.telegram.length === 0;
    const target = webchat
      ? side.webchat[Math.floor(Math.random() * side.webchat.length)]?.c
      : side.telegram[Math.floor(Math.random() * side.telegram.length)];
    if (!target) return;
    const seq = (seqOf.get(target.id) ?? 0) + 1;
    seqOf.set(target.id, seq);
    const text = `${markerText({ caseId: target.id, seq })} Здравствуйте! Не работает мобильный интернет`;
    const sentAt = nowMs();
    const record: SentMessage = [target.id, seq, sentAt, -1];
    out.sent.push(record);
    inFlight += 1;
    const settle = (error: string | null) => {
      inFlight -= 1;
      const at = nowMs();
      // Refused (an error answer): nothing was stored, nothing is expected.
      if (error !== null) {
        out.sent.splice(out.sent.indexOf(record), 1);
        return fail(error);
      }
      record[3] = at;
      out.acked += 1;
      recordLatency(webchat ? out.ackWebchat : out.ackTelegram, at - postedAt);
    };
    let postedAt = sentAt;
    if (!webchat) {
      // One case's updates are posted one after another (Telegram delivers a chat's updates in order). Posted
      // concurrently over the agent's sockets they could be stored out of order, and the case's row would then
      // rightly end on the one stored last — which the matching rule ("this message or a later one of the
      // case") would count as the later message lost.
      const post = () => {
        postedAt = nowMs();
        return postTelegram(side, target, text).then(settle);
      };
      const posted = (telegramTail.get(target.id) ?? Promise.resolve()).then(post);
      telegramTail.set(target.id, posted);
      void posted.then(() => {
        if (telegramTail.get(target.id) === posted) telegramTail.delete(target.id);
      });
      return;
    }
    const socket = side.socketOf.get(target.id);
    const clientMsgId = randomUUID();
    side.waiting.set(clientMsgId, (ok, detail) => settle(ok ? null : `chat error ${detail ?? ''}`));
    socket?.send(JSON.stringify({ type: 'message', message: { clientMsgId, text, attachmentIds: [] } }));
  };
  // Open loop: the i-th message is due at i / rate seconds, whatever the server's pace.
  const t0 = nowMs();
  const total = Math.round(command.rate * command.seconds);
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((nowMs() - t0) * command.rate) / 1000));
      while (next < due) sendOne(next++);
      if (next >= total) return resolve();
      setTimeout(tick, 2);
    };
    tick();
  });
  out.sendSeconds = (nowMs() - t0) / 1000;
  const deadline = nowMs() + command.ackTimeoutMs;
  while (inFlight > 0 && nowMs() < deadline) await new Promise((r) => setTimeout(r, 50));
  out.notAcked = inFlight;
  reply(out);
}

// ---------------------------------------------------------------------------------------------------

process.on('message', (command: ClientCommand) => {
  const fail = (error: unknown) => {
    console.error(`fan-out client (${command.cmd}) failed:`, error);
    process.exit(1);
  };
  switch (command.cmd) {
    case 'operators':
      return void startOperators(command).catch(fail);
    case 'customers':
      return void startCustomers(command).catch(fail);
    case 'run':
      return void run(command).catch(fail);
    case 'stats':
      return void reply({ ev: 'stats', ...stats });
    case 'report':
      return void reply(reportOn(command.sent));
  }
});
process.on('disconnect', () => process.exit(0));
