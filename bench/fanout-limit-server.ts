/**
 * The fan-out "limit server": the least work that can durably accept the fan-out benchmark's messages and
 * deliver them as Frontline's protocol does, on the same machine, store and load generator (section 7 of
 * bench/run.ts runs it beside Frontline's server). Frontline's ack → socket figures are read against it: what
 * it cannot do on this machine, no design of Frontline's server can.
 *
 * Bare node:http and ws, no framework, no authentication beyond a map lookup, no routing, no lookups: a
 * message (web chat over the chat socket, or a Telegram webhook POST) is one group-committed write of the
 * spine's rows (bench/spine-writes.ts: the message, the case's last message, the two outbox rows), acked after
 * its commit; then the full `message.created` is serialised once and written to the assignee's sockets in a
 * `batch` frame, and the case's inbox row is coalesced into its queue's 250 ms window, each queue's window
 * closing at its own point of the cycle, one shared Buffer written to every member. `/metrics` answers the
 * event-loop delay in prom-client's names, like Frontline's.
 *
 * It seeds its own store with the same shape as bench/fanout-server.ts and prints `READY <port> <seed file>`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Insertable, Transaction } from 'kysely';
import { WebSocketServer, type WebSocket } from 'ws';
import { systemClock } from '../apps/server/src/lib/clock.ts';
import { EventWriter } from '../apps/server/src/modules/events/event-writer.ts';
import type { Database } from '../apps/server/src/store/schema.ts';
import { announceReady } from './announce-ready.ts';
import type { FanoutSeed } from './fanout-server.ts';
import { benchOperatorRow, caseSlot, insertAll as insertRows } from './fanout-seed-shape.ts';
import { insertBenchMessage, spineWrites, type Sender } from './spine-writes.ts';
import { openLimitStore } from './start-limit-server.ts';

const operatorCount = Number(process.env.FANOUT_OPERATORS ?? 2000);
const queueCount = Math.max(1, Number(process.env.FANOUT_QUEUES ?? 20));
const caseCount = Number(process.env.FANOUT_CASES ?? 1000);
const rowWindowMs = 250;
const webhookSecret = 'bench-fanout-limit-secret';
const cookieName = 'fl_session';

const store = await openLimitStore('frontline-fanout-limit-');
const iso = new Date().toISOString();

const insertAll = <R>(rows: R[], insert: (tx: Transaction<Database>, chunk: R[]) => Promise<unknown>) =>
  insertRows(store, rows, insert);

const queueIds = Array.from({ length: queueCount }, (_, q) => q + 1);
await insertAll(
  queueIds.map((id) => ({ id, name: `Fan-out queue ${id}`, created_at: iso })),
  (tx, chunk) => tx.insertInto('queues').values(chunk).execute(),
);
await insertAll(
  [{ id: 1, slug: 'general', name_ru: 'Общие', name_en: 'General', queue_id: 1, created_at: iso }],
  (tx, chunk) => tx.insertInto('entry_points').values(chunk).execute(),
);
const webchatAccountId = 1;
const telegramAccountId = 2;
await insertAll(
  [
    { id: webchatAccountId, kind: 'webchat' as const, name: 'w' },
    { id: telegramAccountId, kind: 'telegram' as const, name: 't' },
  ].map((a) => ({ ...a, entry_point_id: null, config: '{}', status: 'active' as const, created_at: iso })),
  (tx, chunk) => tx.insertInto('channel_accounts').values(chunk).execute(),
);
const operators = Array.from({ length: operatorCount }, (_, i) => ({
  id: i + 1,
  queueId: queueIds[i % queueCount] ?? 1,
  token: randomBytes(32).toString('base64url'),
}));
await insertAll(
  operators.map((o) => benchOperatorRow(o.id, iso)),
  (tx, chunk) => tx.insertInto('operators').values(chunk).execute(),
);

const membersOf = new Map<number, number[]>();
for (const o of operators) membersOf.set(o.queueId, [...(membersOf.get(o.queueId) ?? []), o.id]);
const seedCases: FanoutSeed['cases'] = [];
const senders = new Map<number, Sender & { channel: 'webchat' | 'telegram' }>();
const webchatByToken = new Map<string, number>();
const telegramByUser = new Map<number, number>();
const customerRows: Array<Insertable<Database['customers']>> = [];
const identityRows: Array<Insertable<Database['identities']>> = [];
const caseRows: Array<Insertable<Database['cases']>> = [];
for (let k = 0; k < caseCount; k++) {
  const { queueId, assigneeId, webchat } = caseSlot(k, queueIds, membersOf, caseCount);
  const id = k + 1;
  const telegramUserId = 600_000_000 + k;
  const externalId = webchat ? `visitor:fanout-${k}` : String(telegramUserId);
  customerRows.push({ id, display_name: `Клиент ${k}`, created_at: iso });
  identityRows.push({
    id,
    customer_id: id,
    channel_account_id: webchat ? webchatAccountId : telegramAccountId,
    external_id: externalId,
    display_name: `Клиент ${k}`,
    verified_by: null,
    created_at: iso,
    last_seen_at: iso,
  });
  caseRows.push({
    id,
    customer_id: id,
    entry_point_id: 1,
    queue_id: queueId,
    status: 'assigned',
    priority: 0,
    assignee_id: assigneeId,
    last_identity_id: id,
    unread: 0,
    opened_at: iso,
    updated_at: iso,
  });
  senders.set(id, {
    customerId: id,
    identityId: id,
    caseId: id,
    externalId,
    channel: webchat ? 'webchat' : 'telegram',
  });
  const visitorToken = randomBytes(24).toString('base64url');
  if (webchat) webchatByToken.set(visitorToken, id);
  else telegramByUser.set(telegramUserId, id);
  seedCases.push({
    id,
    queueId,
    assigneeId,
    channel: webchat ? 'webchat' : 'telegram',
    ...(webchat ? { visitorToken } : { telegramUserId }),
  });
}
await insertAll(customerRows, (tx, chunk) => tx.insertInto('customers').values(chunk).execute());
await insertAll(identityRows, (tx, chunk) => tx.insertInto('identities').values(chunk).execute());
await insertAll(caseRows, (tx, chunk) => tx.insertInto('cases').values(chunk).execute());

// Events numbered as they are written (SQLite), like the pipeline's; delivery below is direct.
const events = new EventWriter(systemClock, () => {}, true);

/** Operator sockets: by operator, and by queue. */
const socketsOf = new Map<number, Set<WebSocket>>();
const queueSockets = new Map<number, Set<WebSocket>>(queueIds.map((q) => [q, new Set()]));
const operatorByToken = new Map(operators.map((o) => [o.token, o]));

