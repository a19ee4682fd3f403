import { describe, expect, it } from 'vitest';
import type { ChannelAccountContext, ChannelAdapter, InboundEvent } from '../src/channels/channel-adapter.ts';
import { googlePlayAdapter } from '../src/channels/google-play/google-play-adapter.ts';
import { telegramAdapter } from '../src/channels/telegram/telegram-adapter.ts';
import { viberAdapter } from '../src/channels/viber/viber-adapter.ts';
import { whatsappAdapter } from '../src/channels/whatsapp/whatsapp-adapter.ts';
import { syncEvents } from './support/helpers.ts';

const phoneNumberId = '106540352242922';

function parse<C, S>(adapter: ChannelAdapter<C, S>, config: C, raw: string): InboundEvent[] {
  const account: ChannelAccountContext<C, S> = {
    id: 1,
    name: 'test',
    config,
    // Parsing reads no secret.
    secrets: {} as S,
    webhookUrl: 'http://127.0.0.1:9/webhooks/x/1',
    tokenKey: Buffer.alloc(32, 1),
  };
  return syncEvents(adapter.parse!(account, { rawBody: Buffer.from(raw), headers: {} }));
}

const telegram = (body: unknown) =>
  parse(telegramAdapter, { apiRoot: 'http://127.0.0.1:9' }, JSON.stringify(body));
const whatsapp = (body: unknown) =>
  parse(
    whatsappAdapter,
    { graphRoot: 'http://127.0.0.1:9', apiVersion: 'v21.0', phoneNumberId, templates: [] },
    JSON.stringify(body),
  );
const viber = (raw: string) => parse(viberAdapter, { apiRoot: 'http://127.0.0.1:9', senderName: 'S' }, raw);

/**
 * Minimal but valid payloads: everything the parser uses is there, fields it never reads are left out (or
 * null). Each must still become the message it is — a schema may require only what the code uses.
 */
