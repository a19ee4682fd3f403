import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { callTelegramApi } from '../src/channels/telegram/call-telegram-api.ts';
import { callViberApi } from '../src/channels/viber/call-viber-api.ts';
import { callGraphApi } from '../src/channels/whatsapp/call-graph-api.ts';
import { ChannelError } from '../src/lib/errors.ts';
import { freePort } from './support/helpers.ts';

/** How each messenger client tells "nothing was sent" from "the answer was lost", over real sockets. */
describe('lost answers are told apart from requests that never left', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A server that reads the request, then either cuts the connection or never answers. */
  async function misbehaving(mode: 'cut' | 'silent'): Promise<string> {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (mode === 'cut') res.socket?.destroy();
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  const clients = {
    telegram: (root: string, timeoutMs?: number) =>
      callTelegramApi(
        { apiRoot: root, token: '1:x' },
        'sendMessage',
        { chat_id: 1, text: 'hi' },
        { timeoutMs },
      ),
    viber: (root: string, timeoutMs?: number) =>
      callViberApi({ apiRoot: root, authToken: 'x' }, 'send_message', { text: 'hi' }, { timeoutMs }),
    whatsapp: (root: string, timeoutMs?: number) =>
      callGraphApi({ graphRoot: root, apiVersion: 'v21.0', accessToken: 'x' }, '1/messages', {
        json: { text: 'hi' },
        timeoutMs,
      }),
  };

  async function failure(call: Promise<unknown>): Promise<ChannelError> {
    const error: unknown = await call.then(
      () => new Error('expected a failure'),
      (e: unknown) => e,
    );
    if (!(error instanceof ChannelError)) throw error;
    return error;
  }

  for (const [name, call] of Object.entries(clients)) {
    it(`${name}: connection refused is retryable and certain (nothing was sent)`, async () => {
      const error = await failure(call(`http://127.0.0.1:${await freePort()}`));
      expect(error.retryable).toBe(true);
      expect(error.uncertain).toBe(false);
    });

    it(`${name}: a connection cut after the request was sent is uncertain`, async () => {
      const error = await failure(call(await misbehaving('cut')));
      expect(error.retryable).toBe(true);
      expect(error.uncertain).toBe(true);
    });

    it(`${name}: no answer within the timeout is uncertain, and the message says it timed out`, async () => {
      const error = await failure(call(await misbehaving('silent'), 300));
      expect(error.retryable).toBe(true);
      expect(error.uncertain).toBe(true);
      expect(error.message).toMatch(/timed out/);
    });
  }
});
