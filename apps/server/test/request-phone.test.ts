import { randomBytes } from 'node:crypto';
import { telegramUpdates, viberCallbacks, type TelegramFake, type ViberFake } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannelAdapters } from '../src/channels/registry.ts';
import { openWebChatCase, waitForCase } from './support/cases.ts';
import { connectTelegram, connectViber } from './support/channels.ts';
import { contactPointsOf } from './support/contact-points.ts';
import { errorCode } from './support/helpers.ts';
import { startListeningServer } from './support/listening-server.ts';
import { loginAdmin, loginOnlineOperator } from './support/people.ts';
import { startTelegram, startViber } from './support/provider-fakes.ts';
import { replyAsOperator } from './support/replies.ts';
import { waitForLength } from './support/wait-for-length.ts';
import { authHeaders, dialects, eventually, type LoggedIn, type TestServer } from './support/test-server.ts';

const botToken = '7100000017:AAHphone_request-token';
const webhookSecret = 'whsec-phone_1';
const authToken = '4a5da6az1s345z78-dazcczb2542zv51a-e0vc5fphone';
const ann = { id: 311_111_717, firstName: 'Анна' };
const yarden = { id: '01234567890P=', name: 'Yarden', apiVersion: 10 };

describe('which channels can ask for the phone', () => {
  it('Telegram and Viber only: WhatsApp knows the number, web chat signs it, mail and reviews have no button', () => {
    const kinds = Object.values(createChannelAdapters())
      .filter((adapter) => adapter.capabilities.requestPhone === true)
      .map((adapter) => adapter.kind);
    expect(kinds.sort()).toEqual(['telegram', 'viber']);
  });
});

/**
 * "Ask for the phone" through the whole platform: the operator's request goes out as an ordinary reply with
 * the channel's share-phone keyboard, the customer's answer comes back through the provider's webhook and
 * the parser attests the number on the customer who already exists — in the middle of a conversation.
 * Channels that cannot ask refuse with PHONE_REQUEST_NOT_SUPPORTED.
 */
