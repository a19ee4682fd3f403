/**
 * The "limit server": the least work that can durably accept a web-chat message on the same store —
 * bare node:http, JSON.parse, one group-committed INSERT of the same message row, with the pipeline's own
 * prepared statement and the same values (channel account, identity, the `visitor:<id>:<clientMsgId>`
 * external id that keeps a message stored once), for the same 100 customers, each with an open case. The sender is
 * named by an `x-sender` header (the pipeline knows it from the visitor token). Frontline's pipeline is
 * measured against it.
 *
 * `LIMIT_ROWS=spine` (a second reference, printed beside the first): the same rows the spine writes per
 * message — the message row, the case's last-message update and the two outbox rows (for the operators
 * and for the customer's stream), with the spine's statements, views and event writer — and nothing
 * else: no lookups, no routing, no framework. The pipeline's ratio to it is the cost of Frontline's own code; the rest is the data the
 * spine must store.
 */
import { randomUUID } from 'node:crypto';
import { systemClock } from '../apps/server/src/lib/clock.ts';
import { EventWriter } from '../apps/server/src/modules/events/event-writer.ts';
import { insertBenchMessage, spineWrites, type Sender } from './spine-writes.ts';
import { openLimitStore, startLimitServer } from './start-limit-server.ts';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 100);
const spineRows = process.env.LIMIT_ROWS === 'spine';

const store = await openLimitStore('frontline-limit-');
const now = new Date().toISOString();

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
// Events numbered as they are written (SQLite), like the pipeline's; nobody publishes them here.
const events = new EventWriter(systemClock, () => {}, true);
const accountId = await store.db
  .selectFrom('channel_accounts')
  .select('id')
  .executeTakeFirstOrThrow()
  .then((r) => r.id);

interface Body {
  clientMsgId: string;
  text: string;
}

startLimitServer((req, raw, res) => {
  let body: Body;
  try {
    body = JSON.parse(raw.toString('utf8')) as Body;
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
      const row = await insertBenchMessage(tx, who, {
        accountId,
        text: body.text,
        externalId: `${who.externalId}:${body.clientMsgId}`,
        clientMsgId: body.clientMsgId,
        at,
      });
      if (spineRows) await spineWrites(tx, events, who, row, at, 'webchat');
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
