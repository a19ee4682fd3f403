import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTelegramFake, telegramUpdates, type TelegramFake } from '../src/index.ts';

const token = '1234567:AAHfakeTokenForTests_-';
const ann = { id: 111_111_111, firstName: 'Ann', lastName: 'Lee' };

let fake: TelegramFake;

async function call(method: string, params: Record<string, unknown> = {}, botToken = token) {
  const res = await fetch(`${fake.url}/bot${botToken}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

interface Received {
  headers: IncomingMessage['headers'];
  body: { update_id: number };
}

/** A webhook receiver answering with the scripted statuses, then 200. */
async function startReceiver(
  script: Array<{ status: number; headers?: Record<string, string>; body?: string }> = [],
) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString()) as Received['body'],
      });
      const next = script.shift() ?? { status: 200 };
      res.writeHead(next.status, next.headers ?? {});
      res.end(next.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/telegram/1`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

beforeEach(async () => {
  fake = await startTelegramFake({ webhook: { initialRetryMs: 10, maxRetryMs: 40, retryAfterUnitMs: 5 } });
  fake.state.addBot({ token, username: 'frontline_test_bot' });
  fake.state.addUser(ann);
});

afterEach(async () => {
  await fake.close();
});

describe('Telegram fake: API envelope and errors', () => {
  it('answers getMe and accepts query string, urlencoded and multipart parameters', async () => {
    expect((await call('getMe')).body).toMatchObject({ ok: true, result: { id: 1234567, is_bot: true } });
    await fetch(`${fake.url}/bot${token}/sendMessage?chat_id=${ann.id}&text=q`);
    await fetch(`${fake.url}/bot${token}/sendChatAction`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `chat_id=${ann.id}&action=typing`,
    });
    const form = new FormData();
    form.set('chat_id', String(ann.id));
    form.set('document', new Blob([Buffer.from('hello')], { type: 'text/plain' }), 'a.txt');
    fake.state.setFlood({ perChat: null });
    const upload = await fetch(`${fake.url}/bot${token}/sendDocument`, { method: 'POST', body: form });
    expect(upload.status).toBe(200);
    const [sent] = fake.state.requestsFor('sendDocument');
    expect(sent?.params).toEqual({ chat_id: String(ann.id) });
    expect(sent?.files).toEqual([
      { field: 'document', filename: 'a.txt', contentType: 'text/plain', bytes: Buffer.from('hello') },
    ]);
    expect(fake.state.requestsFor('sendMessage')[0]?.params).toEqual({ chat_id: String(ann.id), text: 'q' });
    expect(fake.state.requestsFor('sendChatAction')[0]?.params).toEqual({
      chat_id: String(ann.id),
      action: 'typing',
    });
  });

  it('401 for an unknown token and 404 for an unknown method, with the exact bodies', async () => {
    expect(await call('getMe', {}, '999:nope')).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    expect(await call('sendTelepathy')).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: 'Not Found' },
    });
  });

  it('sendMessage: per-chat message ids, too long, bad HTML, unknown chat, blocked user', async () => {
    fake.state.setFlood({ perChat: null });
    fake.state.addUser({ id: 222, firstName: 'Bob' });
    const first = await call('sendMessage', { chat_id: ann.id, text: 'a' });
    const second = await call('sendMessage', { chat_id: ann.id, text: 'b' });
    const other = await call('sendMessage', { chat_id: 222, text: 'c' });
    expect([first, second, other].map((r) => (r.body.result as { message_id: number }).message_id)).toEqual([
      1, 2, 1,
    ]);
    expect((await call('sendMessage', { chat_id: ann.id, text: 'x'.repeat(4097) })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: message is too long',
    });
    // 4096 visible characters are fine even when entities make the raw text longer.
    expect(
      (await call('sendMessage', { chat_id: ann.id, text: '&lt;'.repeat(4096), parse_mode: 'HTML' })).status,
    ).toBe(200);
    const bad = await call('sendMessage', { chat_id: ann.id, text: '<b>bold', parse_mode: 'HTML' });
    expect(bad.body).toEqual({
      ok: false,
      error_code: 400,
      description: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`,
    });
    const unknownTag = await call('sendMessage', { chat_id: ann.id, text: 'a <x> b', parse_mode: 'HTML' });
    expect(unknownTag.body.description).toBe(
      `Bad Request: can't parse entities: Unsupported start tag "x" at byte offset 2`,
    );
    expect((await call('sendMessage', { chat_id: 5, text: 'x' })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: chat not found',
    });
    fake.state.blockUser(ann.id);
    expect(await call('sendMessage', { chat_id: ann.id, text: 'x' })).toEqual({
      status: 403,
      body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    });
  });

  it('429 with parameters.retry_after past the per-chat limit; the flood wait blocks every method', async () => {
    expect((await call('sendMessage', { chat_id: ann.id, text: '1' })).status).toBe(200);
    const throttled = await call('sendMessage', { chat_id: ann.id, text: '2' });
    expect(throttled).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    });
    expect((await call('getMe')).status).toBe(429);
  });

  it('global limit is configurable', async () => {
    fake.state.setFlood({ perChat: null, global: { limit: 2, windowMs: 60_000 }, retryAfterSeconds: 7 });
    fake.state.addUser({ id: 222, firstName: 'Bob' });
    fake.state.addUser({ id: 333, firstName: 'Cy' });
    expect((await call('sendMessage', { chat_id: ann.id, text: '1' })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: 222, text: '2' })).status).toBe(200);
    const third = await call('sendMessage', { chat_id: 333, text: '3' });
    expect(third.body.parameters).toEqual({ retry_after: 7 });
  });

  it('files: getFile, download, 20 MB limit, unknown path 404, unreachable URL', async () => {
    const fileId = fake.state.addFile(Buffer.from('%PDF-1.4'), { file_path: 'documents/file_1.pdf' });
    const big = fake.state.addFile(Buffer.from('x'), { size: 25 * 1024 * 1024 });
    expect((await call('getFile', { file_id: fileId })).body.result).toMatchObject({
      file_path: 'documents/file_1.pdf',
    });
    const download = await fetch(`${fake.url}/file/bot${token}/documents/file_1.pdf`);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.4');
    expect((await fetch(`${fake.url}/file/bot${token}/documents/nope.pdf`)).status).toBe(404);
    expect((await call('getFile', { file_id: big })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: file is too big',
    });
    const byUrl = await call('sendPhoto', { chat_id: ann.id, photo: 'http://127.0.0.1:1/photo.jpg' });
    expect(byUrl.body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: failed to get HTTP URL content',
    });
  });

  it('sendVoice with a non-OGG upload is sent as a document', async () => {
    const form = new FormData();
    form.set('chat_id', String(ann.id));
    form.set('voice', new Blob([Buffer.from('RIFF....WAVE')], { type: 'audio/wav' }), 'note.wav');
    const res = await fetch(`${fake.url}/bot${token}/sendVoice`, { method: 'POST', body: form });
    const body = (await res.json()) as { result: Record<string, unknown> };
    expect(body.result.voice).toBeUndefined();
    expect(body.result.document).toMatchObject({ file_name: 'note.wav', mime_type: 'audio/wav' });
  });

  it('setWebhook validates secret_token; getUpdates conflicts while a webhook is set', async () => {
    expect(
      (await call('setWebhook', { url: 'https://example.test/h', secret_token: 'bad secret!' })).status,
    ).toBe(400);
    expect(
      (await call('setWebhook', { url: 'https://example.test/h', secret_token: 'x'.repeat(257) })).status,
    ).toBe(400);
    expect(
      (await call('setWebhook', { url: 'https://example.test/h', secret_token: 'ok_Secret-1' })).body,
    ).toEqual({
      ok: true,
      result: true,
      description: 'Webhook was set',
    });
    expect(await call('getUpdates')).toEqual({
      status: 409,
      body: {
        ok: false,
        error_code: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      },
    });
    await call('deleteWebhook');
    await fake.state.pushUpdate(token, telegramUpdates.text({ from: ann, text: 'polled', updateId: 5 }));
    const polled = await call('getUpdates', { offset: 0 });
    expect(polled.body.result).toMatchObject([{ update_id: 5, message: { text: 'polled' } }]);
    expect((await call('getUpdates', { offset: 6 })).body.result).toEqual([]);
  });
});

