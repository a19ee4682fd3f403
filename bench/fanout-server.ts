/**
 * Frontline's whole server on SQLite for the realtime fan-out benchmark (section 7 of bench/run.ts), seeded
 * in bulk through the store: FANOUT_QUEUES queues of FANOUT_OPERATORS / FANOUT_QUEUES operators each (one
 * live session per operator, inserted as the login would insert it, so sockets authenticate with real
 * session cookies), and FANOUT_CASES open cases spread over the queues, each assigned to a member of its
 * queue; half the cases of each queue belong to web-chat visitors (a visitor token each), half to Telegram users of a bot
 * connected to the local Bot API fake. Writes what the load generator needs to a JSON file
 * (`FanoutSeed`) and prints `READY <port> <that file>`.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Insertable, Transaction } from 'kysely';
import { sessionCookie } from '../apps/server/src/http/auth-guard.ts';
import { hashToken } from '../apps/server/src/modules/auth/session-service.ts';
import { VisitorTokens } from '../apps/server/src/modules/chat/visitor-tokens.ts';
import type { Database } from '../apps/server/src/store/schema.ts';
import { announceReady } from './announce-ready.ts';
import { benchOperatorRow, caseSlot, insertAll as insertRows } from './fanout-seed-shape.ts';
import { connectBenchTelegram, createBenchAdmin, startBenchServer } from './start-bench-server.ts';

/** What the fan-out load generator reads from the file the server names after READY. */
export interface FanoutSeed {
  telegramChannelId: number;
  telegramWebhookSecret: string;
  operators: Array<{ id: number; queueId: number; cookie: string }>;
  cases: Array<{
    id: number;
    queueId: number;
    assigneeId: number;
    channel: 'webchat' | 'telegram';
    /** Web chat: the visitor token of the case's customer. */
    visitorToken?: string;
    /** Telegram: the user (and private chat) id of the case's customer. */
    telegramUserId?: number;
  }>;
}

const operatorCount = Number(process.env.FANOUT_OPERATORS ?? 2000);
const queueCount = Math.max(1, Number(process.env.FANOUT_QUEUES ?? 20));
const caseCount = Number(process.env.FANOUT_CASES ?? 1000);
const webhookSecret = 'bench-fanout-secret';

// No per-visitor message limit: the bench's customers send faster than a person would.
const { app, services, dataDir } = await startBenchServer({
  name: 'fanout',
  env: { PUBLIC_URL: 'http://127.0.0.1:1', CHAT_MESSAGES_PER_MINUTE: '0' },
});
const { store, config } = services;
const admin = await createBenchAdmin(services, 'fanout-admin@bench.local');
const channel = await connectBenchTelegram(services, admin.id, {
  name: 'fanout bench',
  botToken: '7000000998:AAHfanout_token',
  webhookSecret,
});
const webchatAccount = await store.db
  .selectFrom('channel_accounts')
  .select('id')
  .where('kind', '=', 'webchat')
  .executeTakeFirstOrThrow();

const insertAll = <R>(rows: R[], insert: (tx: Transaction<Database>, chunk: R[]) => Promise<unknown>) =>
  insertRows(store, rows, insert);

