import { syncEvents } from './support/helpers.ts';
import { createHmac } from 'node:crypto';
import {
  signViberBody,
  startViberFake,
  stringifyViberJson,
  viberCallbacks,
  type ViberCallback,
  type ViberFake,
} from '@frontline/fakes';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelAccountContext, InboundEvent, InboundRequest } from '../src/channels/channel-adapter.ts';
import type { ViberConfig } from '../src/channels/viber/viber-config.ts';
import type { ViberSecrets } from '../src/channels/viber/viber-secrets.ts';
import { viberAdapter } from '../src/channels/viber/viber-adapter.ts';
import { viberSharePhoneTrackingData } from '../src/channels/viber/viber-share-phone.ts';
import { ChannelError } from '../src/lib/errors.ts';
import { channelError } from './support/channel-error.ts';

const authToken = '445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9';
const yarden = { id: '01234567890A=', name: 'Yarden', apiVersion: 10 };
const exactToken = 5741311803571721087n;

let fake: ViberFake;
let hook: Server;
let hookUrl: string;

function account(
  overrides: Partial<ChannelAccountContext<ViberConfig, ViberSecrets>> = {},
): ChannelAccountContext<ViberConfig, ViberSecrets> {
  return {
    id: 1,
    name: 'Support',
    config: { apiRoot: fake.url, senderName: 'Support', senderAvatar: 'https://example.com/a.jpg' },
    secrets: { authToken },
    webhookUrl: hookUrl,
    tokenKey: Buffer.alloc(32, 7),
    ...overrides,
  };
}

function request(callback: ViberCallback, signature?: string | null): InboundRequest {
  const raw = stringifyViberJson(callback);
  const sig = signature === undefined ? signViberBody(authToken, raw) : signature;
  return {
    rawBody: Buffer.from(raw),
    headers: sig === null ? {} : { 'x-viber-content-signature': sig },
  };
}

const webhook = viberAdapter.webhook!;
const parse = (callback: ViberCallback): InboundEvent[] =>
  syncEvents(viberAdapter.parse!(account(), request(callback)));

const outbound = (text: string) => ({
  messageId: 1,
  text,
  attachments: [],
  recipientExternalId: yarden.id,
  idempotencyKey: 'k1',
});