describe('Telegram fake: webhook delivery', () => {
  it('sends the secret header, retries non-2xx with backoff and keeps per-chat FIFO', async () => {
    const receiver = await startReceiver([{ status: 500 }, { status: 502 }]);
    await call('setWebhook', { url: receiver.url, secret_token: 's3cret' });
    fake.state.addUser({ id: 222, firstName: 'Bob' });
    const a1 = telegramUpdates.text({ from: ann, text: 'a1', updateId: 1 });
    const a2 = telegramUpdates.text({ from: ann, text: 'a2', updateId: 2 });
    const outcomes = await Promise.all([fake.state.pushUpdate(token, a1), fake.state.pushUpdate(token, a2)]);
    expect(outcomes).toEqual(['delivered', 'delivered']);
    // a1 failed twice; a2 (same chat) waited behind it.
    expect(receiver.received.map((r) => r.body.update_id)).toEqual([1, 1, 1, 2]);
    expect(receiver.received[0]?.headers['x-telegram-bot-api-secret-token']).toBe('s3cret');
    // The backoff doubles (10 ms, then 20 ms), read from the schedule rather than from wall-clock gaps.
    expect(fake.state.webhookAttempts.map((a) => a.retryInMs)).toEqual([10, 20, null, null]);
    const at = fake.state.webhookAttempts.map((a) => a.at);
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(9); // timers may fire a millisecond early
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(19);
    const info = await call('getWebhookInfo');
    expect(info.body.result).toMatchObject({
      url: receiver.url,
      has_custom_certificate: false,
      pending_update_count: 0,
      last_error_message: 'Wrong response from the webhook: 502 Bad Gateway',
    });
    await receiver.close();
  });

  it('a failing chat does not block another chat; Retry-After is honoured', async () => {
    const receiver = await startReceiver([{ status: 503, headers: { 'retry-after': '2' } }]);
    await call('setWebhook', { url: receiver.url });
    fake.state.addUser({ id: 222, firstName: 'Bob' });
    const bob = { id: 222, firstName: 'Bob' };
    const annDone = fake.state.pushUpdate(
      token,
      telegramUpdates.text({ from: ann, text: 'a', updateId: 10 }),
    );
    await new Promise((r) => setTimeout(r, 2));
    await fake.state.pushUpdate(token, telegramUpdates.text({ from: bob, text: 'b', updateId: 11 }));
    await annDone;
    expect(receiver.received.map((r) => r.body.update_id)).toEqual([10, 11, 10]);
    expect(receiver.received[0]?.headers['x-telegram-bot-api-secret-token']).toBeUndefined();
    await receiver.close();
  });

  it('drops an update after its expiry and records webhook replies', async () => {
    await fake.close();
    fake = await startTelegramFake({ webhook: { initialRetryMs: 10, maxRetryMs: 10, updateTtlMs: 60 } });
    fake.state.addBot({ token });
    fake.state.addUser(ann);
    const failing = await startReceiver(Array.from({ length: 50 }, () => ({ status: 500 })));
    await call('setWebhook', { url: failing.url });
    expect(await fake.state.pushUpdate(token, telegramUpdates.text({ from: ann, text: 'lost' }))).toBe(
      'dropped',
    );
    await failing.close();

    const replying = await startReceiver([
      { status: 200, body: '{"method":"sendMessage","chat_id":1,"text":"hi"}' },
    ]);
    await call('setWebhook', { url: replying.url });
    await fake.state.pushUpdate(token, telegramUpdates.text({ from: ann, text: 'hi', updateId: 42 }));
    expect(fake.state.webhookReplies).toEqual([
      { token, updateId: 42, body: { method: 'sendMessage', chat_id: 1, text: 'hi' } },
    ]);
    await replying.close();
  });

  it('unreachable webhook: pending count and last error in getWebhookInfo', async () => {
    const closed = await startReceiver();
    await closed.close(); // nothing listens there any more
    await call('setWebhook', { url: closed.url });
    void fake.state.pushUpdate(token, telegramUpdates.text({ from: ann, text: 'hello?' }));
    await new Promise((r) => setTimeout(r, 50));
    const info = (await call('getWebhookInfo')).body.result as Record<string, unknown>;
    expect(info).toMatchObject({ pending_update_count: 1, last_error_message: 'Connection refused' });
    expect(typeof info.last_error_date).toBe('number');
  });
});