describe.each(dialects)('Asking the customer for their phone on %s', (dialect) => {
  let telegram: TelegramFake;
  let viber: ViberFake;
  let server: TestServer;
  let operator: LoggedIn;

  beforeEach(async () => {
    telegram = await startTelegram({ botToken, users: [ann] });
    viber = await startViber({ authToken });
    ({ server } = await startListeningServer(dialect));
    const admin = await loginAdmin(server);
    operator = await loginOnlineOperator(server, 'phone-op@example.com', [1, 2], 10);
    await connectTelegram(server, admin, { apiRoot: telegram.url, botToken, webhookSecret });
    await connectViber(server, admin, { apiRoot: viber.url, authToken, senderName: 'Support' });
  });
  afterEach(async () => {
    await server.close();
    await telegram.close();
    await viber.close();
  });

  const requestPhone = (caseId: number, body: Record<string, unknown> = {}) =>
    server.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/request-phone`,
      headers: authHeaders(operator),
      payload: { clientMsgId: `ask-${randomBytes(6).toString('hex')}`, ...body },
    });
  const caseDetail = async (caseId: number) =>
    (
      await server.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${caseId}`,
        headers: authHeaders(operator),
      })
    ).json<{ requestPhone?: boolean; customerId: number }>();

  it('Telegram: a request_contact keyboard goes out, the shared own card attests the phone, the next reply removes it', async () => {
    await telegram.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'Здравствуйте' }));
    const caseId = await waitForCase(server);
    const { customerId, requestPhone: offered } = await caseDetail(caseId);
    expect(offered).toBe(true);
    await replyAsOperator(server, operator, caseId, 'Добрый день! Сейчас проверю.');
    await waitForLength(() => telegram.state.requestsFor('sendMessage'), 1);

    const clientMsgId = 'ask-phone-telegram-1';
    const res = await requestPhone(caseId, { clientMsgId, language: 'en' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      direction: 'out',
      text: 'Please share your phone number: tap the button below.',
      phoneRequest: { label: '📱 Share my phone number' },
    });
    // A double click is the same request: stored once, sent once.
    expect((await requestPhone(caseId, { clientMsgId, language: 'en' })).json()).toMatchObject({
      id: res.json<{ id: number }>().id,
    });
    const sent = await waitForLength(() => telegram.state.requestsFor('sendMessage'), 2);
    expect(sent[1]?.params).toMatchObject({
      chat_id: ann.id,
      text: 'Please share your phone number: tap the button below.',
      reply_markup: {
        keyboard: [[{ text: '📱 Share my phone number', request_contact: true }]],
        one_time_keyboard: true,
      },
    });
    expect(sent[0]?.params).not.toHaveProperty('reply_markup');

    // The customer taps the button: Telegram sends their own card (user_id = from.id), digits without '+'.
    await telegram.state.pushUpdate(
      botToken,
      telegramUpdates.contact({ from: ann, phone: '79271234567', contactUserId: ann.id }),
    );
    await eventually(async () =>
      expect(await contactPointsOf(server, customerId)).toEqual([
        { kind: 'phone', value: '+79271234567', attested_by: 'telegram-contact' },
      ]),
    );
    const cases = await server.store.db.selectFrom('cases').select('id').execute();
    expect(cases).toEqual([{ id: caseId }]);

    // The operator's next reply takes the keyboard away; the one after carries no markup.
    await replyAsOperator(server, operator, caseId, 'Спасибо, номер получили.');
    await replyAsOperator(server, operator, caseId, 'Что-нибудь ещё?');
    const later = await waitForLength(() => telegram.state.requestsFor('sendMessage'), 4);
    expect(later[2]?.params).toMatchObject({ reply_markup: { remove_keyboard: true } });
    expect(later[3]?.params).not.toHaveProperty('reply_markup');
  });

  it('Viber: a share-phone keyboard (input hidden, API 3, the marker) goes out; the answer carrying it attests the phone', async () => {
    const hello = viberCallbacks.text({ sender: yarden, text: 'Hi there' });
    expect(await viber.state.push(authToken, hello)).toBe('delivered');
    const caseId = await waitForCase(server);
    const { customerId, requestPhone: offered } = await caseDetail(caseId);
    expect(offered).toBe(true);

    const res = await requestPhone(caseId, { language: 'ru' });
    expect(res.statusCode, res.body).toBe(201);
    const [sent] = await waitForLength(() => viber.state.requestsFor('send_message'), 1);
    expect(sent?.response.body).toMatchObject({ status: 0 });
    expect(sent?.params).toMatchObject({
      receiver: yarden.id,
      min_api_version: 3,
      text: 'Пожалуйста, поделитесь номером телефона: нажмите кнопку ниже.',
      tracking_data: 'frontline:share-phone',
      keyboard: {
        Type: 'keyboard',
        InputFieldState: 'hidden',
        Buttons: [{ ActionType: 'share-phone', Text: '📱 Отправить мой номер' }],
      },
    });
    const buttons = (sent?.params as { keyboard: { Buttons: unknown[] } }).keyboard.Buttons;
    expect(buttons).toHaveLength(1);

    // Viber echoes the message's tracking_data on the button's answer.
    const trackingData = (sent?.params as { tracking_data: string }).tracking_data;
    const answer = viberCallbacks.contact({ sender: yarden, phone: '972541234567', trackingData });
    expect(await viber.state.push(authToken, answer)).toBe('delivered');
    await eventually(async () =>
      expect(await contactPointsOf(server, customerId)).toEqual([
        { kind: 'phone', value: '+972541234567', attested_by: 'viber-share-phone' },
      ]),
    );

    // The next reply has no keyboard (Viber drops the last one) and no marker.
    await replyAsOperator(server, operator, caseId, 'Спасибо!');
    const later = await waitForLength(() => viber.state.requestsFor('send_message'), 2);
    expect(later[1]?.params).toMatchObject({ min_api_version: 1 });
    expect(later[1]?.params).not.toHaveProperty('keyboard');
    expect(later[1]?.params).not.toHaveProperty('tracking_data');
  });

  it('web chat cannot ask (signed identity instead): 422 PHONE_REQUEST_NOT_SUPPORTED, nothing stored', async () => {
    const { caseId } = await openWebChatCase(server, { text: 'Здравствуйте' });
    expect((await caseDetail(caseId)).requestPhone).toBe(false);
    const res = await requestPhone(caseId);
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('PHONE_REQUEST_NOT_SUPPORTED');
    const out = await server.store.db
      .selectFrom('messages')
      .select('id')
      .where('direction', '=', 'out')
      .execute();
    expect(out).toEqual([]);
  });

  it('a body that is not a request is refused with 400, an unknown case with 404', async () => {
    const { caseId } = await openWebChatCase(server, { text: 'Алло' });
    const bad = await requestPhone(caseId, { language: 'de' });
    expect(bad.statusCode).toBe(400);
    expect((await requestPhone(999_999)).statusCode).toBe(404);
  });
});
