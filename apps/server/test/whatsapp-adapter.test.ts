import { syncEvents } from './support/helpers.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  serializeLikeMeta,
  signWhatsAppBody,
  startWhatsAppFake,
  whatsappErrors,
  whatsappPayloads,
  type WhatsAppFake,
  type WhatsAppFakeOptions,
  type WhatsAppWebhookPayload,
} from '@frontline/fakes';
import { afterEach, describe, expect, it } from 'vitest';
import { noticeText } from '@frontline/shared';
import type {
  ChannelAccountContext,
  InboundEvent,
  InboundRequest,
  OutboundMessage,
} from '../src/channels/channel-adapter.ts';
import { whatsappAdapter } from '../src/channels/whatsapp/whatsapp-adapter.ts';
import type { WhatsAppConfig } from '../src/channels/whatsapp/whatsapp-config.ts';
import type { WhatsAppSecrets } from '../src/channels/whatsapp/whatsapp-secrets.ts';
import { ChannelError } from '../src/lib/errors.ts';
import { channelError } from './support/channel-error.ts';
import { writeOutboundAttachment } from './support/outbound-attachment.ts';

const accessToken = 'EAAGadapterTestToken0123456789';
const appSecret = 'adapter_app_secret_1';
const verifyToken = 'verify-token-123';
const sheena = { waId: '16505551234', userId: 'US.13491208655302741918', name: 'Sheena Nelson' };
const kerry = { userId: 'US.1234', parentUserId: 'US.ENT.5678', name: 'Kerry', username: 'kfisher' };

let fake: WhatsAppFake | undefined;
let dir: string | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function start(options: WhatsAppFakeOptions = {}): Promise<WhatsAppFake> {
  fake = await startWhatsAppFake({ accessToken, appSecret, ...options });
  return fake;
}

function account(
  overrides: Partial<ChannelAccountContext<WhatsAppConfig, WhatsAppSecrets>> = {},
): ChannelAccountContext<WhatsAppConfig, WhatsAppSecrets> {
  return {
    id: 1,
    name: 'WhatsApp',
    config: {
      graphRoot: fake?.url ?? 'http://127.0.0.1:9',
      apiVersion: 'v21.0',
      phoneNumberId: '106540352242922',
      templates: [],
    },
    secrets: { accessToken, appSecret, verifyToken },
    webhookUrl: 'http://127.0.0.1:9/webhooks/whatsapp/1',
    tokenKey: Buffer.alloc(32, 7),
    ...overrides,
  };
}

/** The bytes and header exactly as Meta (and the fake) sends them. */
function signed(payload: WhatsAppWebhookPayload | string): InboundRequest {
  const raw = typeof payload === 'string' ? payload : serializeLikeMeta(payload);
  return { rawBody: Buffer.from(raw), headers: { 'x-hub-signature-256': signWhatsAppBody(appSecret, raw) } };
}

function parse(payload: WhatsAppWebhookPayload): InboundEvent[] {
  return syncEvents(whatsappAdapter.parse!(account(), signed(payload)));
}

function parseOne(payload: WhatsAppWebhookPayload): InboundEvent {
  const events = parse(payload);
  expect(events).toHaveLength(1);
  return events[0]!;
}

function outbound(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    messageId: 1,
    text: '',
    attachments: [],
    recipientExternalId: sheena.waId,
    idempotencyKey: 'k1',
    ...overrides,
  };
}

async function file(name: string, bytes: Buffer, contentType: string) {
  dir ??= await mkdtemp(join(tmpdir(), 'wa-adapter-'));
  return writeOutboundAttachment(dir, name, bytes, contentType);
}

const messagesRequests = () => fake!.state.requestsFor('messages');

