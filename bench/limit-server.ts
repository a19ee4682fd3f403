/**
 * The "limit server": the least work that can durably accept a web-chat message on the same store —
 * bare node:http, JSON.parse, one group-committed INSERT of the same message row: the same columns and
 * values as the pipeline's (channel account, identity, the `visitor:<id>:<clientMsgId>` external id
 * that keeps a message stored once), for the same 100 customers, each with an open case. The sender is
 * named by an `x-sender` header (the pipeline knows it from the visitor token). Frontline's pipeline is
 * measured against it.
 *
 * `LIMIT_ROWS=spine` (a second reference, printed beside the first): the same rows the spine writes per
 * message — the message row, the case's last-message update and the two outbox rows (for the operators
 * and for the customer's stream), with payloads of the same shape — and nothing else: no lookups, no
 * framework. The pipeline's ratio to it is the cost of Frontline's own code; the rest is the data the
 * spine must store.
 */
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openStore } from '../apps/server/src/store/open-store.ts';
import { prepare } from '../apps/server/src/store/prepared.ts';
import type { Database } from '../apps/server/src/store/schema.ts';
import type { Tx } from '../apps/server/src/store/store.ts';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 100);
const spineRows = process.env.LIMIT_ROWS === 'spine';

const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'frontline-limit-')) });
const now = new Date().toISOString();

interface Sender {
  customerId: number;
  identityId: number;
  caseId: number;
  externalId: string;
}

const senders: Sender[] = await store.write(async ({ db }) => {
  const { id: queueId } = await db
    .insertInto('queues')
    .values({ name: 'q', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: entryPointId } = await db
    .insertInto('entry_points')
    .values({ slug: 'g', name_ru: 'g', name_en: 'g', queue_id: queueId, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: accountId } = await db
    .insertInto('channel_accounts')
    .values({
      kind: 'webchat',
      name: 'w',
      entry_point_id: null,
      config: '{}',
      status: 'active',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const list: Sender[] = [];
  for (let i = 0; i < SENDERS; i++) {
    const { id: customerId } = await db
      .insertInto('customers')
      .values({ display_name: null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const externalId = `visitor:${randomUUID()}`;
    const { id: identityId } = await db
      .insertInto('identities')
      .values({
        customer_id: customerId,
        channel_account_id: accountId,
        external_id: externalId,
        display_name: null,
        verified_by: null,
        created_at: now,
        last_seen_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: caseId } = await db
      .insertInto('cases')
      .values({
        customer_id: customerId,
        entry_point_id: entryPointId,
        queue_id: queueId,
        status: 'queued',
        priority: 0,
        unread: 0,
        opened_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    list.push({ customerId, identityId, caseId, externalId });
  }
  return list;
});
const accountId = await store.db
  .selectFrom('channel_accounts')
  .select('id')
  .executeTakeFirstOrThrow()
  .then((r) => r.id);

// Prepared once, like the pipeline's hot statements (store/prepared.ts): the baseline builds no queries.
const insertMessage = prepare(
  (
    db: Kysely<Database>,
    caseId: number,
    customerId: number,
    identityId: number,
    text: string,
    externalId: string,
    clientMsgId: string,
    at: string,
  ) =>
    db
      .insertInto('messages')
      .values({
        case_id: caseId,
        customer_id: customerId,
        direction: 'in',
        channel_account_id: accountId,
        identity_id: identityId,
        author_operator_id: null,
        text,
        attachments: '[]',
        external_id: externalId,
        client_msg_id: clientMsgId,
        status: 'received',
        created_at: at,
        meta: null,
      })
      .returning('id'),
);

const touchCase = prepare(
  (db: Kysely<Database>, caseId: number, identityId: number, text: string, at: string) =>
    db
      .updateTable('cases')
      .set((eb) => ({
        last_identity_id: identityId,
        last_message_text: text,
        last_message_at: at,
        unread: eb('unread', '+', 1),
        updated_at: at,
      }))
      .where('id', '=', caseId)
      .returningAll(),
);

const insertEvent = prepare(
  (
    db: Kysely<Database>,
    type: string,
    audience: 'operators' | 'customer',
    queueId: number | null,
    identityId: number | null,
    payload: string,
    at: string,
  ) =>
    db.insertInto('outbox_events').values((eb) => ({
      seq: eb.selectFrom('outbox_events').select(sql<number>`coalesce(max(seq), 0) + 1`.as('next')),
      type,
      audience,
      queue_id: queueId,
      operator_id: null,
      identity_id: identityId,
      payload,
      created_at: at,
    })),
);

/** The spine's other rows: the case's last message and one outbox event per audience. */
async function spineWrites(tx: Tx, who: Sender, body: Body, messageId: number, at: string) {
  const [c] = await touchCase.run(tx.db, who.caseId, who.identityId, body.text, at);
  if (!c) throw new Error('no case');
  const message = {
    id: messageId,
    direction: 'in',
    text: body.text,
    attachments: [],
    status: 'received',
    clientMsgId: body.clientMsgId,
    authorName: null,
    createdAt: at,
  };
  const forOperators = {
    type: 'message.created',
    message: {
      ...message,
      caseId: c.id,
      customerId: c.customer_id,
      channelKind: 'webchat',
      identityId: who.identityId,
      authorOperatorId: null,
      statusReason: null,
    },
    case: {
      id: c.id,
      customerId: c.customer_id,
      customerName: null,
      entryPointId: c.entry_point_id,
      queueId: c.queue_id,
      status: c.status,
      priority: c.priority,
      assigneeId: c.assignee_id,
      lastChannelKind: 'webchat',
      lastMessageText: c.last_message_text,
      lastMessageAt: c.last_message_at,
      unread: c.unread,
      openedAt: c.opened_at,
      resolvedAt: c.resolved_at,
    },
  };
  await insertEvent.run(
    tx.db,
    'message.created',
    'operators',
    c.queue_id,
    null,
    JSON.stringify(forOperators),
    at,
  );
  const forCustomer = { type: 'message', message };
  await insertEvent.run(tx.db, 'message', 'customer', null, who.identityId, JSON.stringify(forCustomer), at);
}

interface Body {
  clientMsgId: string;
  text: string;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: Body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body;
    } catch {
      res.writeHead(400).end();
      return;
    }
    const who = senders[Number(req.headers['x-sender'] ?? 0) % senders.length];
    if (!who) {
      res.writeHead(400).end();
      return;
    }
    const at = new Date().toISOString();
    store
      .write(async (tx) => {
        const [row] = await insertMessage.run(
          tx.db,
          who.caseId,
          who.customerId,
          who.identityId,
          body.text,
          `${who.externalId}:${body.clientMsgId}`,
          body.clientMsgId,
          at,
        );
        if (!row) throw new Error('no row');
        if (spineRows) await spineWrites(tx, who, body, row.id, at);
        return row;
      })
      .then(
        (row) => {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ clientMsgId: body.clientMsgId, messageId: row.id }));
        },
        () => res.writeHead(500).end(),
      );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`READY ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
// Exit on SIGTERM (not killed by it), so that a CPU profile asked for with BENCH_PROFILE gets written.
process.on('SIGTERM', () => process.exit(0));
