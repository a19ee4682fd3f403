/**
 * Frontline's whole server on SQLite with a Telegram bot connected to the local Bot API fake, for the
 * webhook-ingest benchmark: prints `READY <port> <telegramChannelId> <whatsappChannelId>`; `GET /bench/ingested`
 * tells how many inbound messages reached a case (and when) and how many raw events are still pending or failed.
 */
import { startWhatsAppFake } from '@frontline/fakes';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../apps/server/src/services.ts';
import { announceReady } from './announce-ready.ts';
import { connectBenchTelegram, createBenchAdmin, startBenchServer } from './start-bench-server.ts';

/**
 * How far processing got, for bench/run.ts's ingest-to-case figure: inbound messages stored in cases (in all,
 * and in the window `from`..`until` by their stored time, with the latest), raw events still waiting (or being
 * processed), and raw events that failed.
 */
function addIngestedRoute(app: FastifyInstance, { store }: Services): void {
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
      messages: await count(
        inbound.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ),
      pending: await count(rawEvents('pending')),
      failed: await count(rawEvents('failed')),
      inWindow: await count(
        inWindow.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ),
      lastAt: last?.at ?? null,
    };
  });
}

const { app, services } = await startBenchServer({
  name: 'wh',
  env: { PUBLIC_URL: 'http://127.0.0.1:1' },
  routes: addIngestedRoute,
});
const admin = await createBenchAdmin(services, 'bench@example.com');
const channel = await connectBenchTelegram(services, admin.id, {
  name: 'bench',
  botToken: '7000000999:AAHbench_token',
  webhookSecret: 'bench-webhook-secret',
});
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