/** Each queue's open row window: case → its newest row (serialised), flushed at the queue's phase. */
const rowWindows = new Map<number, Map<number, string>>(queueIds.map((q) => [q, new Map()]));
let cursor = 0;
queueIds.forEach((queueId, q) => {
  const flush = () => {
    const rows = rowWindows.get(queueId);
    if (!rows || rows.size === 0) return;
    const bytes = Buffer.from(
      `{"type":"batch","cursor":${cursor},"frames":[{"type":"rows","rows":[${[...rows.values()].join(',')}]}]}`,
    );
    rows.clear();
    for (const socket of queueSockets.get(queueId) ?? []) socket.send(bytes, { binary: false });
  };
  setTimeout(() => setInterval(flush, rowWindowMs), Math.floor((q * rowWindowMs) / queueCount));
});

let updates = 0;

/** Stores one message durably; after the commit, acks and delivers. */
function accept(caseId: number, text: string, clientMsgId: string | null, ack: () => void): void {
  const who = senders.get(caseId);
  if (!who) return;
  const at = new Date().toISOString();
  const accountId = who.channel === 'webchat' ? webchatAccountId : telegramAccountId;
  updates += 1;
  const externalId = clientMsgId ? `${who.externalId}:${clientMsgId}` : `${who.externalId}:${updates}`;
  store
    .write(async (tx) => {
      const row = await insertBenchMessage(tx, who, { accountId, text, externalId, clientMsgId, at });
      return spineWrites(tx, events, who, row, at, who.channel);
    })
    .then(
      ({ case: c, event }) => {
        ack();
        cursor += 1;
        const frame = `{"type":"batch","cursor":${cursor},"frames":[{"type":"event","id":${cursor},"event":${JSON.stringify(event)}}]}`;
        for (const socket of socketsOf.get(c.assignee_id ?? 0) ?? []) socket.send(frame);
        rowWindows.get(c.queue_id)?.set(c.id, JSON.stringify({ id: cursor, caseId: c.id, case: event.case }));
      },
      (error: unknown) => console.error('fan-out limit server: a write failed', error),
    );
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/metrics') {
      const s = (ns: number) => (ns / 1e9).toFixed(6);
      const text = `frontline_nodejs_eventloop_lag_p99_seconds ${s(loopDelay.percentile(99))}\nfrontline_nodejs_eventloop_lag_max_seconds ${s(loopDelay.max)}\n`;
      loopDelay.reset();
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(text);
    }
    if (req.method !== 'POST' || req.headers['x-telegram-bot-api-secret-token'] !== webhookSecret)
      return void res.writeHead(404).end();
    let userId: number | undefined;
    let text = '';
    try {
      const update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        message?: { from?: { id?: number }; text?: string };
      };
      userId = update.message?.from?.id;
      text = update.message?.text ?? '';
    } catch {
      return void res.writeHead(400).end();
    }
    const caseId = userId === undefined ? undefined : telegramByUser.get(userId);
    if (caseId === undefined) return void res.writeHead(400).end();
    accept(caseId, text, null, () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
});
server.keepAliveTimeout = 60_000;