beforeEach(async () => {
  fake = await startViberFake({ webhook: { retryDelayMs: 10, maxAttempts: 2 } });
  fake.state.addBot({ authToken, name: 'Support' });
  hook = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/webhooks/viber/1`;
});
afterEach(async () => {
  await fake.close();
  await new Promise<void>((r) => hook.close(() => r()));
});

describe('viberAdapter webhook', () => {
  it('keeps the 64-bit message_token exact in the event key and the message id', () => {
    const callback = viberCallbacks.text({ sender: yarden, text: 'hello', messageToken: exactToken });
    expect(request(callback).rawBody.toString()).toContain('"message_token":5741311803571721087,');
    expect(
      String((JSON.parse(request(callback).rawBody.toString()) as { message_token: number }).message_token),
    ).not.toBe('5741311803571721087');
    expect(webhook.eventKey(account(), request(callback))).toBe('message:5741311803571721087');
    expect(parse(callback)).toEqual([
      {
        type: 'message',
        externalMessageId: '5741311803571721087',
        identity: { externalId: yarden.id, displayName: 'Yarden', verifiedBy: null },
        text: 'hello',
        media: [],
        edited: false,
        language: 'en',
      },
      { type: 'reachability', externalId: yarden.id, reachable: true, reason: 'wrote to the bot' },
    ]);
    const seen = viberCallbacks.seen({ messageToken: exactToken, userId: yarden.id });
    expect(webhook.eventKey(account(), request(seen))).toBe('seen:5741311803571721087');
    const { message_token: _token, ...withoutToken } = viberCallbacks.unsubscribed({ userId: yarden.id });
    expect(webhook.eventKey(account(), request(withoutToken as ViberCallback))).toMatch(
      /^unsubscribed:sha256:[0-9a-f]{64}$/,
    );
  });

  it('the sender’s phone language becomes the message’s primary language', () => {
    const [message] = parse(
      viberCallbacks.text({ sender: { ...yarden, language: 'ru-RU' }, text: 'привет' }),
    );
    expect(message).toMatchObject({ type: 'message', text: 'привет', language: 'ru' });
  });

  it('verifies the signature over the raw bytes and fails closed', () => {
    const callback = viberCallbacks.text({ sender: yarden, text: 'hello' });
    expect(webhook.verify(account(), request(callback))).toBe(true);
    const raw = stringifyViberJson(callback);
    expect(
      webhook.verify(account(), request(callback, createHmac('sha256', 'other').update(raw).digest('hex'))),
    ).toBe(false);
    expect(webhook.verify(account(), request(callback, 'not-hex'))).toBe(false);
    expect(webhook.verify(account(), request(callback, null))).toBe(false);
    // A missing token never comes from the core (it refuses misconfigured accounts); still fails closed.
    expect(webhook.verify(account({ secrets: {} as ViberSecrets }), request(callback))).toBe(false);
    const tampered = { ...request(callback), rawBody: Buffer.from(raw.replace('hello', 'hellO')) };
    expect(webhook.verify(account(), tampered)).toBe(false);
  });

  it('maps subscription, conversation and status callbacks', () => {
    expect(parse(viberCallbacks.unsubscribed({ userId: yarden.id }))).toEqual([
      { type: 'reachability', externalId: yarden.id, reachable: false, reason: 'unsubscribed from the bot' },
    ]);
    expect(parse(viberCallbacks.subscribed({ user: yarden }))[0]).toMatchObject({ reachable: true });
    expect(parse(viberCallbacks.conversationStarted({ user: yarden }))[0]?.type).toBe('ignored');
    expect(parse(viberCallbacks.webhook())[0]?.type).toBe('ignored');
    expect(parse(viberCallbacks.seen({ messageToken: exactToken, userId: yarden.id }))).toEqual([
      { type: 'status', externalMessageId: '5741311803571721087', status: 'read', reason: null },
    ]);
    expect(parse(viberCallbacks.delivered({ messageToken: exactToken, userId: yarden.id }))[0]).toMatchObject(
      {
        status: 'delivered',
      },
    );
    expect(
      parse(viberCallbacks.failed({ messageToken: exactToken, userId: yarden.id, desc: 'blocked' })),
    ).toEqual([
      { type: 'status', externalMessageId: '5741311803571721087', status: 'failed', reason: 'blocked' },
    ]);
  });

  it('maps media, stickers, locations, urls and contacts; a phone is attested only via share-phone', () => {
    const [picture] = parse(
      viberCallbacks.picture({
        sender: yarden,
        media: 'http://m/p1.jpg',
        text: 'screen',
        fileName: 'p1.png',
        messageToken: 1n,
      }),
    );
    expect(picture).toMatchObject({
      text: 'screen',
      media: [{ providerRef: 'http://m/p1.jpg', filename: 'p1.png', contentType: 'image/png', size: null }],
    });
    const [file] = parse(
      viberCallbacks.file({ sender: yarden, media: 'http://m/f1', fileName: 'contract.pdf', size: 10000 }),
    );
    expect(file).toMatchObject({ text: '', media: [{ filename: 'contract.pdf', size: 10000 }] });
    const [video] = parse(
      viberCallbacks.video({ sender: yarden, media: 'http://m/v1', size: 5, messageToken: 7n }),
    );
    expect(video).toMatchObject({ media: [{ filename: 'video-7.mp4', contentType: 'video/mp4' }] });
    expect(parse(viberCallbacks.sticker({ sender: yarden, stickerId: 40133 }))[0]).toMatchObject({
      text: '[sticker 40133]',
    });
    expect(parse(viberCallbacks.location({ sender: yarden, lat: 32.07, lon: 34.78 }))[0]).toMatchObject({
      text: '📍 32.07, 34.78',
    });
    expect(parse(viberCallbacks.url({ sender: yarden, url: 'https://example.com' }))[0]).toMatchObject({
      text: 'https://example.com',
    });
    const [card] = parse(viberCallbacks.contact({ sender: yarden, phone: '+972541234567', name: 'Mom' }));
    expect(card).toMatchObject({ text: 'Contact: Mom +972541234567', identity: { externalId: yarden.id } });
    expect(card?.type === 'message' && card.identity.contactPoints).toBeFalsy();
    const [shared] = parse(
      viberCallbacks.contact({
        sender: yarden,
        phone: '972541234567',
        trackingData: viberSharePhoneTrackingData,
      }),
    );
    expect(shared).toMatchObject({
      text: 'Shared their phone number: +972541234567',
      identity: {
        contactPoints: [{ kind: 'phone', value: '+972541234567', attestedBy: 'viber-share-phone' }],
      },
    });
    // An unknown type is not dropped: the operator sees a placeholder.
    expect(parse(viberCallbacks.unknownMessage({ sender: yarden }))[0]).toMatchObject({
      type: 'message',
      text: '⚠️ The customer sent a Viber message of type "rich_media" that Frontline cannot show',
    });
    const { name: _n, ...anonymous } = yarden;
    expect(parse(viberCallbacks.text({ sender: anonymous, text: 'x' }))[0]).toMatchObject({
      identity: { displayName: null },
    });
  });

  it('rejects bodies that are not callbacks', () => {
    const bad = { rawBody: Buffer.from('{"hello":1}'), headers: {} };
    expect(() => webhook.eventKey(account(), bad)).toThrow(ChannelError);
    expect(() => viberAdapter.parse!(account(), { rawBody: Buffer.from('nope'), headers: {} })).toThrow(
      /not JSON/,
    );
  });
});

describe('viberAdapter API calls', () => {
  it('connects: account info, set_webhook with the exact params (answered by our URL), healthy', async () => {
    const health = await viberAdapter.connect(account());
    expect(health).toMatchObject({ ok: true });
    expect(fake.state.requestsFor('set_webhook')[0]?.params).toEqual({
      url: hookUrl,
      event_types: ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'],
      send_name: true,
      send_photo: true,
    });
    expect(fake.state.callbackAttempts).toMatchObject([{ event: 'webhook', status: 200 }]);
    await viberAdapter.disconnect(account());
    expect(fake.state.requestsFor('set_webhook')[1]?.params).toEqual({ url: '' });
    expect((await viberAdapter.health(account())).ok).toBe(false);
  });

  it('a rejected token fails connect with an actionable, permanent error', async () => {
    const error = await channelError(
      viberAdapter.connect(account({ secrets: { authToken: 'abc-def0123456' } })),
    );
    expect(error).toMatchObject({ code: 'VIBER_TOKEN_REJECTED', retryable: false });
    expect(error.message).toBe('auth token rejected by Viber: re-enter it in Channel settings');
  });

  it('sends text with the exact params and returns the exact 64-bit token', async () => {
    await viberAdapter.connect(account());
    fake.state.addUser(yarden, { subscribedTo: [authToken] });
    const result = await viberAdapter.send(account(), outbound('Привет'));
    const request = fake.state.requestsFor('send_message')[0];
    expect(request?.params).toEqual({
      receiver: yarden.id,
      min_api_version: 1,
      sender: { name: 'Support', avatar: 'https://example.com/a.jpg' },
      type: 'text',
      text: 'Привет',
    });
    const raw = /"message_token":(\d+)/.exec(request?.response.raw ?? '')?.[1];
    expect(raw).toMatch(/^\d{19}$/);
    expect(result.externalId).toBe(raw);
  });

  it('splits long text at 7000 characters and turns files into a notice', async () => {
    await viberAdapter.connect(account());
    fake.state.addUser(yarden, { subscribedTo: [authToken] });
    const long = `${'a'.repeat(6000)} ${'b'.repeat(3000)}`;
    const result = await viberAdapter.send(account(), {
      ...outbound(long),
      attachments: [
        { id: 'f', filename: 'scan.pdf', contentType: 'application/pdf', size: 3, path: '/nope' },
      ],
    });
    const texts = fake.state.requestsFor('send_message').map((r) => r.params?.text);
    expect(texts).toEqual([
      'a'.repeat(6000),
      `${'b'.repeat(3000)}\n📎 scan.pdf (files cannot be sent to Viber from here)`,
    ]);
    const lastRaw = fake.state.requestsFor('send_message')[1]?.response.raw ?? '';
    expect(result.externalId).toBe(/"message_token":(\d+)/.exec(lastRaw)?.[1]);
  });

  it('sends quick-reply buttons as a reply keyboard on the last part (exact params); a tap is a text message', async () => {
    await viberAdapter.connect(account());
    fake.state.addUser(yarden, { subscribedTo: [authToken] });
    const labels = ['Да', 'Нет', 'Позвать <оператора>'];
    await viberAdapter.send(account(), { ...outbound(`${'a'.repeat(6995)}\nРешено?`), buttons: labels });
    const [first, last] = fake.state.requestsFor('send_message').map((r) => r.params);
    expect(first).not.toHaveProperty('keyboard');
    expect(last).toEqual({
      receiver: yarden.id,
      min_api_version: 1,
      sender: { name: 'Support', avatar: 'https://example.com/a.jpg' },
      type: 'text',
      text: 'Решено?',
      keyboard: {
        Type: 'keyboard',
        DefaultHeight: false,
        Buttons: [
          { ActionType: 'reply', ActionBody: 'Да', Text: 'Да', Columns: 6, Rows: 1 },
          { ActionType: 'reply', ActionBody: 'Нет', Text: 'Нет', Columns: 6, Rows: 1 },
          {
            ActionType: 'reply',
            ActionBody: 'Позвать <оператора>',
            Text: 'Позвать &lt;оператора&gt;',
            Columns: 6,
            Rows: 1,
          },
        ],
      },
    });
    const tap = viberCallbacks.buttonTap({
      sender: yarden,
      keyboard: last?.keyboard,
      label: 'Позвать <оператора>',
    });
    expect(parse(tap)[0]).toMatchObject({ type: 'message', text: 'Позвать <оператора>' });
  });

  it('the fake refuses keyboards Viber refuses', async () => {
    await viberAdapter.connect(account());
    fake.state.addUser(yarden, { subscribedTo: [authToken] });
    const send = async (keyboard: unknown) => {
      const res = await fetch(`${fake.url}/pa/send_message`, {
        method: 'POST',
        headers: { 'x-viber-auth-token': authToken, 'content-type': 'application/json' },
        body: JSON.stringify({
          receiver: yarden.id,
          sender: { name: 'S' },
          type: 'text',
          text: 'q',
          keyboard,
        }),
      });
      return (await res.json()) as { status: number; status_message: string };
    };
    const button = { ActionType: 'reply', ActionBody: 'x', Text: 'x' };
    expect(await send({ Type: 'keyboard', Buttons: [{ ...button, Columns: 7 }] })).toMatchObject({
      status: 3,
    });
    expect(await send({ Type: 'keyboard', Buttons: [] })).toMatchObject({ status: 3 });
    expect(await send({ Type: 'keyboard', Buttons: [{ ActionType: 'reply' }] })).toMatchObject({ status: 4 });
    expect(
      await send({ Type: 'keyboard', Buttons: [{ ...button, ActionType: 'share-phone' }] }),
    ).toMatchObject({
      status: 3,
      status_message: 'badData: a share-phone button needs min_api_version 3',
    });
    expect(await send({ Type: 'keyboard', Buttons: [button] })).toMatchObject({ status: 0 });
  });

  it('maps errors answered as HTTP 200 + status', async () => {
    await viberAdapter.connect(account());
    const send = () => channelError(viberAdapter.send(account(), outbound('hi')));
    expect(await send()).toMatchObject({ code: 'VIBER_NOT_SUBSCRIBED', retryable: false });
    fake.state.addUser(yarden);
    const notSubscribed = await send();
    expect(notSubscribed).toMatchObject({ code: 'VIBER_NOT_SUBSCRIBED', retryable: false });
    expect(notSubscribed.message).toMatch(/the customer is not subscribed to the bot/);
    fake.state.addUser(yarden, { subscribedTo: [authToken] });
    fake.state.perUserPerHour = 0;
    expect(await send()).toMatchObject({ code: 'VIBER_RATE_LIMITED', retryable: true, retryAfterMs: 60_000 });
    fake.state.scriptAnswer('send_message', { status: 3, status_message: 'badData' });
    const bad = await send();
    expect(bad).toMatchObject({ code: 'VIBER_BAD_REQUEST', retryable: false });
    expect(bad.message).toContain('badData');
    fake.state.scriptAnswer('send_message', { status: 2, status_message: 'invalidAuthToken' });
    expect(await send()).toMatchObject({ code: 'VIBER_TOKEN_REJECTED', retryable: false });
    fake.state.scriptAnswer('send_message', { httpStatus: 503 });
    expect(await send()).toMatchObject({ code: 'VIBER_UNAVAILABLE', retryable: true });
    const offline = await channelError(
      viberAdapter.send(
        account({ config: { apiRoot: 'http://127.0.0.1:9', senderName: 'S' } }),
        outbound('hi'),
      ),
    );
    expect(offline).toMatchObject({ code: 'VIBER_UNAVAILABLE', retryable: true });
    expect(offline.message).not.toContain(authToken);
  });

  it('fetches media by URL; an expired file is gone for good, a 5xx is retried', async () => {
    const url = fake.state.hostMedia(Buffer.from('%PDF'), {
      filename: 'contract.pdf',
      contentType: 'application/pdf',
      ttlMs: 60_000,
    });
    const media = await viberAdapter.fetchMedia!(account(), {
      providerRef: url,
      filename: null,
      contentType: null,
      size: 4,
    });
    expect(media).toEqual({
      bytes: Buffer.from('%PDF'),
      filename: 'contract.pdf',
      contentType: 'application/pdf',
    });
    const gone = await channelError(
      viberAdapter.fetchMedia!(account(), {
        providerRef: `${fake.url}/media/00/x.pdf`,
        filename: 'x.pdf',
        contentType: null,
        size: null,
      }),
    );
    expect(gone).toMatchObject({ code: 'VIBER_MEDIA_GONE', retryable: false });
    const failing = createServer((_req, res) => res.writeHead(502).end());
    await new Promise<void>((r) => failing.listen(0, '127.0.0.1', r));
    const port = (failing.address() as AddressInfo).port;
    // A media host on loopback is fetched only when it is the configured API root (here: a stand-in).
    const standIn = account({
      config: {
        apiRoot: `http://127.0.0.1:${port}`,
        senderName: 'Support',
        senderAvatar: 'https://example.com/a.jpg',
      },
    });
    const transient = await channelError(
      viberAdapter.fetchMedia!(standIn, {
        providerRef: `http://127.0.0.1:${port}/m`,
        filename: 'm',
        contentType: null,
        size: null,
      }),
    );
    await new Promise<void>((r) => failing.close(() => r()));
    expect(transient).toMatchObject({ code: 'VIBER_MEDIA_UNAVAILABLE', retryable: true });
  });
});
