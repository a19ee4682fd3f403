import { syncEvents } from './support/helpers.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTelegramFake, telegramUpdates, type TelegramFake, type TelegramUpdate } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ChannelAccountContext,
  InboundEvent,
  InboundRequest,
  OutboundMessage,
} from '../src/channels/channel-adapter.ts';
import { telegramAdapter } from '../src/channels/telegram/telegram-adapter.ts';
import type { TelegramConfig } from '../src/channels/telegram/telegram-config.ts';
import type { TelegramSecrets } from '../src/channels/telegram/telegram-secrets.ts';
import { channelError } from './support/channel-error.ts';
import { writeOutboundAttachment } from './support/outbound-attachment.ts';

const tokenA = '7000000001:AAHbotA_token-for-tests';
const tokenB = '7000000002:AAHbotB_token-for-tests';
const ann = { id: 111_111_111, firstName: 'Ann', lastName: 'Lee', username: 'annlee' };
const bob = { id: 222_222_222, firstName: 'Bob' };

let fake: TelegramFake;
let dir: string;
const cleanups: Array<() => Promise<void>> = [];

function account(
  overrides: Partial<ChannelAccountContext<TelegramConfig, TelegramSecrets>> = {},
): ChannelAccountContext<TelegramConfig, TelegramSecrets> {
  return {
    id: 1,
    name: 'Support bot',
    config: { apiRoot: fake.url },
    secrets: { botToken: tokenA, webhookSecret: 'whsec_A-1' },
    webhookUrl: 'http://127.0.0.1:9/webhooks/telegram/1',
    tokenKey: Buffer.alloc(32, 7),
    ...overrides,
  };
}

function request(update: unknown, secret?: string): InboundRequest {
  return {
    rawBody: Buffer.from(JSON.stringify(update)),
    headers: secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret },
  };
}

function parse(update: TelegramUpdate, ctx = account()): InboundEvent[] {
  return syncEvents(telegramAdapter.parse!(ctx, request(update)));
}

function outbound(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    messageId: 1,
    text: '',
    attachments: [],
    recipientExternalId: String(ann.id),
    idempotencyKey: 'k1',
    ...overrides,
  };
}

const file = (name: string, bytes: Buffer, contentType: string) =>
  writeOutboundAttachment(dir, name, bytes, contentType);

