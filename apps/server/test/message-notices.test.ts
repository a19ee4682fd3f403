import {
  stringifyViberJson,
  telegramUpdates,
  viberCallbacks,
  whatsappPayloads,
  type TelegramFake,
} from '@frontline/fakes';
import { MessageNotice, noticeText, type CaseSummary, type Message, type Queue } from '@frontline/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../src/channels/channel-adapter.ts';
import { parseTelegramUpdate } from '../src/channels/telegram/parse-telegram-update.ts';
import { parseViberCallback } from '../src/channels/viber/parse-viber-callback.ts';
import { readViberJson } from '../src/channels/viber/read-viber-json.ts';
import { parseWhatsAppWebhook } from '../src/channels/whatsapp/parse-whatsapp-webhook.ts';
import { connectTelegram } from './support/channels.ts';
import { startListeningServer } from './support/listening-server.ts';
import { loginAdmin } from './support/people.ts';
import { startTelegram } from './support/provider-fakes.ts';
import { authHeaders, dialects, eventually, type LoggedIn, type TestServer } from './support/test-server.ts';

const ann = { id: 311_111_111, firstName: 'Анна', lastName: 'Ли' };
const sheena = { waId: '16505551234', userId: 'US.13491208655302741918', name: 'Sheena Nelson' };
const yarden = { id: '01234567890A=', name: 'Yarden', apiVersion: 10 };

/** Viber bodies are read as the adapter reads them (exact 64-bit tokens). */
const parseViber = (callback: unknown) => parseViberCallback(readViberJson(stringifyViberJson(callback)));

function onlyMessage(events: InboundEvent[]): Extract<InboundEvent, { type: 'message' }> {
  const messages = events.filter((e) => e.type === 'message');
  const [event] = messages;
  if (messages.length !== 1 || !event) throw new Error(`not one message: ${JSON.stringify(events)}`);
  return event;
}

