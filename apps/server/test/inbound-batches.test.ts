import { startTelegramFake, telegramUpdates, type TelegramFake } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../src/lib/errors.ts';
import {
  connectChannel,
  dialects,
  loginAs,
  startTestServer,
  type TestServer,
} from './support/test-server.ts';

const botToken = '7100000005:AAHbatches-token';
const ann = { id: 522_222_222, firstName: 'Анна' };
const boris = { id: 533_333_333, firstName: 'Борис' };

/**
 * The inbound processor applies a claimed batch of raw events in one transaction (one group commit on
 * SQLite), each step in a savepoint of its own: a step that fails leaves no trace and is recorded as failed,
 * the rest of the batch is stored once, in order.
 */
describe.each(dialects)('inbound batches on %s', (dialect) => {
  let fake: TelegramFake;
  let server: TestServer;
  let channelId: number;

  beforeEach(async () => {
    fake = await startTelegramFake({ flood: { perChat: null, global: null } });
    fake.state.addBot({ token: botToken });
    // Rounds are driven by hand: nothing else writes while a round is counted.
    server = await startTestServer(dialect, { workers: false, env: { PUBLIC_URL: 'http://127.0.0.1:1' } });
    const admin = await loginAs(server, { email: 'admin@example.com', role: 'admin', queueIds: [1, 2] });
    channelId = await connectChannel(server, admin, {
      kind: 'telegram',
      name: 'Batch bot',
      entryPointId: 2,
      config: { apiRoot: fake.url },
      secrets: { botToken, webhookSecret: 'whsec-batches_1' },
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await server.close();
    await fake.close();
  });

  const accept = async (update: { update_id: number }) =>
    server.services.inbound.accept(channelId, String(update.update_id), Buffer.from(JSON.stringify(update)));
  const rawEvents = () =>
    server.store.db
      .selectFrom('raw_events')
      .select(['status', 'attempts', 'error_code', 'last_error'])
      .orderBy('id')
      .execute();
  const messages = () => server.store.db.selectFrom('messages').select('text').orderBy('id').execute();

  it('a claimed batch is processed in one write after the claim, stored once and in order', async () => {
    const texts = ['первое', 'второе', 'третье', 'четвёртое'];
    for (const [i, text] of texts.entries()) {
      await accept(telegramUpdates.text({ from: i % 2 === 0 ? ann : boris, text }));
    }
    const write = vi.spyOn(server.store, 'write');
    expect(await server.services.inbound.runOnce()).toBe(texts.length);
    // The claim, then one transaction for the whole batch (not two commits per event).
    expect(write).toHaveBeenCalledTimes(2);
    expect(await messages()).toEqual(texts.map((text) => ({ text })));
    expect((await rawEvents()).map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(await server.store.db.selectFrom('cases').select('id').execute()).toHaveLength(2);
    // Run again: nothing is due, nothing is stored twice.
    expect(await server.services.inbound.runOnce()).toBe(0);
    expect(await messages()).toHaveLength(texts.length);
  });

  it('a step that fails inside the batch is rolled back alone and recorded failed; the others are stored once', async () => {
    for (const text of ['до', 'сломается', 'после']) await accept(telegramUpdates.text({ from: ann, text }));
    const cases = server.services.cases;
    const receive = cases.receiveInbound.bind(cases);
    // The case core stores the message, then refuses it: the savepoint must take the message back.
    vi.spyOn(cases, 'receiveInbound').mockImplementation(async (input, within) => {
      const result = await receive(input, within);
      if (input.text === 'сломается') throw new AppError('VALIDATION_FAILED', 'the case core refused it');
      return result;
    });
    expect(await server.services.inbound.runOnce()).toBe(3);
    expect(await messages()).toEqual([{ text: 'до' }, { text: 'после' }]);
    expect(await rawEvents()).toEqual([
      expect.objectContaining({ status: 'done' }),
      expect.objectContaining({
        status: 'failed',
        attempts: 1,
        error_code: 'VALIDATION_FAILED',
        last_error: 'the case core refused it',
      }),
      expect.objectContaining({ status: 'done' }),
    ]);
    // Nothing of the rolled-back message reached the outbox.
    const created = await server.store.db
      .selectFrom('outbox_events')
      .select('payload')
      .where('type', '=', 'message.created')
      .execute();
    expect(created.map((e) => (JSON.parse(e.payload) as { message: { text: string } }).message.text)).toEqual(
      ['до', 'после'],
    );
    const metric = await server.services.metrics.registry.getSingleMetricAsString(
      'frontline_inbound_events_failed_total',
    );
    expect(metric).toContain(
      'frontline_inbound_events_failed_total{channel="telegram",reason="VALIDATION_FAILED"} 1',
    );
  });
});