async function nextId(table: 'queues' | 'operators' | 'customers' | 'identities' | 'cases') {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number>('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

const now = new Date();
const iso = now.toISOString();
const expires = new Date(now.getTime() + 12 * 3600_000).toISOString();

const firstQueue = await nextId('queues');
const queueIds = Array.from({ length: queueCount }, (_, q) => firstQueue + q);
await insertAll(
  queueIds.map((id) => ({ id, name: `Fan-out queue ${id}`, name_ru: null, name_en: null, created_at: iso })),
  (tx, chunk) => tx.insertInto('queues').values(chunk).execute(),
);

// One password hash for all: nobody logs in with it, the sessions below are inserted directly.
const firstOperator = await nextId('operators');
const operators = Array.from({ length: operatorCount }, (_, i) => ({
  id: firstOperator + i,
  queueId: queueIds[i % queueCount] ?? firstQueue,
  token: randomBytes(32).toString('base64url'),
}));
await insertAll(
  operators.map((o) => benchOperatorRow(o.id, iso)),
  (tx, chunk) => tx.insertInto('operators').values(chunk).execute(),
);
await insertAll(
  operators.map((o) => ({ operator_id: o.id, queue_id: o.queueId })),
  (tx, chunk) => tx.insertInto('operator_queues').values(chunk).execute(),
);
await insertAll(
  operators.map((o) => ({
    id: hashToken(o.token),
    operator_id: o.id,
    csrf_token: randomBytes(24).toString('base64url'),
    created_at: iso,
    expires_at: expires,
  })),
  (tx, chunk) => tx.insertInto('sessions').values(chunk).execute(),
);

const membersOf = new Map<number, number[]>();
for (const o of operators) membersOf.set(o.queueId, [...(membersOf.get(o.queueId) ?? []), o.id]);
const visitorTokens = new VisitorTokens(config.secretKey, {
  ttlSeconds: config.chat.tokenTtlSeconds,
  refreshSeconds: config.chat.tokenRefreshSeconds,
});
const firstCustomer = await nextId('customers');
const firstIdentity = await nextId('identities');
const firstCase = await nextId('cases');
const cases: FanoutSeed['cases'] = [];
const customerRows: Array<Insertable<Database['customers']>> = [];
const identityRows: Array<Insertable<Database['identities']>> = [];
const caseRows: Array<Insertable<Database['cases']>> = [];
for (let k = 0; k < caseCount; k++) {
  const { queueId, assigneeId, webchat } = caseSlot(k, queueIds, membersOf, caseCount);
  const customerId = firstCustomer + k;
  const identityId = firstIdentity + k;
  const telegramUserId = 600_000_000 + k;
  const externalId = webchat
    ? `visitor:fanout-${k}-${randomBytes(6).toString('hex')}`
    : String(telegramUserId);
  customerRows.push({ id: customerId, display_name: `Клиент ${k}`, created_at: iso });
  identityRows.push({
    id: identityId,
    customer_id: customerId,
    channel_account_id: webchat ? webchatAccount.id : channel.id,
    external_id: externalId,
    display_name: `Клиент ${k}`,
    verified_by: null,
    created_at: iso,
    last_seen_at: iso,
  });
  caseRows.push({
    id: firstCase + k,
    customer_id: customerId,
    entry_point_id: 1,
    queue_id: queueId,
    status: 'assigned',
    priority: 0,
    assignee_id: assigneeId,
    last_identity_id: identityId,
    last_message_text: null,
    last_message_at: null,
    unread: 0,
    opened_at: iso,
    first_response_at: null,
    resolved_at: null,
    updated_at: iso,
  });
  cases.push({
    id: firstCase + k,
    queueId,
    assigneeId,
    channel: webchat ? 'webchat' : 'telegram',
    ...(webchat
      ? { visitorToken: visitorTokens.issue({ vid: externalId, ep: 1 }, now).token }
      : { telegramUserId }),
  });
}
await insertAll(customerRows, (tx, chunk) => tx.insertInto('customers').values(chunk).execute());
await insertAll(identityRows, (tx, chunk) => tx.insertInto('identities').values(chunk).execute());
await insertAll(caseRows, (tx, chunk) => tx.insertInto('cases').values(chunk).execute());

const seedFile = join(dataDir, 'fanout-seed.json');
const fanoutSeed: FanoutSeed = {
  telegramChannelId: channel.id,
  telegramWebhookSecret: webhookSecret,
  operators: operators.map((o) => ({ id: o.id, queueId: o.queueId, cookie: `${sessionCookie}=${o.token}` })),
  cases,
};
writeFileSync(seedFile, JSON.stringify(fanoutSeed));
announceReady(app.server, seedFile);
