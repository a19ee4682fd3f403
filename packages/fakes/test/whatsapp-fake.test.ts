import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startWhatsAppFake,
  whatsappPayloads,
  type WhatsAppFake,
  type WhatsAppFakeOptions,
} from '../src/index.ts';

const accessToken = 'EAAGtestAccessToken0123456789';
const appSecret = 'app_secret_for_tests';
const sheena = { waId: '16505551234', userId: 'US.13491208655302741918', name: 'Шина 👍' };

let fake: WhatsAppFake;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

interface Received {
  headers: IncomingMessage['headers'];
  raw: Buffer;
}

/** A webhook receiver answering with the scripted statuses, then 200. */
async function startReceiver(script: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      res.writeHead(script.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/whatsapp/1`,
    received,
    script,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function start(options: WhatsAppFakeOptions = {}) {
  fake = await startWhatsAppFake({
    accessToken,
    appSecret,
    webhookUrl: receiver.url,
    webhook: { initialRetryMs: 10, maxRetryMs: 40 },
    ...options,
  });
}

async function graph(path: string, body?: unknown, token = accessToken) {
  const res = await fetch(`${fake.url}/v21.0/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const text = (to: string, body = 'Hello') => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'text',
  text: { body },
});

async function until<T>(check: () => T | undefined, timeoutMs = 2000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await fake.close();
  await receiver.close();
});

describe('WhatsApp Cloud fake: webhooks', () => {
  it('signs the exact bytes it posts, and escapes non-ASCII as \\uXXXX like Meta', async () => {
    await start();
    const payload = whatsappPayloads.text({ from: sheena, body: 'Другой цвет? 👍 https://x.io/a' });
    expect(await fake.state.push(payload)).toBe('delivered');
    const [got] = receiver.received;
    const raw = got?.raw.toString('utf8') ?? '';
    expect(raw).toMatch(/^[\x20-\x7e]*$/);
    expect(raw).toContain('\\u0414\\u0440\\u0443\\u0433\\u043e\\u0439');
    expect(raw).toContain('\\ud83d\\udc4d');
    expect(raw).toContain('https:\\/\\/x.io\\/a');
    const expected = `sha256=${createHmac('sha256', appSecret)
      .update(got?.raw ?? '')
      .digest('hex')}`;
    expect(got?.headers['x-hub-signature-256']).toBe(expected);
    expect(expected).toHaveLength(71);
    // Re-serialising the parsed body gives other bytes, hence another signature.
    const reserialised = JSON.stringify(JSON.parse(raw));
    expect(reserialised).not.toBe(raw);
    expect(createHmac('sha256', appSecret).update(reserialised).digest('hex')).not.toBe(expected.slice(7));
    expect(JSON.parse(raw)).toEqual(payload);
  });

  it('retries non-2xx deliveries with backoff; a duplicate push is delivered again (F1)', async () => {
    receiver.script.push(500, 503);
    await start();
    const payload = whatsappPayloads.text({ from: sheena, body: 'hi' });
    expect(await fake.state.push(payload)).toBe('delivered');
    expect(await fake.state.push(payload)).toBe('delivered');
    expect(fake.state.deliveries.map((d) => d.status)).toEqual([500, 503, 200, 200]);
    const bodies = receiver.received.map((r) => r.raw.toString());
    expect(new Set(bodies).size).toBe(1);
  });

  it('builds BSUID-only users, voice notes, replies, system and status payloads', () => {
    const bsuid = whatsappPayloads.text({
      from: { userId: 'US.1234', parentUserId: 'US.ENT.5678', name: 'Kerry', username: 'kfisher' },
      body: 'Hello',
    });
    const value = bsuid.entry[0]?.changes[0]?.value;
    expect(value?.contacts).toEqual([
      { profile: { name: 'Kerry', username: 'kfisher' }, user_id: 'US.1234', parent_user_id: 'US.ENT.5678' },
    ]);
    expect(value?.messages).toHaveLength(1);
    expect((value?.messages as Array<Record<string, unknown>>)[0]).not.toHaveProperty('from');
    const voice = whatsappPayloads.voice({ from: sheena, mediaId: '333' }).entry[0]?.changes[0]?.value;
    expect(voice?.messages).toMatchObject([
      { type: 'audio', audio: { voice: true, mime_type: 'audio/ogg; codecs=opus', id: '333' } },
    ]);
    const moved = whatsappPayloads.userChangedNumber({ from: sheena, newWaId: '16505559999' }).entry[0]
      ?.changes[0]?.value;
    expect(moved?.messages).toMatchObject([
      { type: 'system', system: { type: 'user_changed_number', wa_id: '16505559999' } },
    ]);
    const read = whatsappPayloads.status({ id: 'wamid.X', status: 'read', recipient: sheena }).entry[0]
      ?.changes[0]?.value;
    expect(read?.statuses).toMatchObject([
      { id: 'wamid.X', status: 'read', recipient_id: sheena.waId, recipient_user_id: sheena.userId },
    ]);
  });
});

