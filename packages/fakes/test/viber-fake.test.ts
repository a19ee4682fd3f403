import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startViberFake, viberCallbacks, type ViberFake } from '../src/index.ts';

const token = '445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9';
const yarden = { id: '01234567890A=', name: 'Yarden', apiVersion: 10 };

let fake: ViberFake;
const servers: Server[] = [];

async function call(method: string, params: unknown = {}, authToken: string | null = token) {
  const res = await fetch(`${fake.url}/pa/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authToken === null ? {} : { 'x-viber-auth-token': authToken }),
    },
    body: JSON.stringify(params),
  });
  const raw = await res.text();
  return { httpStatus: res.status, raw, body: JSON.parse(raw) as Record<string, unknown> };
}

interface Received {
  headers: IncomingMessage['headers'];
  raw: string;
}

/** A webhook receiver answering with the scripted statuses, then 200. */
async function startReceiver(script: number[] = []) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(script.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const textParams = {
  receiver: yarden.id,
  min_api_version: 1,
  sender: { name: 'Support' },
  type: 'text',
  text: 'hi',
};

beforeEach(async () => {
  fake = await startViberFake({ webhook: { retryDelayMs: 10, maxAttempts: 3 } });
  fake.state.addBot({ authToken: token, name: 'Support' });
});
afterEach(async () => {
  await fake.close();
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});

describe('Viber fake', () => {
  it('answers errors with HTTP 200 and a non-zero status', async () => {
    expect(await call('get_account_info', {}, 'wrong-token')).toMatchObject({
      httpStatus: 200,
      body: { status: 2, status_message: 'invalidAuthToken' },
    });
    expect((await call('get_account_info', {}, null)).body.status).toBe(2);
    const hook = await startReceiver();
    await call('set_webhook', { url: hook.url });
    expect((await call('send_message', textParams)).body).toMatchObject({ status: 5 });
    fake.state.addUser(yarden);
    expect((await call('send_message', textParams)).body).toMatchObject({
      status: 6,
      status_message: 'receiverNotSubscribed',
    });
    fake.state.addUser(yarden, { subscribedTo: [token] });
    expect((await call('send_message', { ...textParams, sender: {} })).body.status).toBe(3);
    expect((await call('send_message', { ...textParams, text: 'x'.repeat(7001) })).body.status).toBe(3);
    expect(
      (await call('send_message', { ...textParams, type: 'file', media: 'http://x/y' })).body.status,
    ).toBe(4);
    expect((await call('send_message', { ...textParams, min_api_version: 11 })).body.status).toBe(13);
    const keyboard = {
      Type: 'keyboard',
      InputFieldState: 'hidden',
      Buttons: [{ ActionType: 'share-phone', ActionBody: 'phone', Text: 'Share my number' }],
    };
    expect((await call('send_message', { ...textParams, keyboard })).body.status).toBe(3);
    expect((await call('send_message', { ...textParams, keyboard, min_api_version: 3 })).body.status).toBe(0);
    fake.state.scriptAnswer('send_message', { httpStatus: 503 });
    expect((await call('send_message', textParams)).httpStatus).toBe(503);
  });

  it('writes message_token as a raw 64-bit JSON number that JSON.parse would corrupt', async () => {
    const hook = await startReceiver();
    await call('set_webhook', { url: hook.url });
    fake.state.addUser(yarden, { subscribedTo: [token] });
    const { raw, body } = await call('send_message', textParams);
    const match = /"message_token":(\d+)[,}]/.exec(raw);
    expect(match?.[1]).toMatch(/^\d{19}$/);
    const exact = BigInt(match?.[1] ?? '0');
    expect(exact > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(String(body.message_token)).not.toBe(match?.[1]);
    expect(body).toMatchObject({ status: 0, status_message: 'ok' });
    expect(body.chat_hostname).toMatch(/^SN-/);
  });

  it('set_webhook calls the URL at once, signed, and fails unless it answers 200', async () => {
    const refusing = await startReceiver([500]);
    expect((await call('set_webhook', { url: refusing.url })).body.status).toBe(1);
    expect(refusing.received).toHaveLength(1);
    expect((await call('get_account_info')).body.webhook).toBe('');

    const hook = await startReceiver();
    const answer = await call('set_webhook', { url: hook.url, event_types: ['seen'], send_name: true });
    expect(answer.body).toMatchObject({ status: 0, event_types: ['seen'] });
    const [probe] = hook.received;
    expect(probe?.raw).toMatch(
      /^\{"event":"webhook","timestamp":\d+,"chat_hostname":"[^"]+","message_token":\d{19}\}$/,
    );
    const signature = createHmac('sha256', token)
      .update(probe?.raw ?? '')
      .digest('hex');
    expect(probe?.headers['x-viber-content-signature']).toBe(signature);
    expect((await call('get_account_info')).body).toMatchObject({ webhook: hook.url, event_types: ['seen'] });
    expect((await call('set_webhook', { url: '' })).body.status).toBe(0);
    expect((await call('get_account_info')).body.webhook).toBe('');
  });

  it('pushes signed callbacks, retries on non-2xx and filters unsubscribed event types', async () => {
    const hook = await startReceiver();
    await call('set_webhook', { url: hook.url, event_types: ['delivered'] });
    const script = [502, 500];
    const retrying = await startReceiver(script);
    fake.state.bots.get(token)!.webhook!.url = retrying.url;
    const message = viberCallbacks.text({
      sender: yarden,
      text: 'שלום 👋',
      messageToken: 5843910012345678905n,
    });
    expect(await fake.state.push(token, message)).toBe('delivered');
    expect(retrying.received).toHaveLength(3);
    const raw = retrying.received[2]?.raw ?? '';
    expect(raw).toContain('"message_token":5843910012345678905,');
    expect(retrying.received[2]?.headers['x-viber-content-signature']).toBe(
      createHmac('sha256', token).update(Buffer.from(raw, 'utf8')).digest('hex'),
    );
    expect(await fake.state.push(token, viberCallbacks.seen({ messageToken: 1n, userId: yarden.id }))).toBe(
      'filtered',
    );
    // The message subscribed the sender: sends now succeed; unsubscribing stops them.
    expect((await call('send_message', textParams)).body.status).toBe(0);
    await fake.state.push(token, viberCallbacks.unsubscribed({ userId: yarden.id }));
    expect((await call('send_message', textParams)).body.status).toBe(6);
  });

  it('stops at 100 unanswered messages per user and hour until the user writes again', async () => {
    const hook = await startReceiver();
    await call('set_webhook', { url: hook.url });
    fake.state.perUserPerHour = 3;
    fake.state.addUser(yarden, { subscribedTo: [token] });
    for (let i = 0; i < 3; i++) expect((await call('send_message', textParams)).body.status).toBe(0);
    expect((await call('send_message', textParams)).body).toMatchObject({
      status: 12,
      status_message: 'tooManyRequests',
    });
    await fake.state.push(token, viberCallbacks.text({ sender: yarden, text: 'ok' }));
    expect((await call('send_message', textParams)).body.status).toBe(0);
  });

  it('serves media until it expires and answers get_user_details', async () => {
    const url = fake.state.hostMedia(Buffer.from('PDF'), {
      filename: 'a b.pdf',
      contentType: 'application/pdf',
      ttlMs: 50,
    });
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(await res.text()).toBe('PDF');
    await new Promise((r) => setTimeout(r, 80));
    expect((await fetch(url)).status).toBe(404);
    fake.state.addUser(yarden);
    expect((await call('get_user_details', { id: yarden.id })).body).toMatchObject({
      status: 0,
      user: { id: yarden.id, name: 'Yarden', api_version: 10 },
    });
    await call('get_user_details', { id: yarden.id });
    expect((await call('get_user_details', { id: yarden.id })).body.status).toBe(12);
  });
});