/** Frontline's webhook route in miniature: verify with the account, then parse; records what it accepted. */
async function startWebhookReceiver(ctx: () => ChannelAccountContext<TelegramConfig, TelegramSecrets>) {
  const accepted: InboundEvent[][] = [];
  let rejected = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const inbound: InboundRequest = {
        rawBody: Buffer.concat(chunks),
        headers: req.headers,
      };
      if (!telegramAdapter.webhook!.verify(ctx(), inbound)) {
        rejected += 1;
        res.writeHead(401).end();
        return;
      }
      accepted.push(syncEvents(telegramAdapter.parse!(ctx(), inbound)));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/telegram/`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  cleanups.push(close);
  return { url, accepted, rejected: () => rejected, close };
}

beforeEach(async () => {
  fake = await startTelegramFake({
    flood: { perChat: null, global: null },
    webhook: { initialRetryMs: 10, maxRetryMs: 40, retryAfterUnitMs: 5 },
  });
  fake.state.addBot({ token: tokenA, username: 'frontline_a_bot' });
  fake.state.addBot({ token: tokenB, username: 'frontline_b_bot' });
  fake.state.addUser(ann);
  fake.state.addUser(bob);
  dir = await mkdtemp(join(tmpdir(), 'frontline-telegram-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Telegram adapter: connect and health', () => {
  it('connect calls getMe and setWebhook with our URL, secret and allowed_updates', async () => {
    const receiver = await startWebhookReceiver(() => account());
    const ctx = account({ webhookUrl: `${receiver.url}1` });
    const health = await telegramAdapter.connect(ctx);
    expect(fake.state.requests.map((r) => r.method)).toEqual(['getMe', 'setWebhook', 'getWebhookInfo']);
    expect(fake.state.requestsFor('setWebhook')[0]?.params).toEqual({
      url: `${receiver.url}1`,
      secret_token: 'whsec_A-1',
      allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
    });
    expect(health).toMatchObject({ ok: true, detail: 'webhook set; pending_update_count=0' });
  });

  it('a rejected bot token is a clear, permanent error', async () => {
    const error = await channelError(
      telegramAdapter.connect(account({ secrets: { botToken: '999:revoked', webhookSecret: 'whsec_A-1' } })),
    );
    expect(error).toMatchObject({
      code: 'TELEGRAM_TOKEN_REJECTED',
      retryable: false,
      message: 'bot token rejected by Telegram: re-enter it in Channel settings',
    });
  });

  it('F11 webhook health shows pending updates and the last error when the webhook URL is wrong', async () => {
    const dead = await startWebhookReceiver(() => account());
    await dead.close(); // PUBLIC_URL points at something that does not answer
    const ctx = account({ webhookUrl: `${dead.url}1` });
    await telegramAdapter.connect(ctx);
    void fake.state.pushUpdate(tokenA, telegramUpdates.text({ from: ann, text: 'anyone there?' }));
    await new Promise((r) => setTimeout(r, 60));
    const health = await telegramAdapter.health(ctx);
    expect(health.ok).toBe(false);
    expect(health.detail).toContain('Telegram cannot deliver to the webhook');
    expect(health.detail).toContain('pending_update_count=1');
    expect(health.detail).toContain('last_error_message="Connection refused"');

    // Someone else re-pointed the bot (Chatwoot-style URL with the token in it): shown, token redacted.
    const other = `https://other.example/webhooks/telegram/${tokenA}`;
    await fetch(`${fake.url}/bot${tokenA}/setWebhook?url=${encodeURIComponent(other)}`);
    const moved = await telegramAdapter.health(ctx);
    expect(moved.ok).toBe(false);
    expect(moved.detail).toContain('webhook points to https://other.example/webhooks/telegram/<bot token>');
    expect(moved.detail).not.toContain(tokenA);

    await telegramAdapter.disconnect(ctx);
    expect((await telegramAdapter.health(ctx)).detail).toMatch(
      /^webhook is not set: Telegram delivers nothing/,
    );
  });
});

describe('Telegram adapter: webhook verify and eventKey', () => {
  it('verify fails closed without a secret and rejects a wrong or missing header', () => {
    const verify = (ctx: ChannelAccountContext<TelegramConfig, TelegramSecrets>, req: InboundRequest) =>
      telegramAdapter.webhook!.verify(ctx, req);
    const update = telegramUpdates.text({ from: ann, text: 'hi' });
    // A missing secret never comes from the core (it refuses misconfigured accounts); still fails closed.
    expect(
      verify(account({ secrets: { botToken: tokenA } as TelegramSecrets }), request(update, 'anything')),
    ).toBe(false);
    expect(verify(account({ secrets: { botToken: tokenA, webhookSecret: '' } }), request(update, ''))).toBe(
      false,
    );
    expect(verify(account(), request(update))).toBe(false);
    expect(verify(account(), request(update, 'whsec_A-2'))).toBe(false);
    expect(verify(account(), request(update, 'whsec_A-1x'))).toBe(false);
    expect(verify(account(), request(update, 'whsec_A-1'))).toBe(true);
    expect(
      verify(account(), {
        ...request(update),
        headers: { 'x-telegram-bot-api-secret-token': ['whsec_A-1', 'x'] },
      }),
    ).toBe(false);
  });

  it('eventKey is the update_id; a malformed body is a clear error', () => {
    const eventKey = (ctx: ChannelAccountContext<TelegramConfig, TelegramSecrets>, req: InboundRequest) =>
      telegramAdapter.webhook!.eventKey(ctx, req);
    expect(
      eventKey(account(), request(telegramUpdates.text({ from: ann, text: 'x', updateId: 900000001 }))),
    ).toBe('900000001');
    expect(() => eventKey(account(), { rawBody: Buffer.from('{"update_id":'), headers: {} })).toThrow(
      /Telegram webhook body rejected: it is not JSON/,
    );
    expect(() => eventKey(account(), request({ message: {} }))).toThrow(/no numeric update_id/);
    expect(() => parse({ update_id: 1, message: { text: 'no chat' } })).toThrow(/not a Telegram update/);
  });
});

