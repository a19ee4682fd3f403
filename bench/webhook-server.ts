/**
 * Frontline's whole server on SQLite with a Telegram bot connected to the local Bot API fake, for the
 * webhook-ingest benchmark: prints `READY <port> <telegramChannelId> <whatsappChannelId>`; `GET /bench/ingested`
 * tells how many inbound messages reached a case (and when) and how many raw events are still pending or failed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTelegramFake, startWhatsAppFake } from '@frontline/fakes';
import { loadConfig } from '../apps/server/src/config.ts';
import { createFrontline } from '../apps/server/src/create-frontline.ts';
import { createLogger } from '../apps/server/src/lib/logger.ts';
import { announceReady } from './announce-ready.ts';

const benchBotToken = '7000000999:AAHbench_token';
const benchWebhookSecret = 'bench-webhook-secret';

const dataDir = mkdtempSync(join(tmpdir(), 'frontline-bench-wh-'));
const telegram = await startTelegramFake({ flood: { perChat: null, global: null } });
telegram.state.addBot({ token: benchBotToken });
const config = loadConfig({
  DATA_DIR: dataDir,
  SECRET_KEY: 'b'.repeat(40),
  LOG_LEVEL: 'warn',
  PUBLIC_URL: 'http://127.0.0.1:1',
});
const { app, services, start } = await createFrontline({ config, logger: createLogger('warn') });
const { store } = services;
// How far processing got, for bench/run.ts's ingest-to-case figure: inbound messages stored in cases (in all,
// and in the window `from`..`until` by their stored time, with the latest), raw events still waiting (or being
// processed), and raw events that failed.
const count = async (query: Promise<{ n: number }>) => Number((await query).n);
app.get<{ Querystring: { from?: string; until?: string } }>('/bench/ingested', async (request) => {
  const { from = '', until = '9999' } = request.query;
  const inbound = store.db.selectFrom('messages').where('direction', '=', 'in');
  const rawEvents = (status: 'pending' | 'failed') =>
    store.db
      .selectFrom('raw_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', status)
      .executeTakeFirstOrThrow();
  const inWindow = inbound.where('created_at', '>=', from).where('created_at', '<', until);
  const last = await inWindow.select((eb) => eb.fn.max('created_at').as('at')).executeTakeFirst();
  return {
    messages: await count(inbound.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()),
    pending: await count(rawEvents('pending')),
    failed: await count(rawEvents('failed')),
    inWindow: await count(
      inWindow.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ),
    lastAt: last?.at ?? null,
  };
});
await start();
await app.listen({ port: 0, host: '127.0.0.1' });
const admin = await services.operators.create(
  {
    email: 'bench@example.com',
    name: 'bench',
    password: 'bench-password',
    role: 'admin',
    capacity: 5,
    queueIds: [1],
  },
  null,
);
const channel = await services.channelAdmin.create(
  {
    kind: 'telegram',
    name: 'bench',
    entryPointId: 1,
    config: { apiRoot: telegram.url },
    secrets: { botToken: benchBotToken, webhookSecret: benchWebhookSecret },
  },
  admin.id,
);
const wa = {
  accessToken: 'EAAGbenchAccessToken0123456789',
  appSecret: 'bench_app_secret',
  phoneNumberId: '106540352242922',
};
const whatsapp = await startWhatsAppFake(wa);
const waChannel = await services.channelAdmin.create(
  {
    kind: 'whatsapp',
    name: 'bench',
    entryPointId: 1,
    config: { graphRoot: whatsapp.url, phoneNumberId: wa.phoneNumberId },
    secrets: { accessToken: wa.accessToken, appSecret: wa.appSecret, verifyToken: 'bench-verify-token' },
  },
  admin.id,
);
announceReady(app.server, `${channel.id} ${waChannel.id}`);