describe('WhatsApp adapter: webhook handshake and authenticity', () => {
  const query = (overrides: Record<string, string> = {}) => ({
    'hub.mode': 'subscribe',
    'hub.verify_token': verifyToken,
    'hub.challenge': '1158201444',
    ...overrides,
  });

  it('answers the hub.challenge when the verify token matches', () => {
    expect(whatsappAdapter.webhook!.handshake!(account(), query())).toBe('1158201444');
  });

  it('refuses a wrong token, another mode, a missing challenge, or an account without a verify token', () => {
    const handshake = (
      ctx: ChannelAccountContext<WhatsAppConfig, WhatsAppSecrets>,
      q: Record<string, string>,
    ) => whatsappAdapter.webhook!.handshake!(ctx, q);
    expect(handshake(account(), query({ 'hub.verify_token': 'verify-token-124' }))).toBeNull();
    expect(handshake(account(), query({ 'hub.mode': 'unsubscribe' }))).toBeNull();
    expect(handshake(account(), { 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken })).toBeNull();
    expect(handshake(account(), query({ 'hub.challenge': '<script>' }))).toBeNull();
    expect(
      handshake(account({ secrets: { accessToken, appSecret } as WhatsAppSecrets }), query()),
    ).toBeNull();
  });

  it('F8 unsigned, wrongly signed and re-serialised bodies are rejected; the raw \\u-escaped bytes verify', () => {
    const payload = whatsappPayloads.text({ from: sheena, body: 'Есть другой цвет? 🎨' });
    const request = signed(payload);
    const raw = request.rawBody.toString();
    expect(raw).toContain('\\u0415\\u0441\\u0442\\u044c');
    const verify = (r: InboundRequest, ctx = account()) => whatsappAdapter.webhook!.verify(ctx, r);
    expect(verify(request)).toBe(true);
    expect(verify({ rawBody: request.rawBody, headers: {} })).toBe(false);
    expect(
      verify({
        rawBody: request.rawBody,
        headers: { 'x-hub-signature-256': signWhatsAppBody('other-secret', raw) },
      }),
    ).toBe(false);
    expect(verify({ rawBody: request.rawBody, headers: { 'x-hub-signature-256': 'sha256=zz' } })).toBe(false);
    // Parsing and re-serialising (what a JSON body parser would hand over) changes the bytes.
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw)));
    expect(verify({ rawBody: reserialised, headers: request.headers })).toBe(false);
    // A tampered body with the original signature.
    expect(
      verify({ rawBody: Buffer.from(raw.replace('16505551234', '16505550000')), headers: request.headers }),
    ).toBe(false);
    // Fail closed without an app secret.
    expect(verify(request, account({ secrets: { accessToken, verifyToken } as WhatsAppSecrets }))).toBe(
      false,
    );
  });
});