describe('Telegram adapter: parsing updates', () => {
  it('a text message: chat-scoped id, identity and name', () => {
    expect(parse(telegramUpdates.text({ from: ann, text: '/start', messageId: 1365 }))).toEqual([
      {
        type: 'message',
        externalMessageId: '111111111:1365',
        identity: { externalId: '111111111', displayName: 'Ann Lee', verifiedBy: null },
        text: '/start',
        media: [],
        edited: false,
        language: 'en',
      },
    ]);
  });

  it('the sender’s language_code becomes the primary language; without one, or malformed, there is none', () => {
    const tagged = (languageCode: string | null) =>
      parse(telegramUpdates.text({ from: { ...ann, languageCode }, text: 'hi' }))[0];
    expect(tagged('en-GB')).toMatchObject({ type: 'message', language: 'en' });
    expect(tagged('ru')).toMatchObject({ language: 'ru' });
    expect(tagged(null)).not.toHaveProperty('language');
    expect(tagged('not a language')).not.toHaveProperty('language');
    const [tap] = parse(
      telegramUpdates.callbackQuery({
        from: { ...ann, languageCode: 'uk' },
        data: 'fl:2:Да',
        callbackId: '78',
      }),
    );
    expect(tap).toMatchObject({ type: 'message', acknowledgeRef: '78', language: 'uk' });
  });

  it('F14 captions and file names survive parsing (photo album, document, voice)', () => {
    const [photo] = parse(
      telegramUpdates.photo({ from: ann, caption: 'broken screen', mediaGroupId: '13711122233344' }),
    );
    expect(photo).toMatchObject({
      type: 'message',
      text: 'broken screen',
      media: [
        {
          providerRef: 'AgACAgIAAxkBAAIB-large',
          filename: 'photo-AgAD-large.jpg',
          contentType: 'image/jpeg',
          size: 98765,
        },
      ],
    });
    const [doc] = parse(
      telegramUpdates.document({
        from: ann,
        fileName: 'invoice.pdf',
        mimeType: 'application/pdf',
        caption: 'my invoice',
      }),
    );
    expect(doc).toMatchObject({
      text: 'my invoice',
      media: [
        {
          providerRef: 'BQACAgIAAxkBAAIB-doc',
          filename: 'invoice.pdf',
          contentType: 'application/pdf',
          size: 245678,
        },
      ],
    });
    const [voice] = parse(telegramUpdates.voice({ from: ann }));
    expect(voice).toMatchObject({
      text: '',
      media: [{ filename: 'voice-AgAD-voice.ogg', contentType: 'audio/ogg' }],
    });
    const [note] = parse(telegramUpdates.videoNote({ from: ann }));
    expect(note).toMatchObject({ media: [{ contentType: 'video/mp4' }] });
  });

  it('F16 two chats with the same message_id give different externalMessageIds; edits are distinct too', () => {
    const fromAnn = parse(telegramUpdates.text({ from: ann, text: 'a', messageId: 7 }));
    const fromBob = parse(telegramUpdates.text({ from: bob, text: 'b', messageId: 7 }));
    expect(fromAnn[0]).toMatchObject({ externalMessageId: '111111111:7' });
    expect(fromBob[0]).toMatchObject({ externalMessageId: '222222222:7' });
    const edit = parse(
      telegramUpdates.editedText({ from: ann, messageId: 7, text: 'a!', editDate: 1763900100 }),
    );
    expect(edit[0]).toMatchObject({
      externalMessageId: '111111111:7:edit:1763900100',
      text: 'a!',
      edited: true,
    });
  });

  it('F16 two bots are separate accounts: each webhook gets its own updates and secret', async () => {
    const receiverA = await startWebhookReceiver(() => account());
    const receiverB = await startWebhookReceiver(() =>
      account({ id: 2, secrets: { botToken: tokenB, webhookSecret: 'whsec_B-2' } }),
    );
    await telegramAdapter.connect(account({ webhookUrl: `${receiverA.url}1` }));
    await telegramAdapter.connect(
      account({
        id: 2,
        secrets: { botToken: tokenB, webhookSecret: 'whsec_B-2' },
        webhookUrl: `${receiverB.url}2`,
      }),
    );
    // Same user, same message_id, same update_id, two bots.
    await fake.state.pushUpdate(
      tokenA,
      telegramUpdates.text({ from: ann, text: 'to A', messageId: 5, updateId: 77 }),
    );
    await fake.state.pushUpdate(
      tokenB,
      telegramUpdates.text({ from: ann, text: 'to B', messageId: 5, updateId: 77 }),
    );
    expect(receiverA.accepted.flat()).toMatchObject([{ text: 'to A', externalMessageId: '111111111:5' }]);
    expect(receiverB.accepted.flat()).toMatchObject([{ text: 'to B', externalMessageId: '111111111:5' }]);
    // Bot A's request does not verify as bot B's account: events are stored per account.
    const aRequest = request(telegramUpdates.text({ from: ann, text: 'x' }), 'whsec_A-1');
    expect(
      telegramAdapter.webhook!.verify(
        account({ secrets: { botToken: tokenB, webhookSecret: 'whsec_B-2' } }),
        aRequest,
      ),
    ).toBe(false);
    expect(receiverA.rejected() + receiverB.rejected()).toBe(0);
    expect(fake.state.webhookReplies).toEqual([]);
  });

  it('contact share is attested only when it is the sender’s own card', () => {
    const own = parse(telegramUpdates.contact({ from: ann, phone: '79161234567', contactUserId: ann.id }));
    expect(own[0]).toMatchObject({
      identity: {
        externalId: '111111111',
        verifiedBy: null,
        contactPoints: [{ kind: 'phone', value: '+79161234567', attestedBy: 'telegram-contact' }],
      },
    });
    const someoneElse = parse(
      telegramUpdates.contact({
        from: ann,
        phone: '+44 7700 900123',
        contactUserId: bob.id,
        firstName: 'Bob',
        lastName: 'Ray',
      }),
    );
    expect(someoneElse[0]).toMatchObject({ text: 'Contact: Bob Ray +44 7700 900123' });
    expect(someoneElse[0]).not.toHaveProperty('identity.contactPoints');
    const noUser = parse(telegramUpdates.contact({ from: ann, phone: '79161234567', contactUserId: null }));
    expect(noUser[0]).toMatchObject({ text: 'Contact: Ann 79161234567' });
    expect(noUser[0]).not.toHaveProperty('identity.contactPoints');
  });

  it('the own shared phone is E.164 whether Telegram sends it with a + or without (as it usually does)', () => {
    for (const phone of ['79271234567', '+79271234567', '+7 927 123-45-67']) {
      const [event] = parse(telegramUpdates.contact({ from: ann, phone, contactUserId: ann.id }));
      expect(event, phone).toMatchObject({
        text: 'Shared their phone number: +79271234567',
        identity: {
          contactPoints: [{ kind: 'phone', value: '+79271234567', attestedBy: 'telegram-contact' }],
        },
      });
    }
    // A German number stays German: no default region is applied to a messenger's own number.
    const [german] = parse(
      telegramUpdates.contact({ from: ann, phone: '4915112345678', contactUserId: ann.id }),
    );
    expect(german).toMatchObject({ identity: { contactPoints: [{ value: '+4915112345678' }] } });
  });

  it('my_chat_member kicked/member → reachability; group and unknown updates are ignored', () => {
    expect(parse(telegramUpdates.myChatMember({ from: ann, status: 'kicked' }))).toEqual([
      { type: 'reachability', externalId: '111111111', reachable: false, reason: 'blocked the bot' },
    ]);
    expect(parse(telegramUpdates.myChatMember({ from: ann, status: 'member' }))).toMatchObject([
      { type: 'reachability', externalId: '111111111', reachable: true },
    ]);
    expect(parse(telegramUpdates.groupText({ from: ann, text: 'hi all' }))).toEqual([
      { type: 'ignored', reason: 'message in a supergroup chat', code: 'group_chat' },
    ]);
    expect(parse(telegramUpdates.unknown())).toEqual([
      { type: 'ignored', reason: 'unsupported update type message_reaction', code: 'unsupported_update' },
    ]);
  });

  it('callback_query, location and sticker become text', () => {
    expect(
      parse(telegramUpdates.callbackQuery({ from: ann, data: 'plan:pro', callbackId: '42' })),
    ).toMatchObject([
      {
        type: 'message',
        externalMessageId: 'cb:42',
        text: 'plan:pro',
        identity: { externalId: '111111111' },
      },
    ]);
    expect(parse(telegramUpdates.location({ from: ann, latitude: 55.75, longitude: 37.61 }))).toMatchObject([
      { text: '📍 55.75, 37.61', media: [] },
    ]);
    expect(parse(telegramUpdates.sticker({ from: ann, emoji: '😀' }))).toMatchObject([
      { text: '[sticker 😀]' },
    ]);
  });
});

