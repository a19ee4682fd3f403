import { telegramUpdates, type TelegramFake } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { telegramAdapter } from '../src/channels/telegram/telegram-adapter.ts';
import { ChannelError } from '../src/lib/errors.ts';
import { startChannelTestBed, type ChannelTestBed } from './support/channel-test-bed.ts';
import { connectTelegram } from './support/channels.ts';
import { startTelegram } from './support/provider-fakes.ts';
import { authHeaders, dialects, eventually } from './support/test-server.ts';
import { FakeChannelAdapter } from './support/fake-channel-adapter.ts';

const botToken = '7100000003:AAHintake_failures-token';
const webhookSecret = 'whsec-intake_1';
const ann = { id: 511_111_111, firstName: 'Анна' };

/** Provider events that cannot be processed: failed at once, visible, counted, processed again on demand. */
describe.each(dialects)('failed inbound events on %s', (dialect) => {
  let bed: ChannelTestBed<TelegramFake>;
  /** The real Telegram adapter, copied: a test may replace what it parses without touching production's. */
  let telegram: FakeChannelAdapter;

  beforeEach(async () => {
    telegram = new FakeChannelAdapter(telegramAdapter);
    const fake = await startTelegram({
      botToken,
      users: [ann],
      options: { webhook: { initialRetryMs: 20, maxRetryMs: 100 } },
    });
    bed = await startChannelTestBed(dialect, {
      fake,
      operatorEmail: 'intake-op@example.com',
      connect: (server, admin) =>
        connectTelegram(server, admin, { apiRoot: fake.url, botToken, webhookSecret, name: 'Intake bot' }),
      serverOptions: { adapters: { telegram: telegram.adapter } },
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await bed.close();
  });

  const rawEvents = () =>
    bed.server.store.db
      .selectFrom('raw_events')
      .select(['id', 'status', 'attempts', 'error_code', 'last_error', 'failed_at'])
      .execute();
  const messages = () => bed.server.store.db.selectFrom('messages').select('text').execute();

  it('a permanent parse failure fails at once with its reason, is listed and counted, and is stored once when processed again after the fix', async () => {
    const parse = vi.spyOn(telegram.adapter, 'parse').mockImplementation(() => {
      throw new ChannelError('TELEGRAM_UPDATE_UNREADABLE', 'the update names no chat', { retryable: false });
    });
    await bed.fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'Не дошло бы' }));
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
    await bed.server.services.inbound.runOnce();
    await new Promise((r) => setTimeout(r, 1500));
    expect(parse).toHaveBeenCalledTimes(1);
    expect((await rawEvents())[0]?.attempts).toBe(1);

    const list = await bed.server.app.inject({
      method: 'GET',
      url: '/api/v1/channels/failed-events',
      headers: authHeaders(bed.admin),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({
      total: 1,
      items: [
        expect.objectContaining({
          id: failed?.id,
          channelId: bed.channelId,
          channelKind: 'telegram',
          channelName: 'Intake bot',
          attempts: 1,
          errorCode: 'TELEGRAM_UPDATE_UNREADABLE',
          error: 'the update names no chat',
        }),
      ],
    });
    const forbidden = await bed.server.app.inject({
      method: 'GET',
      url: '/api/v1/channels/failed-events',
      headers: authHeaders(bed.operator),
    });
    expect(forbidden.statusCode).toBe(403);
    const metrics = await bed.server.services.metrics.registry.getSingleMetricAsString(
      'frontline_inbound_events_failed_total',
    );
    expect(metrics).toContain(
      'frontline_inbound_events_failed_total{channel="telegram",reason="TELEGRAM_UPDATE_UNREADABLE"} 1',
    );
    expect(await messages()).toEqual([]);

    // The cause is fixed: processing it again stores the message, once.
    parse.mockRestore();
    const again = await bed.server.app.inject({
      method: 'POST',
      url: `/api/v1/channels/failed-events/${failed?.id}/reprocess`,
      headers: authHeaders(bed.admin),
    });
    expect(again.statusCode, again.body).toBe(202);
    await eventually(async () => expect(await messages()).toEqual([{ text: 'Не дошло бы' }]));
    await eventually(async () => expect((await rawEvents())[0]?.status).toBe('done'));
    const twice = await bed.server.app.inject({
      method: 'POST',
      url: `/api/v1/channels/failed-events/${failed?.id}/reprocess`,
      headers: authHeaders(bed.admin),
    });
    expect(twice.statusCode).toBe(404);
    expect(twice.json<{ error: { code: string } }>().error.code).toBe('RAW_EVENT_NOT_FOUND');
    expect(await messages()).toHaveLength(1);
    const emptied = await bed.server.app.inject({
      method: 'GET',
      url: '/api/v1/channels/failed-events',
      headers: authHeaders(bed.admin),
    });
    expect(emptied.json()).toEqual({ total: 0, items: [] });
    const audit = await bed.server.store.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'raw_event.reprocess')
      .execute();
    expect(audit).toEqual([{ action: 'raw_event.reprocess', target_id: String(failed?.id) }]);
  });

  it('a body that is not valid is marked failed as MALFORMED (no retries)', async () => {
    vi.spyOn(telegram.adapter, 'parse').mockImplementation(() => JSON.parse('{not json') as never);
    await bed.fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'x' }));
    await eventually(async () =>
      expect(await rawEvents()).toEqual([
        expect.objectContaining({ status: 'failed', attempts: 1, error_code: 'MALFORMED' }),
      ]),
    );
  });
});