describe('WhatsApp adapter: parsing webhooks', () => {
  it('F1 a redelivered body has the same event key and the same wamid; a wamid repeated inside one body counts once', () => {
    const payload = whatsappPayloads.text({ from: sheena, body: 'Does it come in another color?' });
    const first = signed(payload);
    const again = signed(payload);
    const key = whatsappAdapter.webhook!.eventKey(account(), first);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(whatsappAdapter.webhook!.eventKey(account(), again)).toBe(key);
    expect(parse(payload)).toEqual(parse(payload));
    const doubled = whatsappPayloads.batch(payload, payload);
    const events = parse(doubled);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      externalMessageId:
        payload.entry[0]?.changes[0]?.value.messages &&
        (payload.entry[0].changes[0].value.messages as Array<{ id: string }>)[0]?.id,
    });
    expect(whatsappAdapter.webhook!.eventKey(account(), signed(doubled))).not.toBe(key);
  });

  it('a text message: wamid, wa_id identity with the profile name and a WhatsApp-attested phone', () => {
    const payload = whatsappPayloads.text({
      from: sheena,
      id: 'wamid.TEXT1',
      body: 'Does it come in another color?',
    });
    expect(parseOne(payload)).toEqual({
      type: 'message',
      externalMessageId: 'wamid.TEXT1',
      identity: {
        externalId: '16505551234',
        displayName: 'Sheena Nelson',
        verifiedBy: null,
        contactPoints: [{ kind: 'phone', value: '+16505551234', attestedBy: 'whatsapp' }],
      },
      text: 'Does it come in another color?',
      media: [],
      edited: false,
    });
  });

  it('a BSUID-only user (no phone number) is keyed by the BSUID, without a contact point, and replied to via recipient', async () => {
    const event = parseOne(whatsappPayloads.text({ from: kerry, id: 'wamid.B1', body: 'Hello' }));
    expect(event).toMatchObject({
      type: 'message',
      externalMessageId: 'wamid.B1',
      identity: { externalId: 'US.1234', displayName: 'Kerry' },
    });
    expect(event.type === 'message' && event.identity.contactPoints).toBeFalsy();

    await start();
    fake!.state.openWindow(kerry);
    const result = await whatsappAdapter.send(
      account(),
      outbound({ text: 'Hi Kerry', recipientExternalId: 'US.1234' }),
    );
    expect(messagesRequests()[0]?.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      recipient: 'US.1234',
      type: 'text',
      text: { preview_url: false, body: 'Hi Kerry' },
    });
    expect(result.externalId).toMatch(/^wamid\./);
  });

  it('F9 a voice note (audio, voice: true, ogg/opus) becomes a media ref with a .ogg filename; documents keep filename and caption', () => {
    expect(
      parseOne(whatsappPayloads.voice({ from: sheena, id: 'wamid.VOICE1', mediaId: '3333333333' })),
    ).toMatchObject({
      text: '',
      media: [
        {
          providerRef: '3333333333',
          filename: 'voice-3333333333.ogg',
          contentType: 'audio/ogg; codecs=opus',
          size: null,
        },
      ],
    });
    expect(
      parseOne(
        whatsappPayloads.document({
          from: sheena,
          mediaId: '2222222222',
          filename: 'invoice.pdf',
          caption: 'Invoice',
        }),
      ),
    ).toMatchObject({
      text: 'Invoice',
      media: [{ providerRef: '2222222222', filename: 'invoice.pdf', contentType: 'application/pdf' }],
    });
    expect(
      parseOne(whatsappPayloads.image({ from: sheena, mediaId: '1111111111', caption: 'Broken' })),
    ).toMatchObject({
      text: 'Broken',
      media: [{ providerRef: '1111111111', filename: 'image-1111111111.jpg', contentType: 'image/jpeg' }],
    });
  });

  it('interactive, template-button and reaction replies become text; unsupported becomes a notice', () => {
    expect(
      parseOne(
        whatsappPayloads.buttonReply({
          from: sheena,
          buttonId: 'yes',
          title: 'Yes',
          context: { id: 'wamid.OUT2' },
        }),
      ),
    ).toMatchObject({ text: 'Yes' });
    expect(
      parseOne(
        whatsappPayloads.listReply({ from: sheena, rowId: 'r2', title: 'Tariff S', description: '10 GB' }),
      ),
    ).toMatchObject({ text: 'Tariff S' });
    expect(
      parseOne(whatsappPayloads.templateButton({ from: sheena, text: 'No', payload: 'No-Button-Payload' })),
    ).toMatchObject({ text: 'No' });
    expect(
      parseOne(whatsappPayloads.reaction({ from: sheena, messageId: 'wamid.OUT1', emoji: '👍' })),
    ).toMatchObject({ text: 'reacted 👍 to a message' });
    expect(
      parseOne(whatsappPayloads.reaction({ from: sheena, messageId: 'wamid.OUT1', emoji: '' })),
    ).toMatchObject({ type: 'ignored' });
    const unsupported = parseOne(whatsappPayloads.unsupported({ from: sheena }));
    expect(unsupported).toMatchObject({ type: 'message' });
    expect(unsupported.type === 'message' && unsupported.text).toMatch(/131051: Message type unknown/);
  });

  it('a user_changed_number system message moves the identity to the new wa_id, with a note for the operator', () => {
    const moved = parseOne(whatsappPayloads.userChangedNumber({ from: sheena, newWaId: '16505559999' }));
    expect(moved).toEqual({
      type: 'identity-moved',
      externalId: '16505551234',
      newExternalId: '16505559999',
      contactPoints: [{ kind: 'phone', value: '+16505559999', attestedBy: 'whatsapp' }],
      note: { code: 'number_changed', channel: 'whatsapp', from: '+16505551234', to: '+16505559999' },
    });
    expect(moved.type === 'identity-moved' && noticeText(moved.note)).toBe(
      'Changed their WhatsApp number from +16505551234 to +16505559999',
    );
  });

  it('F4 F5 statuses parse independently of their order, also for wamids never seen before', () => {
    const read = whatsappPayloads.status({ id: 'wamid.OUT1', status: 'read', recipient: sheena });
    const delivered = whatsappPayloads.status({ id: 'wamid.OUT1', status: 'delivered', recipient: sheena });
    const sent = whatsappPayloads.status({ id: 'wamid.OUT1', status: 'sent', recipient: sheena });
    expect([read, delivered, sent].map(parseOne)).toEqual([
      { type: 'status', externalMessageId: 'wamid.OUT1', status: 'read', reason: null },
      { type: 'status', externalMessageId: 'wamid.OUT1', status: 'delivered', reason: null },
      { type: 'status', externalMessageId: 'wamid.OUT1', status: 'sent', reason: null },
    ]);
    expect(parse(whatsappPayloads.batch(sent, read))).toHaveLength(2);
    expect(
      parseOne(whatsappPayloads.status({ id: 'wamid.X', status: 'played', recipient: sheena })),
    ).toMatchObject({ status: 'read' });
    expect(
      parseOne(whatsappPayloads.status({ id: 'wamid.X', status: 'deleted', recipient: sheena })),
    ).toMatchObject({ type: 'ignored' });
  });

  it('F6 an async 131047 failed status parses to failed with a reason the operator can act on', () => {
    const event = parseOne(
      whatsappPayloads.status({
        id: 'wamid.OUT3',
        status: 'failed',
        recipient: sheena,
        errors: [whatsappErrors.reEngagement],
      }),
    );
    expect(event).toEqual({
      type: 'status',
      externalMessageId: 'wamid.OUT3',
      status: 'failed',
      reason:
        "131047: Re-engagement message — more than 24 hours since the customer's last message: use an approved template, or wait for the customer to write again",
    });
    const undeliverable = parseOne(
      whatsappPayloads.status({
        id: 'wamid.OUT4',
        status: 'failed',
        recipient: sheena,
        errors: [whatsappErrors.undeliverable],
      }),
    );
    expect(undeliverable.type === 'status' && undeliverable.reason).toMatch(/^131026: Message undeliverable/);
  });

  it('tolerates unknown fields, ignores other numbers and non-message fields, and rejects non-webhooks', () => {
    const payload = whatsappPayloads.text({ from: sheena, body: 'hi', phoneNumberId: '999999999' });
    const other = parseOne(payload);
    expect(other.type === 'ignored' && other.reason).toBe(
      "for phone number id 999999999, not this channel's",
    );
    const extra = whatsappPayloads.text({ from: sheena, body: 'hi' });
    extra.entry[0]!.changes[0]!.value.brand_new_field = { x: 1 };
    expect(parseOne(extra)).toMatchObject({ type: 'message', text: 'hi' });
    expect(
      parseOne(whatsappPayloads.errors({ errors: [{ code: 131000, title: 'Something went wrong' }] })),
    ).toEqual({ type: 'channel-problem', detail: 'WhatsApp reported 131000: Something went wrong' });
    expect(() => whatsappAdapter.webhook!.eventKey(account(), signed('{"hello":1}'))).toThrow(ChannelError);
    expect(() => whatsappAdapter.parse!(account(), signed('not json'))).toThrow(ChannelError);
  });
});