describe('Telegram adapter: send', () => {
  it('splits at 4096 characters on a newline and HTML-escapes each part (exact sendMessage params)', async () => {
    const first = `${'a'.repeat(4000)} <b>&\n`;
    const text = `${first}${'z'.repeat(200)} 1 < 2`;
    const result = await telegramAdapter.send(account(), outbound({ text }));
    const params = fake.state.requestsFor('sendMessage').map((r) => r.params);
    expect(params).toEqual([
      { chat_id: ann.id, text: `${'a'.repeat(4000)} &lt;b&gt;&amp;`, parse_mode: 'HTML' },
      { chat_id: ann.id, text: `${'z'.repeat(200)} 1 &lt; 2`, parse_mode: 'HTML' },
    ]);
    expect(result).toEqual({ externalId: `${ann.id}:2` });
    const long = await telegramAdapter.send(account(), outbound({ text: 'x'.repeat(9000) }));
    const lengths = fake.state
      .requestsFor('sendMessage')
      .slice(2)
      .map((r) => String(r.params.text).length);
    expect(lengths).toEqual([4096, 4096, 808]);
    expect(long).toEqual({ externalId: `${ann.id}:5` });
  });

  it('F12 outbound files are uploaded as multipart with the exact bytes, never by URL', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const attachment = await file('screen.png', png, 'image/png');
    const result = await telegramAdapter.send(
      account(),
      outbound({ text: 'see <this>', attachments: [attachment] }),
    );
    const [req] = fake.state.requestsFor('sendPhoto');
    expect(req?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(req?.params).toEqual({ chat_id: String(ann.id), caption: 'see &lt;this&gt;', parse_mode: 'HTML' });
    expect(req?.files).toEqual([
      { field: 'photo', filename: 'screen.png', contentType: 'image/png', bytes: png },
    ]);
    expect(JSON.stringify(fake.state.requests.map((r) => r.params))).not.toMatch(/https?:\/\//);
    expect(fake.state.requestsFor('sendMessage')).toEqual([]);
    expect(result).toEqual({ externalId: `${ann.id}:1` });
  });

  it('F13 a .wav (unsupported for voice) is sent as a document; OGG goes as a voice note', async () => {
    const wav = await file('call.wav', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt '), 'audio/wav');
    const ogg = await file('note.ogg', Buffer.from('OggS\x00\x02'), 'audio/ogg');
    const zip = await file('logs.zip', Buffer.from('PK\x03\x04'), 'application/zip');
    await telegramAdapter.send(account(), outbound({ attachments: [wav, ogg, zip] }));
    expect(fake.state.requests.map((r) => `${r.method}:${r.files[0]?.filename ?? ''}`)).toEqual([
      'sendDocument:call.wav',
      'sendVoice:note.ogg',
      'sendDocument:logs.zip',
    ]);
    const answer = fake.state.requestsFor('sendDocument')[0]?.response.body as {
      result: Record<string, unknown>;
    };
    expect(answer.result.document).toMatchObject({ file_name: 'call.wav', mime_type: 'audio/wav' });
  });

  it('a text longer than a caption goes as a separate message before the file', async () => {
    const pdf = await file('a.pdf', Buffer.from('%PDF'), 'application/pdf');
    await telegramAdapter.send(account(), outbound({ text: 'y'.repeat(1500), attachments: [pdf] }));
    expect(fake.state.requests.map((r) => r.method)).toEqual(['sendMessage', 'sendDocument']);
    expect(fake.state.requestsFor('sendDocument')[0]?.params).toEqual({ chat_id: String(ann.id) });
  });

  it('429 → retryable with retryAfterMs; 403 blocked → not retryable; unknown chat → not retryable', async () => {
    fake.state.setFlood({ perChat: { limit: 1, windowMs: 1000 }, retryAfterSeconds: 3 });
    await telegramAdapter.send(account(), outbound({ text: 'one' }));
    expect(await channelError(telegramAdapter.send(account(), outbound({ text: 'two' })))).toMatchObject({
      code: 'TELEGRAM_RATE_LIMITED',
      retryable: true,
      retryAfterMs: 3000,
    });
    fake.state.setFlood({ perChat: null });
    await fake.close();
    fake = await startTelegramFake({ flood: { perChat: null } });
    fake.state.addBot({ token: tokenA });
    fake.state.addUser(ann);
    fake.state.blockUser(ann.id);
    expect(await channelError(telegramAdapter.send(account(), outbound({ text: 'x' })))).toMatchObject({
      code: 'TELEGRAM_BLOCKED',
      retryable: false,
      message: 'the customer blocked the bot (Telegram: Forbidden: bot was blocked by the user)',
    });
    expect(
      await channelError(telegramAdapter.send(account(), outbound({ text: 'x', recipientExternalId: '5' }))),
    ).toMatchObject({ code: 'TELEGRAM_CHAT_NOT_FOUND', retryable: false });
  });

  it('a flood wait after the first part is waited out, so no part is sent twice', async () => {
    fake.state.setFlood({ perChat: { limit: 1, windowMs: 1000 }, retryAfterSeconds: 1 });
    const result = await telegramAdapter.send(
      account(),
      outbound({ text: `${'a'.repeat(4096)}${'b'.repeat(10)}` }),
    );
    const accepted = fake.state.requestsFor('sendMessage').filter((r) => r.response.status === 200);
    expect(accepted.map((r) => String(r.params.text).slice(0, 1))).toEqual(['a', 'b']);
    expect(result).toEqual({ externalId: `${ann.id}:2` });
  });

  it("can't parse entities → retried once as plain text, then fails as a bad request", async () => {
    const cantParse = {
      error_code: 400,
      description: "Bad Request: can't parse entities: Unsupported start tag",
    };
    fake.state.scriptFailure('sendMessage', cantParse);
    const ok = await telegramAdapter.send(account(), outbound({ text: 'a < b' }));
    expect(fake.state.requestsFor('sendMessage').map((r) => r.params)).toEqual([
      { chat_id: ann.id, text: 'a &lt; b', parse_mode: 'HTML' },
      { chat_id: ann.id, text: 'a < b' },
    ]);
    expect(ok).toEqual({ externalId: `${ann.id}:1` });
    fake.state.scriptFailure('sendMessage', cantParse, 2);
    expect(await channelError(telegramAdapter.send(account(), outbound({ text: 'a < b' })))).toMatchObject({
      code: 'TELEGRAM_BAD_REQUEST',
      retryable: false,
    });
  });

  it('5xx and network failures are retryable', async () => {
    fake.state.scriptFailure('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    expect(await channelError(telegramAdapter.send(account(), outbound({ text: 'x' })))).toMatchObject({
      code: 'TELEGRAM_UNAVAILABLE',
      retryable: true,
    });
    const ctx = account();
    await fake.close();
    const error = await channelError(telegramAdapter.send(ctx, outbound({ text: 'x' })));
    expect(error).toMatchObject({ code: 'TELEGRAM_UNAVAILABLE', retryable: true });
    expect(error.message).not.toContain(tokenA);
    fake = await startTelegramFake();
  });
});

describe('Telegram adapter: fetchMedia', () => {
  it('downloads a file via getFile and /file/bot<token>/<path>', async () => {
    const fileId = fake.state.addFile(Buffer.from('%PDF-1.7 body'), { file_path: 'documents/file_3.pdf' });
    const media = await telegramAdapter.fetchMedia!(account(), {
      providerRef: fileId,
      filename: 'invoice.pdf',
      contentType: 'application/pdf',
      size: 13,
    });
    expect(media).toEqual({
      bytes: Buffer.from('%PDF-1.7 body'),
      filename: 'invoice.pdf',
      contentType: 'application/pdf',
    });
  });

  it('F15 a file over 20 MB yields TELEGRAM_FILE_TOO_BIG, not retryable', async () => {
    const fileId = fake.state.addFile(Buffer.from('x'), {
      file_path: 'videos/file_9.mp4',
      size: 25 * 1024 * 1024,
    });
    const ref = { providerRef: fileId, filename: 'big.mp4', contentType: 'video/mp4', size: null };
    const error = await channelError(telegramAdapter.fetchMedia!(account(), ref));
    expect(error).toMatchObject({ code: 'TELEGRAM_FILE_TOO_BIG', retryable: false });
    expect(error.message).toContain('files over 20 MB cannot be fetched from Telegram');
    expect(fake.state.requestsFor('getFile')[0]?.response.body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: file is too big',
    });
    // Known size: no call at all.
    const known = await channelError(
      telegramAdapter.fetchMedia!(account(), { ...ref, size: 25 * 1024 * 1024 }),
    );
    expect(known.code).toBe('TELEGRAM_FILE_TOO_BIG');
    expect(fake.state.requestsFor('getFile')).toHaveLength(1);
  });

  it('a 5xx from getFile is retryable', async () => {
    fake.state.scriptFailure('getFile', { error_code: 500, description: 'Internal Server Error' });
    const ref = { providerRef: 'x', filename: null, contentType: null, size: null };
    expect(await channelError(telegramAdapter.fetchMedia!(account(), ref))).toMatchObject({
      code: 'TELEGRAM_UNAVAILABLE',
      retryable: true,
    });
  });
});

