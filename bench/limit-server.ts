/**
 * The "limit server": the least work that can durably accept a web-chat message on the same store —
 * bare node:http, JSON.parse, one group-committed INSERT of the same message row. Frontline's pipeline
 * is measured against it.
 */
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../apps/server/src/store/open-store.ts';

const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'frontline-limit-')) });
const now = new Date().toISOString();
const { id: queueId } = await store.write((tx) =>
  tx.db.insertInto('queues').values({ name: 'q', created_at: now }).returning('id').executeTakeFirstOrThrow(),
);
const { id: epId } = await store.write((tx) =>
  tx.db
    .insertInto('entry_points')
    .values({ slug: 'g', name_ru: 'g', name_en: 'g', queue_id: queueId, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow(),
);
const { id: customerId } = await store.write((tx) =>
  tx.db
    .insertInto('customers')
    .values({ display_name: null, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow(),
);
const { id: caseId } = await store.write((tx) =>
  tx.db
    .insertInto('cases')
    .values({
      customer_id: customerId,
      entry_point_id: epId,
      queue_id: queueId,
      status: 'queued',
      priority: 0,
      unread: 0,
      opened_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow(),
);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: { clientMsgId: string; text: string };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { clientMsgId: string; text: string };
    } catch {
      res.writeHead(400).end();
      return;
    }
    const at = new Date().toISOString();
    store
      .write((tx) =>
        tx.db
          .insertInto('messages')
          .values({
            case_id: caseId,
            customer_id: customerId,
            direction: 'in',
            channel_account_id: null,
            identity_id: null,
            author_operator_id: null,
            text: body.text,
            attachments: '[]',
            external_id: null,
            client_msg_id: body.clientMsgId,
            status: 'received',
            created_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      )
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