const operatorServer = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const chatServer = new WebSocketServer({ noServer: true, perMessageDeflate: false });

function cookieOf(req: IncomingMessage): string | undefined {
  const m = new RegExp(`(?:^|;\\s*)${cookieName}=([^;]+)`).exec(req.headers.cookie ?? '');
  return m?.[1];
}

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/api/v1/realtime') {
    const operator = operatorByToken.get(cookieOf(req) ?? '');
    if (!operator) return void socket.destroy();
    operatorServer.handleUpgrade(req, socket, head, (ws) => {
      const own = socketsOf.get(operator.id) ?? new Set();
      socketsOf.set(operator.id, own.add(ws));
      queueSockets.get(operator.queueId)?.add(ws);
      ws.on('close', () => {
        own.delete(ws);
        queueSockets.get(operator.queueId)?.delete(ws);
      });
      ws.send(`{"type":"batch","cursor":${cursor},"frames":[{"type":"ready","cursor":${cursor}}]}`);
    });
    return;
  }
  if (url.pathname === '/api/v1/chat/ws') {
    const caseId = webchatByToken.get(url.searchParams.get('token') ?? '');
    if (caseId === undefined) return void socket.destroy();
    chatServer.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data: Buffer) => {
        let frame: { type?: string; message?: { clientMsgId?: string; text?: string } };
        try {
          frame = JSON.parse(data.toString('utf8')) as typeof frame;
        } catch {
          return;
        }
        const clientMsgId = frame.message?.clientMsgId;
        if (frame.type !== 'message' || !clientMsgId) return;
        accept(caseId, frame.message?.text ?? '', clientMsgId, () =>
          ws.send(JSON.stringify({ type: 'ack', ack: { clientMsgId } })),
        );
      });
      ws.send('{"type":"ready"}');
    });
    return;
  }
  socket.destroy();
});

const seedFile = join(mkdtempSync(join(tmpdir(), 'frontline-fanout-limit-seed-')), 'seed.json');
const seed: FanoutSeed = {
  telegramChannelId: telegramAccountId,
  telegramWebhookSecret: webhookSecret,
  operators: operators.map((o) => ({ id: o.id, queueId: o.queueId, cookie: `${cookieName}=${o.token}` })),
  cases: seedCases,
};
writeFileSync(seedFile, JSON.stringify(seed));
server.listen(0, '127.0.0.1', () => announceReady(server, seedFile));