describe('Telegram adapter: quick-reply buttons', () => {
  const callLabel = 'Позвать оператора, пожалуйста, мне нужен живой человек'; // 54 characters, 99 bytes

  it('sends an inline keyboard, one button per row, with compact callback_data (exact params)', async () => {
    const result = await telegramAdapter.send(
      account(),
      outbound({ text: 'Вопрос решён?', buttons: ['Да', 'Нет', callLabel] }),
    );
    const [sent] = fake.state.requestsFor('sendMessage').map((r) => r.params);
    // Cut on a character boundary at exactly 64 bytes (one more Cyrillic letter would make 66).
    const cut = 'Позвать оператора, пожалуйста, м';
    expect(sent).toEqual({
      chat_id: ann.id,
      text: 'Вопрос решён?',
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [
          [{ text: 'Да', callback_data: 'fl:0:Да' }],
          [{ text: 'Нет', callback_data: 'fl:1:Нет' }],
          [{ text: callLabel, callback_data: `fl:2:${cut}` }],
        ],
      },
    });
    expect(Buffer.byteLength(`fl:2:${cut}`)).toBe(64);
    expect(result).toEqual({ externalId: `${ann.id}:1` });
    // The fake keeps the message with its keyboard, as Telegram echoes it with a tap.
    expect(fake.state.lastSentMessage(tokenA, ann.id)?.reply_markup).toEqual(sent?.reply_markup);
  });

  it('a split text carries the keyboard on its last part only; files go first, the text with buttons last', async () => {
    await telegramAdapter.send(account(), outbound({ text: 'x'.repeat(5000), buttons: ['Да'] }));
    const parts = fake.state.requestsFor('sendMessage').map((r) => r.params);
    expect(parts).toHaveLength(2);
    expect(parts[0]).not.toHaveProperty('reply_markup');
    expect(parts[1]?.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Да', callback_data: 'fl:0:Да' }]] });

    const pdf = await file('offer.pdf', Buffer.from('%PDF-1.7 offer'), 'application/pdf');
    await telegramAdapter.send(
      account(),
      outbound({ text: 'Подходит?', attachments: [pdf], buttons: ['Да'] }),
    );
    const order = fake.state.requests.slice(-2).map((r) => r.method);
    expect(order).toEqual(['sendDocument', 'sendMessage']);
    const document = fake.state.requestsFor('sendDocument')[0];
    expect(document?.params).not.toHaveProperty('caption');
    expect(document?.params).not.toHaveProperty('reply_markup');
    expect(fake.state.requestsFor('sendMessage').at(-1)?.params).toMatchObject({
      text: 'Подходит?',
      reply_markup: { inline_keyboard: [[{ text: 'Да', callback_data: 'fl:0:Да' }]] },
    });
  });

  it('without text the keyboard rides on the last file (multipart reply_markup JSON)', async () => {
    const pdf = await file('a.pdf', Buffer.from('%PDF-1.7 a'), 'application/pdf');
    await telegramAdapter.send(account(), outbound({ attachments: [pdf], buttons: ['Получил'] }));
    const [document] = fake.state.requestsFor('sendDocument');
    expect(JSON.parse(String(document?.params.reply_markup))).toEqual({
      inline_keyboard: [[{ text: 'Получил', callback_data: 'fl:0:Получил' }]],
    });
    const created = (document?.response.body as { result?: { reply_markup?: unknown } }).result;
    expect(created?.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Получил', callback_data: 'fl:0:Получил' }]],
    });
  });

  it('a tap becomes a message with the whole label and is answered once (answerCallbackQuery)', async () => {
    await telegramAdapter.send(account(), outbound({ text: 'Вопрос решён?', buttons: ['Да', callLabel] }));
    const keyboardMessage = fake.state.lastSentMessage(tokenA, ann.id)!;
    const receiver = await startWebhookReceiver(() => account());
    await telegramAdapter.connect(account({ webhookUrl: receiver.url }));
    const tap = telegramUpdates.buttonTap({ from: ann, message: keyboardMessage, text: callLabel });
    expect(await fake.state.pushUpdate(tokenA, tap)).toBe('delivered');
    const queryId = (tap.callback_query as { id: string }).id;
    expect(receiver.accepted).toEqual([
      [
        {
          type: 'message',
          externalMessageId: `cb:${queryId}`,
          identity: { externalId: String(ann.id), displayName: 'Ann Lee', verifiedBy: null },
          text: callLabel,
          media: [],
          edited: false,
          acknowledgeRef: queryId,
          language: 'en',
        },
      ],
    ]);
    await telegramAdapter.acknowledge!(account(), queryId);
    expect(fake.state.requestsFor('answerCallbackQuery').map((r) => r.params)).toEqual([
      { callback_query_id: queryId },
    ]);
    expect(fake.state.callbackAnswers).toEqual([{ token: tokenA, callbackQueryId: queryId }]);
    // A second answer (or an unknown id) is refused like Telegram does: permanent, never repeated.
    expect(await channelError(telegramAdapter.acknowledge!(account(), queryId))).toMatchObject({
      code: 'TELEGRAM_BAD_REQUEST',
      retryable: false,
    });
  });

  it('without the echoed keyboard (an old message) the label comes from callback_data', () => {
    const [event] = parse(
      telegramUpdates.callbackQuery({ from: ann, data: 'fl:2:Позвать опер', callbackId: '77' }),
    );
    expect(event).toMatchObject({ type: 'message', text: 'Позвать опер', acknowledgeRef: '77' });
  });

  it('the fake refuses what Telegram refuses: callback_data over 64 bytes, text buttons inline', async () => {
    const call = async (reply_markup: unknown) => {
      const res = await fetch(`${fake.url}/bot${tokenA}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: ann.id, text: 'q', reply_markup }),
      });
      return (await res.json()) as { ok: boolean; description?: string };
    };
    expect(
      await call({ inline_keyboard: [[{ text: 'long', callback_data: 'я'.repeat(33) }]] }),
    ).toMatchObject({ ok: false, description: 'Bad Request: BUTTON_DATA_INVALID' });
    expect(await call({ inline_keyboard: [[{ text: 'plain' }]] })).toMatchObject({
      ok: false,
      description: 'Bad Request: text buttons are unallowed in the inline keyboard',
    });
  });
});