describe('WhatsApp Cloud fake: Graph API', () => {
  it("answers a wrong token with 401 and Meta's OAuthException envelope (code 190)", async () => {
    await start();
    const res = await graph(`${fake.state.phoneNumberId}/messages`, text(sheena.waId), 'wrong');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { type: 'OAuthException', code: 190 } });
    const error = res.body.error as { message?: unknown; fbtrace_id?: unknown };
    expect(typeof error.message).toBe('string');
    expect(typeof error.fbtrace_id).toBe('string');
  });

  it('describes the phone number', async () => {
    await start();
    const res = await graph(fake.state.phoneNumberId);
    expect(res.body).toMatchObject({
      id: fake.state.phoneNumberId,
      display_phone_number: '+15550783881',
      verified_name: 'Frontline Test',
    });
  });

  it('accepts a text inside the 24 h window with contacts and a wamid; rejects bodies over 4096 (code 100)', async () => {
    await start({ pairRate: null });
    await fake.state.push(whatsappPayloads.text({ from: sheena, body: 'hi' }));
    const ok = await graph(`${fake.state.phoneNumberId}/messages`, text(sheena.waId));
    expect(ok.status).toBe(200);
    const wamid = (ok.body.messages as Array<{ id: string }>)[0]?.id ?? '';
    expect(wamid).toMatch(/^wamid\./);
    expect(ok.body).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: sheena.waId, wa_id: sheena.waId }],
      messages: [{ id: wamid, message_status: 'accepted' }],
    });
    const long = await graph(`${fake.state.phoneNumberId}/messages`, text(sheena.waId, 'x'.repeat(4097)));
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ error: { code: 100 } });
  });

  it('outside the 24 h window answers 200 + wamid, then pushes a failed status with 131047 (F6)', async () => {
    await start();
    const res = await graph(`${fake.state.phoneNumberId}/messages`, text(sheena.waId));
    expect(res.status).toBe(200);
    const wamid = (res.body.messages as Array<{ id: string }>)[0]?.id;
    const failed = await until(() => receiver.received[0]);
    const status = (
      JSON.parse(failed.raw.toString()) as {
        entry: Array<{ changes: Array<{ value: { statuses: unknown[] } }> }>;
      }
    ).entry[0]?.changes[0]?.value.statuses[0];
    expect(status).toMatchObject({
      id: wamid,
      status: 'failed',
      recipient_id: sheena.waId,
      errors: [{ code: 131047, title: 'Re-engagement message' }],
    });
  });

  it('outside the window in sync mode answers 400 with 131047', async () => {
    await start({ outsideWindow: 'sync' });
    const res = await graph(`${fake.state.phoneNumberId}/messages`, text(sheena.waId));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: { code: 131047, error_data: { messaging_product: 'whatsapp' } },
    });
  });

  it('refuses a second message to the same user within 6 s with 131056 (pair rate)', async () => {
    await start();
    fake.state.openWindow(sheena);
    expect((await graph(`${fake.state.phoneNumberId}/messages`, text(sheena.waId))).status).toBe(200);
    const second = await graph(`${fake.state.phoneNumberId}/messages`, text(sheena.waId));
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({
      error: { code: 131056, message: '(#131056) (Business Account, Consumer Account) pair rate limit hit' },
    });
    // Another user is not affected.
    fake.state.openWindow({ waId: '447700900123' });
    expect((await graph(`${fake.state.phoneNumberId}/messages`, text('447700900123'))).status).toBe(200);
  });

  it('pushes automatic statuses in the configured order, the first one before the send response (F4, F5)', async () => {
    await start({ autoStatuses: { sequence: ['read', 'sent'], beforeResponse: true, delayMs: 5 } });
    fake.state.openWindow(sheena);
    const res = await graph(`${fake.state.phoneNumberId}/messages`, text(sheena.waId));
    const wamid = (res.body.messages as Array<{ id: string }>)[0]?.id;
    await until(() => (receiver.received.length >= 2 ? true : undefined));
    const statuses = receiver.received.map(
      (r) =>
        (
          JSON.parse(r.raw.toString()) as {
            entry: Array<{ changes: Array<{ value: { statuses: Array<{ id: string; status: string }> } }> }>;
          }
        ).entry[0]?.changes[0]?.value.statuses[0],
    );
    expect(statuses).toEqual([
      expect.objectContaining({ id: wamid, status: 'read' }),
      expect.objectContaining({ id: wamid, status: 'sent' }),
    ]);
  });

  it('uploads media (multipart), sends it by id, and serves lookups and downloads with the Bearer token', async () => {
    await start();
    fake.state.openWindow(sheena);
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/png');
    form.set('file', new Blob([Buffer.from('PNGDATA')], { type: 'image/png' }), 'a.png');
    const up = await fetch(`${fake.url}/v21.0/${fake.state.phoneNumberId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      body: form,
    });
    const { id } = (await up.json()) as { id: string };
    expect(id).toMatch(/^\d+$/);
    const sent = await graph(`${fake.state.phoneNumberId}/messages`, {
      messaging_product: 'whatsapp',
      to: sheena.waId,
      type: 'image',
      image: { id, caption: 'scan' },
    });
    expect(sent.status).toBe(200);
    const bogus = await graph(`${fake.state.phoneNumberId}/messages`, {
      messaging_product: 'whatsapp',
      to: '447700900123',
      type: 'image',
      image: { id: '999' },
    });
    expect(bogus.body).toMatchObject({ error: { code: 100 } });

    const lookup = await graph(id);
    expect(lookup.body).toMatchObject({
      id,
      mime_type: 'image/png',
      file_size: 7,
      messaging_product: 'whatsapp',
    });
    const url = String(lookup.body.url);
    expect((await fetch(url)).status).toBe(401);
    const download = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('PNGDATA');
  });

  it('media lookups: unknown id → 400 code 100, expired → 404, transient 503 mode (F3)', async () => {
    await start();
    const id = fake.state.addMedia(Buffer.from('OggS'), { mimeType: 'audio/ogg; codecs=opus' });
    expect(await graph('1234567')).toMatchObject({ status: 400, body: { error: { code: 100 } } });
    fake.state.failMediaLookups(2);
    expect(await graph(id)).toMatchObject({ status: 503, body: { error: { code: 2, is_transient: true } } });
    expect((await graph(id)).status).toBe(503);
    expect((await graph(id)).status).toBe(200);
    fake.state.expireMedia(id);
    expect((await graph(id)).status).toBe(404);
  });
});
