import { startTelegramFake, telegramUpdates, type TelegramFake } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { telegramAdapter } from '../src/channels/telegram/telegram-adapter.ts';
import { ChannelError } from '../src/lib/errors.ts';
import { freePort } from './support/helpers.ts';
import {
  connectChannel,
  authHeaders,
  dialects,
  eventually,
  loginAs,
  startTestServer,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';
import { FakeChannelAdapter } from './support/fake-channel-adapter.ts';

const botToken = '7100000003:AAHintake_failures-token';
const webhookSecret = 'whsec-intake_1';
const ann = { id: 511_111_111, firstName: 'Анна' };

/** Provider events that cannot be processed: failed at once, visible, counted, processed again on demand. */
describe.each(dialects)('failed inbound events on %s', (dialect) => {
  let fake: TelegramFake;
  let server: TestServer;
  let admin: LoggedIn;
  let operator: LoggedIn;
  let channelId: number;
  /** The real Telegram adapter, copied: a test may replace what it parses without touching production's. */
  let telegram: FakeChannelAdapter;

  beforeEach(async () => {
    telegram = new FakeChannelAdapter(telegramAdapter);
    fake = await startTelegramFake({
      flood: { perChat: null, global: null },
      webhook: { initialRetryMs: 20, maxRetryMs: 100 },
    });
    fake.state.addBot({ token: botToken });
    fake.state.addUser(ann);
    const port = await freePort();
    server = await startTestServer(dialect, {
      env: { PUBLIC_URL: `http://127.0.0.1:${port}` },
      adapters: { telegram: telegram.adapter },
    });
    await server.app.listen({ port, host: '127.0.0.1' });
    admin = await loginAs(server, { email: 'admin@example.com', role: 'admin', queueIds: [1, 2, 3] });
    operator = await loginAs(server, { email: 'intake-op@example.com', queueIds: [2], online: true });
    channelId = await connectChannel(server, admin, {
      kind: 'telegram',
      name: 'Intake bot',
      entryPointId: 2,
      config: { apiRoot: fake.url },
      secrets: { botToken, webhookSecret },
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await server.close();
    await fake.close();
  });

  const rawEvents = () =>
    server.store.db
      .selectFrom('raw_events')
      .select(['id', 'status', 'attempts', 'error_code', 'last_error', 'failed_at'])
      .execute();
  const messages = () => server.store.db.selectFrom('messages').select('text').execute();

  it('a permanent parse failure fails at once with its reason, is listed and counted, and is stored once when processed again after the fix', async () => {
    const parse = vi.spyOn(telegram.adapter, 'parse').mockImplementation(() => {
      throw new ChannelError('TELEGRAM_UPDATE_UNREADABLE', 'the update names no chat', { retryable: false });
    });
    await fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'Не дошло бы' }));
    const [failed] = await eventually(async () => {
      const rows = await rawEvents();
      expect(rows).toEqual([
        expect.objectContaining({
          status: 'failed',
          attempts: 1,
          error_code: 'TELEGRAM_UPDATE_UNREADABLE',
          last_error: 'the update names no chat',
        }),
      ]);
      return rows;
    });
    expect(failed?.failed_at).toBeTruthy();
    // Never retried: the processor runs again and leaves it alone.
    await server.services.inbound.runOnce();
    await new Promise((r) => setTimeout(r, 1500));
    expect(parse).toHaveBeenCalledTimes(1);
    expect((await rawEvents())[0]?.attempts).toBe(1);

    const list = await server.app.inject({
      method: 'GET',
      url: '/api/v1/channels/failed-events',
      headers: authHeaders(admin),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({
      total: 1,
      items: [
        expect.objectContaining({
          id: failed?.id,
          channelId,
          channelKind: 'telegram',
          channelName: 'Intake bot',
          attempts: 1,
          errorCode: 'TELEGRAM_UPDATE_UNREADABLE',
          error: 'the update names no chat',
        }),
      ],
    });
    const forbidden = await server.app.inject({
      method: 'GET',
      url: '/api/v1/channels/failed-events',
      headers: authHeaders(operator),
    });
    expect(forbidden.statusCode).toBe(403);
    const metrics = await server.services.metrics.registry.getSingleMetricAsString(
      'frontline_inbound_events_failed_total',
    );
    expect(metrics).toContain(
      'frontline_inbound_events_failed_total{channel="telegram",reason="TELEGRAM_UPDATE_UNREADABLE"} 1',
    );
    expect(await messages()).toEqual([]);

    // The cause is fixed: processing it again stores the message, once.
    parse.mockRestore();
    const again = await server.app.inject({
      method: 'POST',
      url: `/api/v1/channels/failed-events/${failed?.id}/reprocess`,
      headers: authHeaders(admin),
    });
    expect(again.statusCode, again.body).toBe(202);
    await eventually(async () => expect(await messages()).toEqual([{ text: 'Не дошло бы' }]));
    await eventually(async () => expect((await rawEvents())[0]?.status).toBe('done'));
    const twice = await server.app.inject({
      method: 'POST',
      url: `/api/v1/channels/failed-events/${failed?.id}/reprocess`,
      headers: authHeaders(admin),
    });
    expect(twice.statusCode).toBe(404);
    expect(twice.json<{ error: { code: string } }>().error.code).toBe('RAW_EVENT_NOT_FOUND');
    expect(await messages()).toHaveLength(1);
    const emptied = await server.app.inject({
      method: 'GET',
      url: '/api/v1/channels/failed-events',
      headers: authHeaders(admin),
    });
    expect(emptied.json()).toEqual({ total: 0, items: [] });
    const audit = await server.store.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'raw_event.reprocess')
      .execute();
    expect(audit).toEqual([{ action: 'raw_event.reprocess', target_id: String(failed?.id) }]);
  });

  it('a body that is not valid is marked failed as MALFORMED (no retries)', async () => {
    vi.spyOn(telegram.adapter, 'parse').mockImplementation(() => JSON.parse('{not json') as never);
    await fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'x' }));
    await eventually(async () =>
      expect(await rawEvents()).toEqual([
        expect.objectContaining({ status: 'failed', attempts: 1, error_code: 'MALFORMED' }),
      ]),
    );
  });
});
