/**
 * The "limit server" for webhook ingest: the least work that can durably accept a provider webhook on the
 * same store — bare node:http, the same authenticity check (Telegram secret token, WhatsApp HMAC-SHA256 over
 * the raw bytes, constant-time), one group-committed INSERT of the same raw-event row. Frontline's webhook
 * route is measured against it (bench/run.ts sections 3 and 4), as the web-chat pipeline is against
 * bench/limit-server.ts.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { openLimitStore, startLimitServer } from './start-limit-server.ts';

const telegramSecret = Buffer.from('bench-webhook-secret');
const whatsappAppSecret = 'bench_app_secret';

const store = await openLimitStore('frontline-limit-wh-');
const now = new Date().toISOString();
const { id: accountId } = await store.write((tx) =>
  tx.db
    .insertInto('channel_accounts')
    .values({
      kind: 'telegram',
      name: 'limit',
      entry_point_id: null,
      config: '{}',
      status: 'active',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow(),
);

function authentic(
  path: string,
  headers: Record<string, string | string[] | undefined>,
  raw: Buffer,
): string | null {
  if (path.startsWith('/telegram')) {
    const given = Buffer.from(String(headers['x-telegram-bot-api-secret-token'] ?? ''));
    if (given.length !== telegramSecret.length || !timingSafeEqual(given, telegramSecret)) return null;
    const updateId = /"update_id":(\d+)/.exec(raw.toString('utf8'))?.[1];
    return updateId ?? null;
  }
  const header = String(headers['x-hub-signature-256'] ?? '');
  const expected = Buffer.from(`sha256=${createHmac('sha256', whatsappAppSecret).update(raw).digest('hex')}`);
  const given = Buffer.from(header);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return createHash('sha256').update(raw).digest('hex');
}

startLimitServer((req, raw, res) => {
  const key = authentic(req.url ?? '', req.headers, raw);
  if (key === null) {
    res.writeHead(401).end();
    return;
  }
  const at = new Date().toISOString();
  store
    .write((tx) =>
      tx.db
        .insertInto('raw_events')
        .values({
          channel_account_id: accountId,
          event_key: key,
          body: raw.toString('utf8'),
          received_at: at,
          status: 'pending',
          attempts: 0,
          next_attempt_at: at,
        })
        .onConflict((oc) => oc.columns(['channel_account_id', 'event_key']).doNothing())
        .execute(),
    )
    .then(
      () => res.writeHead(200).end(),
      () => res.writeHead(500).end(),
    );
});
