import { startTelegramFake, telegramUpdates, type TelegramFake } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../src/lib/errors.ts';
import {
  connectChannel,
  dialects,
  eventually,
  loginAs,
  startTestServer,
  type TestServer,
} from './support/test-server.ts';

const botToken = '7100000006:AAHon_accept-token';
const webhookSecret = 'whsec-on_accept_1';
const ann = { id: 544_444_444, firstName: 'Анна' };

/**
 * A pushed event that needs nothing from the network is applied in the commit that stores it: the operator
 * sees a messenger's text as soon as the provider has its answer, with one commit instead of two. Anything
 * else, and anything behind an event still pending, waits for the inbound processor as before.
 */
describe.each(dialects)('inbound events applied on accept on %s', (dialect) => {
  let fake: TelegramFake;
  let server: TestServer;
  let channelId: number;
  let rounds: { mockRestore(): void };

  beforeEach(async () => {
    fake = await startTelegramFake({ flood: { perChat: null, global: null } });
    fake.state.addBot({ token: botToken });
    server = await startTestServer(dialect, { env: { PUBLIC_URL: 'http://127.0.0.1:1' } });
    const admin = await loginAs(server, { email: 'admin@example.com', role: 'admin', queueIds: [1, 2] });
    channelId = await connectChannel(server, admin, {
      kind: 'telegram',
      name: 'On-accept bot',
      entryPointId: 2,
      config: { apiRoot: fake.url },
      secrets: { botToken, webhookSecret },
    });
    // The processor's rounds do nothing until a test lets them: what is stored by then was applied on accept.
    rounds = vi.spyOn(server.services.inbound, 'runOnce').mockResolvedValue(0);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await server.close();
    await fake.close();
  });

  const post = (update: { update_id: number }) =>
    server.app.inject({
      method: 'POST',
      url: `/webhooks/telegram/${channelId}`,
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret },
      payload: JSON.stringify(update),
    });
  const rawEvents = () =>
    server.store.db
      .selectFrom('raw_events')
      .select(['status', 'attempts', 'error_code'])
      .orderBy('id')
      .execute();
  const messages = () => server.store.db.selectFrom('messages').select('text').orderBy('id').execute();
  /** Lets the processor's rounds run again, and asks for one. */
  const letProcessorRun = () => {
    rounds.mockRestore();
    server.services.inbound.kick();
  };

  it('a text is stored and its raw event done when the webhook is answered; a redelivery stores nothing more', async () => {
    const update = telegramUpdates.text({ from: ann, text: 'Не работает интернет' });
    expect((await post(update)).statusCode).toBe(200);
    expect(await messages()).toEqual([{ text: 'Не работает интернет' }]);
    expect(await rawEvents()).toEqual([{ status: 'done', attempts: 0, error_code: null }]);
    const created = await server.store.db
      .selectFrom('outbox_events')
      .select('type')
      .where('type', '=', 'message.created')
      .execute();
    expect(created).toHaveLength(1);

    expect((await post(update)).statusCode).toBe(200);
    expect(await messages()).toHaveLength(1);
    expect(await rawEvents()).toHaveLength(1);
  });

  it('a photo waits for the processor (its file is fetched outside the commit)', async () => {
    expect((await post(telegramUpdates.photo({ from: ann, caption: 'Вот скриншот' }))).statusCode).toBe(200);
    expect(await messages()).toEqual([]);
    expect(await rawEvents()).toEqual([{ status: 'pending', attempts: 0, error_code: null }]);
    letProcessorRun();
    await eventually(async () => expect((await rawEvents())[0]?.status).toBe('done'));
    expect(await messages()).toHaveLength(1);
  });

  it('an event behind one still pending of the same account waits too, so the chat keeps its order', async () => {
    // An earlier update of the account, stored and not processed yet (as after a restart, or behind a photo).
    const first = telegramUpdates.text({ from: ann, text: 'первое' });
    const at = new Date().toISOString();
    await server.store.write(({ db }) =>
      db
        .insertInto('raw_events')
        .values({
          channel_account_id: channelId,
          event_key: String(first.update_id),
          body: JSON.stringify(first),
          body_encoding: 'utf8',
          received_at: at,
          status: 'pending',
          attempts: 0,
          next_attempt_at: at,
        })
        .execute(),
    );
    expect((await post(telegramUpdates.text({ from: ann, text: 'второе' }))).statusCode).toBe(200);
    expect((await rawEvents()).map((r) => r.status)).toEqual(['pending', 'pending']);
    expect(await messages()).toEqual([]);
    letProcessorRun();
    await eventually(async () => expect(await messages()).toEqual([{ text: 'первое' }, { text: 'второе' }]));
  });

  it('a step the case core refuses leaves nothing and goes to the processor, which records it failed', async () => {
    const cases = server.services.cases;
    const receive = cases.receiveInbound.bind(cases);
    // The case core stores the message, then refuses it: the savepoint must take the message back.
    vi.spyOn(cases, 'receiveInbound').mockImplementation(async (input, within) => {
      await receive(input, within);
      throw new AppError('VALIDATION_FAILED', 'the case core refused it');
    });
    expect((await post(telegramUpdates.text({ from: ann, text: 'сломается' }))).statusCode).toBe(200);
    expect(await messages()).toEqual([]);
    expect(await rawEvents()).toEqual([{ status: 'pending', attempts: 0, error_code: null }]);
    const created = () =>
      server.store.db
        .selectFrom('outbox_events')
        .select('type')
        .where('type', '=', 'message.created')
        .execute();
    expect(await created()).toEqual([]);
    letProcessorRun();
    await eventually(async () =>
      expect(await rawEvents()).toEqual([{ status: 'failed', attempts: 1, error_code: 'VALIDATION_FAILED' }]),
    );
    expect(await messages()).toEqual([]);
    expect(await created()).toEqual([]);
  });
});