describe('provider payloads without the fields Frontline does not use', () => {
  it('Telegram: a voice note without file_unique_id, chat.type, first_name or date', () => {
    const events = telegram({
      update_id: 900000004,
      message: {
        message_id: 1369,
        from: { id: 111111111 },
        chat: { id: 111111111 },
        voice: { file_id: 'AwACAgIAAxkBAAIB-voice', duration: 4 },
      },
    });
    expect(events).toEqual([
      {
        type: 'message',
        externalMessageId: '111111111:1369',
        identity: { externalId: '111111111', displayName: null, verifiedBy: null },
        text: '',
        media: [
          {
            providerRef: 'AwACAgIAAxkBAAIB-voice',
            filename: 'voice-111111111-1369.ogg',
            contentType: 'audio/ogg',
            size: null,
          },
        ],
        edited: false,
      },
    ]);
  });

  it('Telegram: photo sizes without width/height, a contact without first_name, a venue without title', () => {
    const [photo] = telegram({
      update_id: 1,
      message: {
        message_id: 5,
        from: { id: 42, first_name: 'Ann' },
        chat: { id: 42, type: 'private' },
        date: 1763900030,
        photo: [
          { file_id: 'small', file_size: 1000 },
          { file_id: 'large', file_size: 90000 },
        ],
      },
    });
    expect(photo).toMatchObject({
      type: 'message',
      media: [{ providerRef: 'large', filename: 'photo-42-5.jpg' }],
    });
    const [contact] = telegram({
      update_id: 2,
      message: {
        message_id: 6,
        from: { id: 42 },
        chat: { id: 42 },
        contact: { phone_number: '+79161234567' },
      },
    });
    expect(contact).toMatchObject({ type: 'message', text: 'Contact: +79161234567' });
    const [venue] = telegram({
      update_id: 3,
      message: {
        message_id: 7,
        from: { id: 42 },
        chat: { id: 42 },
        venue: { location: { latitude: 55.75, longitude: 37.62 } },
      },
    });
    expect(venue).toMatchObject({ type: 'message', text: '📍 55.75, 37.62' });
  });

  it('Telegram: without chat.type a negative (group) chat id is still not a private chat', () => {
    const [event] = telegram({
      update_id: 4,
      message: { message_id: 8, from: { id: 42 }, chat: { id: -1001234567890 }, text: 'hi all' },
    });
    expect(event).toMatchObject({ type: 'ignored' });
  });

  it('Telegram: my_chat_member without date; a button tap whose message chat has no type', () => {
    expect(
      telegram({
        update_id: 5,
        my_chat_member: { chat: { id: 42 }, from: { id: 42 }, new_chat_member: { status: 'kicked' } },
      }),
    ).toEqual([{ type: 'reachability', externalId: '42', reachable: false, reason: 'blocked the bot' }]);
    expect(
      telegram({
        update_id: 6,
        callback_query: {
          id: 'cb1',
          from: { id: 42 },
          message: { message_id: 9, chat: { id: 42 } },
          data: 'Да',
        },
      }),
    ).toMatchObject([{ type: 'message', text: 'Да' }]);
  });

  it('WhatsApp: a button reply and a list reply without ids, an interactive without its type', () => {
    const value = (message: Record<string, unknown>) => ({
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            {
              field: 'messages',
              value: { messages: [{ from: '16505551234', id: `wamid.${String(message.n)}`, ...message }] },
            },
          ],
        },
      ],
    });
    expect(
      whatsapp(
        value({
          n: 1,
          type: 'interactive',
          interactive: { type: 'button_reply', button_reply: { title: 'Yes' } },
        }),
      ),
    ).toMatchObject([{ type: 'message', text: 'Yes', identity: { externalId: '16505551234' } }]);
    expect(
      whatsapp(
        value({ n: 2, type: 'interactive', interactive: { list_reply: { title: 'Tomorrow 10:00' } } }),
      ),
    ).toMatchObject([{ type: 'message', text: 'Tomorrow 10:00' }]);
  });

  it('Viber: a message without timestamp, avatar or sender name; nulls where Viber leaves fields empty', () => {
    const raw =
      '{"event":"message","message_token":5843910012345678905,"sender":{"id":"01234567890A=","name":null,"avatar":null},' +
      '"message":{"type":"text","text":"hello","tracking_data":null,"media":null}}';
    expect(viber(raw)).toEqual([
      {
        type: 'message',
        externalMessageId: '5843910012345678905',
        identity: { externalId: '01234567890A=', displayName: null, verifiedBy: null },
        text: 'hello',
        media: [],
        edited: false,
      },
      { type: 'reachability', externalId: '01234567890A=', reachable: true, reason: 'wrote to the bot' },
    ]);
    expect(
      viber('{"event":"delivered","message_token":5843910012345679000,"timestamp":"1763900011000"}'),
    ).toEqual([
      { type: 'status', externalMessageId: '5843910012345679000', status: 'delivered', reason: null },
    ]);
  });

  it('Google Play: a review with only id, text and lastModified; display fields of another shape are dropped', () => {
    const review = {
      reviewId: 'gp:AOqpTOE9zzz',
      comments: [
        {
          userComment: {
            text: 'Works',
            lastModified: { seconds: '1763900000' },
            androidOsVersion: '34',
            deviceMetadata: 'Pixel',
          },
        },
        { developerComment: { text: 'Thanks', lastModified: 'yesterday' } },
      ],
    };
    expect(
      parse(
        googlePlayAdapter,
        googlePlayAdapter.configSchema.parse({ packageName: 'com.example.app' }),
        JSON.stringify(review),
      ),
    ).toMatchObject([
      {
        type: 'message',
        externalMessageId: 'gp:AOqpTOE9zzz:1763900000',
        identity: { externalId: 'gp:AOqpTOE9zzz', displayName: null },
        text: 'Works',
      },
    ]);
  });
});