describe('WhatsApp adapter: sending', () => {
  it('F10 send returns the wamid and the fake saw exactly one request per call', async () => {
    await start({ pairRate: null });
    fake!.state.openWindow(sheena);
    const first = await whatsappAdapter.send(account(), outbound({ text: 'Hello <b>&' }));
    expect(messagesRequests()).toHaveLength(1);
    expect(messagesRequests()[0]).toMatchObject({
      httpMethod: 'POST',
      path: '/v21.0/106540352242922/messages',
      authorization: `Bearer ${accessToken}`,
      json: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '16505551234',
        type: 'text',
        text: { preview_url: false, body: 'Hello <b>&' },
      },
    });
    expect(first.externalId).toBe(fake!.state.accepted[0]?.wamid);
    const second = await whatsappAdapter.send(account(), outbound({ text: 'Again' }));
    expect(messagesRequests()).toHaveLength(2);
    expect(second.externalId).not.toBe(first.externalId);
  });

  it('splits text over 4096 characters', async () => {
    await start({ pairRate: null });
    fake!.state.openWindow(sheena);
    await whatsappAdapter.send(account(), outbound({ text: 'a'.repeat(5000) }));
    const bodies = messagesRequests().map((r) => (r.json as { text: { body: string } }).text.body.length);
    expect(bodies).toEqual([4096, 904]);
  });

  it('uploads files first, then sends them by media id: image with caption, OGG as audio, others as document', async () => {
    await start({ pairRate: null });
    fake!.state.openWindow(sheena);
    const png = await file('scan.png', Buffer.from('\x89PNG fake'), 'image/png');
    const ogg = await file('note.ogg', Buffer.from('OggS fake'), 'audio/ogg');
    const pdf = await file('offer.pdf', Buffer.from('%PDF-1.4 fake'), 'application/pdf');
    const result = await whatsappAdapter.send(
      account(),
      outbound({ text: 'Your documents', attachments: [png, ogg, pdf] }),
    );
    const uploads = fake!.state.requestsFor('media.upload');
    expect(
      uploads.map((u) => ({ fields: u.fields, file: u.files[0]?.filename, type: u.files[0]?.contentType })),
    ).toEqual([
      { fields: { messaging_product: 'whatsapp', type: 'image/png' }, file: 'scan.png', type: 'image/png' },
      { fields: { messaging_product: 'whatsapp', type: 'audio/ogg' }, file: 'note.ogg', type: 'audio/ogg' },
      {
        fields: { messaging_product: 'whatsapp', type: 'application/pdf' },
        file: 'offer.pdf',
        type: 'application/pdf',
      },
    ]);
    const ids = uploads.map((u) => (u.response.body as { id: string }).id);
    const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '16505551234' };
    expect(messagesRequests().map((r) => r.json)).toEqual([
      { ...base, type: 'image', image: { id: ids[0], caption: 'Your documents' } },
      { ...base, type: 'audio', audio: { id: ids[1] } },
      { ...base, type: 'document', document: { id: ids[2], filename: 'offer.pdf' } },
    ]);
    expect(result.externalId).toBe(fake!.state.accepted[2]?.wamid);
  });

  it('maps Graph errors to coded ChannelErrors', async () => {
    await start({ outsideWindow: 'sync' });
    const wrongToken = await channelError(
      whatsappAdapter.send(
        account({ secrets: { accessToken: 'EAAGwrongToken0000000', appSecret, verifyToken } }),
        outbound({ text: 'x' }),
      ),
    );
    expect(wrongToken).toMatchObject({ code: 'WHATSAPP_TOKEN_REJECTED', retryable: false });

    const outside = await channelError(whatsappAdapter.send(account(), outbound({ text: 'x' })));
    expect(outside).toMatchObject({ code: 'WHATSAPP_OUTSIDE_24H', retryable: false });
    expect(outside.message).toMatch(/more than 24 hours .* use an approved template/);

    fake!.state.openWindow(sheena);
    await whatsappAdapter.send(account(), outbound({ text: 'first' }));
    const pair = await channelError(whatsappAdapter.send(account(), outbound({ text: 'second' })));
    expect(pair).toMatchObject({ code: 'WHATSAPP_RATE_LIMITED', retryable: true, retryAfterMs: 6000 });

    fake!.state.pairRate = null;
    const scripted = async (status: number, code: number) => {
      fake!.state.scriptError({ status, code, message: `(#${code}) scripted` });
      return channelError(whatsappAdapter.send(account(), outbound({ text: 'x' })));
    };
    expect(await scripted(400, 130429)).toMatchObject({
      code: 'WHATSAPP_RATE_LIMITED',
      retryable: true,
      retryAfterMs: 1000,
    });
    expect(await scripted(400, 80007)).toMatchObject({ code: 'WHATSAPP_RATE_LIMITED', retryable: true });
    expect(await scripted(400, 131026)).toMatchObject({ code: 'WHATSAPP_UNDELIVERABLE', retryable: false });
    expect(await scripted(500, 1)).toMatchObject({ code: 'WHATSAPP_UNAVAILABLE', retryable: true });
    expect(await scripted(400, 100)).toMatchObject({ code: 'WHATSAPP_BAD_REQUEST', retryable: false });
    const tooLong = await channelError(
      whatsappAdapter.send(
        account(),
        outbound({ text: 'x', attachments: [await file('a.zip', Buffer.from('PK'), 'application/zip')] }),
      ),
    );
    expect(tooLong).toMatchObject({ code: 'WHATSAPP_BAD_REQUEST', retryable: false });

    const closed = account({
      config: {
        graphRoot: 'http://127.0.0.1:9',
        apiVersion: 'v21.0',
        phoneNumberId: '106540352242922',
        templates: [],
      },
    });
    expect(await channelError(whatsappAdapter.send(closed, outbound({ text: 'x' })))).toMatchObject({
      code: 'WHATSAPP_UNAVAILABLE',
      retryable: true,
    });
    const error = await channelError(
      whatsappAdapter.send(
        account({ secrets: { accessToken: 'EAAGwrongToken0000000', appSecret, verifyToken } }),
        outbound({ text: 'x' }),
      ),
    );
    expect(error.message).not.toContain('EAAG');
  });
});