describe('notices of the server inside messages are structured', () => {
  it('Telegram: a shared own phone, a sticker and a location carry notices; the text keeps the English line', () => {
    const phone = onlyMessage(
      parseTelegramUpdate(
        telegramUpdates.contact({ from: ann, phone: '79001234567', contactUserId: ann.id }),
      ),
    );
    expect(phone.notices).toEqual([{ code: 'phone_shared', phone: '+79001234567' }]);
    expect(phone.text).toBe('Shared their phone number: +79001234567');
    const sticker = onlyMessage(parseTelegramUpdate(telegramUpdates.sticker({ from: ann, emoji: '😀' })));
    expect(sticker.notices).toEqual([{ code: 'sticker', label: '😀' }]);
    const place = onlyMessage(
      parseTelegramUpdate(telegramUpdates.location({ from: ann, latitude: 55.75, longitude: 37.61 })),
    );
    expect(place.notices).toEqual([{ code: 'location', latitude: 55.75, longitude: 37.61, place: null }]);
    expect(place.text).toBe('📍 55.75, 37.61');
  });

  it('Viber and WhatsApp: stickers, contacts and content that cannot be shown carry notices', () => {
    const sticker = onlyMessage(parseViber(viberCallbacks.sticker({ sender: yarden, stickerId: 40133 })));
    expect(sticker.notices).toEqual([{ code: 'sticker', label: '40133' }]);
    expect(sticker.text).toBe('[sticker 40133]');
    const contact = onlyMessage(
      parseViber(viberCallbacks.contact({ sender: yarden, phone: '+972541234567', name: 'Dana' })),
    );
    expect(contact.notices).toEqual([{ code: 'contact', name: 'Dana', phones: ['+972541234567'] }]);
    const unsupported = onlyMessage(
      parseWhatsAppWebhook(whatsappPayloads.unsupported({ from: sheena }), {
        phoneNumberId: '106540352242922',
      }),
    );
    expect(unsupported.notices).toMatchObject([{ code: 'not_passed_on', channel: 'whatsapp' }]);
    expect(unsupported.text).toBe(noticeText(MessageNotice.parse(unsupported.notices?.[0])));
    const reaction = onlyMessage(
      parseWhatsAppWebhook(whatsappPayloads.reaction({ from: sheena, messageId: 'wamid.X', emoji: '👍' }), {
        phoneNumberId: '106540352242922',
      }),
    );
    expect(reaction.notices).toEqual([{ code: 'reaction', emoji: '👍' }]);
  });

  it('Viber: a message type Frontline cannot show is an unsupported_type notice', () => {
    const unknown = onlyMessage(
      parseViber(viberCallbacks.unknownMessage({ sender: yarden, type: 'rich_media' })),
    );
    expect(unknown.notices).toEqual([{ code: 'unsupported_type', channel: 'viber', type: 'rich_media' }]);
    expect(unknown.text).toBe(
      '⚠️ The customer sent a Viber message of type "rich_media" that Frontline cannot show',
    );
  });

  it("WhatsApp: a changed account id (BSUID) is an account_id_changed notice for the case's note", () => {
    const events = parseWhatsAppWebhook(
      {
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '102290129340398',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
                  messages: [
                    {
                      from_user_id: sheena.userId,
                      id: 'wamid.SYS1',
                      timestamp: '1749416383',
                      type: 'system',
                      system: {
                        type: 'user_changed_user_id',
                        previous_user_id: sheena.userId,
                        user_id: 'US.99999999999999999999',
                      },
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
      { phoneNumberId: '106540352242922' },
    );
    expect(events).toEqual([
      {
        type: 'identity-moved',
        externalId: sheena.userId,
        newExternalId: 'US.99999999999999999999',
        note: { code: 'account_id_changed', channel: 'whatsapp' },
      },
    ]);
    expect(noticeText({ code: 'account_id_changed', channel: 'whatsapp' })).toBe(
      'Their WhatsApp account id changed (the conversation continues)',
    );
    expect(noticeText({ code: 'number_changed', channel: 'whatsapp', from: null, to: null })).toBe(
      'Changed their WhatsApp number from their old number to a new number',
    );
  });
});

describe.each(dialects)('notices and localized names through the platform on %s', (dialect) => {
  const botToken = '7100000002:AAHnotices_test-token';
  let fake: TelegramFake;
  let server: TestServer;
  let admin: LoggedIn;

  beforeEach(async () => {
    fake = await startTelegram({ botToken, username: 'frontline_notices_bot', users: [ann] });
    ({ server } = await startListeningServer(dialect));
    admin = await loginAdmin(server);
  });
  afterEach(async () => {
    await server.close();
    await fake.close();
  });

  it('stores a shared phone number as a structured notice with its English fallback line', async () => {
    await connectTelegram(server, admin, { apiRoot: fake.url, botToken, webhookSecret: 'whsec-notices_1' });
    const update = telegramUpdates.contact({ from: ann, phone: '+79001234567', contactUserId: ann.id });
    expect(await fake.state.pushUpdate(botToken, update)).toBe('delivered');
    const row = await eventually(async () => {
      const found = await server.store.db.selectFrom('messages').selectAll().executeTakeFirst();
      expect(found).toBeDefined();
      return found!;
    });
    expect(row.text).toBe('Shared their phone number: +79001234567');
    expect(JSON.parse(row.meta ?? '{}')).toEqual({
      notices: [{ code: 'phone_shared', phone: '+79001234567' }],
    });
    const timeline = await server.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${row.customer_id}/timeline`,
      headers: authHeaders(admin),
    });
    expect(timeline.statusCode).toBe(200);
    const [message] = timeline.json<Message[]>();
    expect(message).toMatchObject({
      text: 'Shared their phone number: +79001234567',
      notices: [{ code: 'phone_shared', phone: '+79001234567' }],
    });
    // The inbox row and the case itself carry the last message's notices for the preview.
    const expected = {
      id: row.case_id,
      lastMessageText: 'Shared their phone number: +79001234567',
      lastMessageNotices: [{ code: 'phone_shared', phone: '+79001234567' }],
    };
    const inbox = await server.app.inject({
      method: 'GET',
      url: '/api/v1/cases',
      headers: authHeaders(admin),
    });
    expect(inbox.json<CaseSummary[]>()).toEqual([expect.objectContaining(expected)]);
    const detail = await server.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${row.case_id}`,
      headers: authHeaders(admin),
    });
    expect(detail.json<CaseSummary>()).toMatchObject(expected);
  });

  it('gives the seeded queues a Russian and an English name', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/queues',
      headers: authHeaders(admin),
    });
    expect(res.statusCode).toBe(200);
    const queues = res.json<Queue[]>();
    expect(queues.find((q) => q.name === 'General support (614)')).toMatchObject({
      nameRu: 'Общая поддержка (614)',
      nameEn: 'General support (614)',
    });
    expect(queues.find((q) => q.name === 'Business clients (B2B)')?.nameRu).toBe('Бизнес-клиенты (B2B)');
  });
});