describe('WhatsApp adapter: quick-reply buttons', () => {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '16505551234' };

  it('up to 3 labels of ≤ 20 characters go as reply buttons (exact body); a tap comes back as the label', async () => {
    await start({ pairRate: null });
    fake!.state.openWindow(sheena);
    const result = await whatsappAdapter.send(
      account(),
      outbound({ text: 'Вопрос решён?', buttons: ['Да', 'Нет', 'Позвать оператора'] }),
    );
    expect(messagesRequests().map((r) => r.json)).toEqual([
      {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Вопрос решён?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'fl:0', title: 'Да' } },
              { type: 'reply', reply: { id: 'fl:1', title: 'Нет' } },
              { type: 'reply', reply: { id: 'fl:2', title: 'Позвать оператора' } },
            ],
          },
        },
      },
    ]);
    expect(result.externalId).toBe(fake!.state.accepted[0]?.wamid);
    expect(fake!.state.accepted[0]?.type).toBe('interactive');
    const tap = parseOne(
      whatsappPayloads.buttonReply({ from: sheena, buttonId: 'fl:2', title: 'Позвать оператора' }),
    );
    expect(tap).toMatchObject({ type: 'message', text: 'Позвать оператора' });
  });

  it('more than 3 labels, or one over 20 characters, go as a list (rows ≤ 24) opened by the configured label', async () => {
    await start({ pairRate: null });
    fake!.state.openWindow(sheena);
    await whatsappAdapter.send(
      account(),
      outbound({ text: 'Выберите тариф', buttons: ['S', 'M', 'L', 'XL'] }),
    );
    const long = 'Позвать оператора сейчас'; // 24 characters: too long for a button, fits a row
    const ctx = account();
    await whatsappAdapter.send(
      { ...ctx, config: { ...ctx.config, listButtonLabel: 'Выбрать' } },
      outbound({ text: 'Что дальше?', buttons: ['Да', long] }),
    );
    expect(messagesRequests().map((r) => r.json)).toEqual([
      {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Выберите тариф' },
          action: {
            button: 'Choose',
            sections: [
              {
                rows: [
                  { id: 'fl:0', title: 'S' },
                  { id: 'fl:1', title: 'M' },
                  { id: 'fl:2', title: 'L' },
                  { id: 'fl:3', title: 'XL' },
                ],
              },
            ],
          },
        },
      },
      {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Что дальше?' },
          action: {
            button: 'Выбрать',
            sections: [
              {
                rows: [
                  { id: 'fl:0', title: 'Да' },
                  { id: 'fl:1', title: long },
                ],
              },
            ],
          },
        },
      },
    ]);
    expect(parseOne(whatsappPayloads.listReply({ from: sheena, rowId: 'fl:1', title: long }))).toMatchObject({
      text: long,
    });
  });

  it('labels that fit neither are refused before anything is sent (permanent, the limit named)', async () => {
    await start({ pairRate: null });
    fake!.state.openWindow(sheena);
    const tooLong = await channelError(
      whatsappAdapter.send(
        account(),
        outbound({ text: 'q', buttons: ['Да', 'Позвать оператора прямо сейчас'] }),
      ),
    );
    expect(tooLong).toMatchObject({ code: 'WHATSAPP_BUTTONS_UNSUPPORTED', retryable: false });
    expect(tooLong.message).toBe(
      'WhatsApp shows at most 3 buttons of up to 20 characters, or a list of up to 10 options of up to 24 ' +
        'characters: shorten "Позвать оператора прямо сейчас" (30 characters)',
    );
    const tooMany = await channelError(
      whatsappAdapter.send(
        account(),
        outbound({ text: 'q', buttons: Array.from({ length: 11 }, (_, i) => `#${i}`) }),
      ),
    );
    expect(tooMany.message).toMatch(/send at most 10 buttons$/);
    expect(messagesRequests()).toHaveLength(0);
  });

  it('files first, then the text: its last ≤ 1024 characters are the interactive body', async () => {
    await start({ pairRate: null });
    fake!.state.openWindow(sheena);
    const pdf = await file('offer.pdf', Buffer.from('%PDF-1.4 fake'), 'application/pdf');
    const text = `${'a'.repeat(1500)}\n${'b'.repeat(600)}`;
    await whatsappAdapter.send(account(), outbound({ text, attachments: [pdf], buttons: ['Да'] }));
    const sent = messagesRequests().map((r) => r.json as Record<string, unknown>);
    expect(sent.map((m) => m.type)).toEqual(['document', 'text', 'interactive']);
    expect(sent[0]).not.toHaveProperty('document.caption');
    expect(sent[1]).toMatchObject({ text: { body: 'a'.repeat(1500) } });
    expect(sent[2]).toMatchObject({ interactive: { type: 'button', body: { text: 'b'.repeat(600) } } });
  });

  it('the fake checks interactive limits like Meta (131009 out of limits, 100 missing)', async () => {
    await start({ pairRate: null });
    fake!.state.openWindow(sheena);
    const post = async (interactive: unknown) => {
      const res = await fetch(`${fake!.url}/v21.0/106540352242922/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...base, type: 'interactive', interactive }),
      });
      const body = (await res.json()) as { error?: { code: number; error_data?: { details: string } } };
      return { status: res.status, code: body.error?.code, details: body.error?.error_data?.details };
    };
    const reply = (title: string, id = title) => ({ type: 'reply', reply: { id, title } });
    const body = { text: 'q' };
    expect(
      await post({ type: 'button', body, action: { buttons: ['a', 'b', 'c', 'd'].map((t) => reply(t)) } }),
    ).toEqual({ status: 400, code: 131009, details: 'Number of buttons is invalid. Min: 1, Max: 3' });
    expect(await post({ type: 'button', body, action: { buttons: [reply('x'.repeat(21))] } })).toEqual({
      status: 400,
      code: 131009,
      details: 'Button title length invalid. Min length: 1, Max length: 20',
    });
    expect(
      await post({ type: 'button', body, action: { buttons: [reply('a', '1'), reply('a', '2')] } }),
    ).toMatchObject({ code: 131009, details: 'Button title must be unique' });
    const rows = (n: number, title = 'r') =>
      Array.from({ length: n }, (_, i) => ({ id: `r${i}`, title: `${title}${i}` }));
    expect(
      await post({ type: 'list', body, action: { button: 'Go', sections: [{ rows: rows(11) }] } }),
    ).toMatchObject({
      code: 131009,
      details: 'Total row count exceed max allowed count: 10',
    });
    expect(
      await post({
        type: 'list',
        body,
        action: { button: 'Go', sections: [{ rows: rows(1, 'x'.repeat(24)) }] },
      }),
    ).toMatchObject({ code: 131009, details: 'Row title length invalid. Min length: 1, Max length: 24' });
    expect(await post({ type: 'list', body, action: { sections: [{ rows: rows(1) }] } })).toMatchObject({
      status: 400,
      code: 100,
    });
    expect(fake!.state.accepted).toHaveLength(0);
  });
});

describe('WhatsApp adapter: media, connect and health', () => {
  it('F3 a media lookup 503 is a retryable error; the retry returns the same bytes', async () => {
    await start();
    const bytes = Buffer.from('OggS voice bytes');
    const id = fake!.state.addMedia(bytes, { mimeType: 'audio/ogg; codecs=opus' });
    const ref = {
      providerRef: id,
      filename: `voice-${id}.ogg`,
      contentType: 'audio/ogg; codecs=opus',
      size: null,
    };
    fake!.state.failMediaLookups(1);
    const error = await channelError(whatsappAdapter.fetchMedia!(account(), ref));
    expect(error).toMatchObject({ code: 'WHATSAPP_UNAVAILABLE', retryable: true });
    const media = await whatsappAdapter.fetchMedia!(account(), ref);
    expect(media).toEqual({ bytes, filename: `voice-${id}.ogg`, contentType: 'audio/ogg; codecs=opus' });
    const download = fake!.state.requestsFor('media.download')[0];
    expect(download?.authorization).toBe(`Bearer ${accessToken}`);
  });

  it('an expired or unknown media id is permanent (WHATSAPP_MEDIA_GONE)', async () => {
    await start();
    const id = fake!.state.addMedia(Buffer.from('x'), { mimeType: 'image/jpeg' });
    fake!.state.expireMedia(id);
    const ref = { providerRef: id, filename: 'a.jpg', contentType: 'image/jpeg', size: null };
    expect(await channelError(whatsappAdapter.fetchMedia!(account(), ref))).toMatchObject({
      code: 'WHATSAPP_MEDIA_GONE',
      retryable: false,
    });
    expect(
      await channelError(whatsappAdapter.fetchMedia!(account(), { ...ref, providerRef: '42424242' })),
    ).toMatchObject({
      code: 'WHATSAPP_MEDIA_GONE',
      retryable: false,
    });
  });

  it('connect and health look the number up; a rejected token fails connect and makes health not ok', async () => {
    await start();
    const health = await whatsappAdapter.connect(account());
    expect(health.ok).toBe(true);
    expect(health.detail).toContain('+15550783881');
    expect(health.detail).toContain('http://127.0.0.1:9/webhooks/whatsapp/1');
    expect(fake!.state.requestsFor('phone')).toHaveLength(1);
    const bad = account({ secrets: { accessToken: 'EAAGwrongToken0000000', appSecret, verifyToken } });
    expect(await channelError(whatsappAdapter.connect(bad))).toMatchObject({
      code: 'WHATSAPP_TOKEN_REJECTED',
      retryable: false,
    });
    const health2 = await whatsappAdapter.health(bad);
    expect(health2.ok).toBe(false);
    expect(health2.detail).toMatch(/access token rejected/);
    await whatsappAdapter.disconnect(account());
  });
});
