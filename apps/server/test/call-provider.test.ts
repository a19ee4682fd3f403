import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { callProvider, type ProviderFetch } from '../src/channels/call-provider.ts';
import { callGraphApi } from '../src/channels/whatsapp/call-graph-api.ts';
import { callTelegramApi } from '../src/channels/telegram/call-telegram-api.ts';
import { callViberApi } from '../src/channels/viber/call-viber-api.ts';
import { ChannelError } from '../src/lib/errors.ts';
import { createLogger } from '../src/lib/logger.ts';

const botToken = '7100000001:AAHsecret_bot_token_value';
const unreachable = { code: 'TEST_UNAVAILABLE', message: 'the provider could not be reached (getMe)' };

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server that takes the request and never answers. */
async function silentServer(): Promise<string> {
  const server = createServer(() => {});
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  if (!(error instanceof ChannelError)) throw error;
  return error;
}

/** Everything a log line or a report could show of an error: message, stack, cause chain, own fields. */
function everythingShownOf(error: ChannelError): string {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  logger.error({ err: error }, 'provider call failed');
  return [
    String(error),
    error.stack ?? '',
    inspect(error, { depth: 10 }),
    JSON.stringify(error),
    ...lines,
  ].join('\n');
}

describe('callProvider: one helper for every provider API call', () => {
  it('uses the injected fetch, and answers every HTTP status as data', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const fakeFetch: ProviderFetch = async (url, init) => {
      seen.push({ url: String(url), init });
      return new Response('{"ok":false}', { status: 429, headers: { 'retry-after': '7' } });
    };
    const answer = await callProvider({
      url: 'https://api.example.test/v1/thing',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
      fetch: fakeFetch,
      unreachable,
    });
    expect(answer).toMatchObject({ status: 429, ok: false, text: '{"ok":false}' });
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      url: 'https://api.example.test/v1/thing',
      init: { method: 'POST', body: '{"a":1}' },
    });
    expect(seen[0]?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('times out a provider that never answers: retryable, uncertain, "timed out"', async () => {
    const root = await silentServer();
    const started = Date.now();
    const error = await failure(
      callProvider({ url: `${root}/bot${botToken}/getMe`, method: 'POST', timeoutMs: 200, unreachable }),
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toMatchObject({ code: 'TEST_UNAVAILABLE', retryable: true, uncertain: true });
    expect(error.message).toBe('the provider could not be reached (getMe): timed out');
    expect(everythingShownOf(error)).not.toContain(botToken);
  });

  it('ends early when the caller’s signal aborts (a delivery deadline)', async () => {
    const root = await silentServer();
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(), 100);
    const error = await failure(
      callProvider({
        url: `${root}/x`,
        method: 'GET',
        signal: deadline.signal,
        timeoutMs: 60_000,
        unreachable,
      }),
    );
    expect(error).toMatchObject({ code: 'TEST_UNAVAILABLE', retryable: true });
  });

  it('never shows the URL or a token in the error or its log line, whatever the runtime’s error says', async () => {
    const url = `https://api.telegram.test/bot${botToken}/sendMessage`;
    const leaky: ProviderFetch = async (target) => {
      throw new TypeError(`fetch failed for ${String(target)}`, {
        cause: Object.assign(new Error(`connect ECONNREFUSED ${String(target)}`), { code: 'ECONNREFUSED' }),
      });
    };
    const error = await failure(callProvider({ url, method: 'POST', fetch: leaky, unreachable }));
    expect(error.message).toBe('the provider could not be reached (getMe): ECONNREFUSED');
    // Refused before anything was sent: a retry cannot duplicate it.
    expect(error.uncertain).toBe(false);
    const shown = everythingShownOf(error);
    expect(shown).not.toContain(botToken);
    expect(shown).not.toContain('api.telegram.test');

    const badUrl = await failure(
      callProvider({ url: `not a url/bot${botToken}/getMe`, method: 'POST', unreachable }),
    );
    expect(everythingShownOf(badUrl)).not.toContain(botToken);
  });

  it('the channel helpers all go through it: an injected fetch sees the call; tokens stay out of errors', async () => {
    const calls: string[] = [];
    const down: ProviderFetch = async (url, init) => {
      calls.push(`${init.method} ${String(url)}`);
      throw new TypeError(`fetch failed: ${String(url)} ${JSON.stringify(init.headers)}`);
    };
    const accessToken = 'EAAGsecretGraphAccessToken0123';
    const authToken = '445da6az1s345z78-dazcczb2542zv51a-secretviber';
    const errors = [
      await failure(callTelegramApi({ apiRoot: 'https://tg.test', token: botToken, fetch: down }, 'getMe')),
      await failure(
        callGraphApi(
          { graphRoot: 'https://graph.test', apiVersion: 'v21.0', accessToken, fetch: down },
          '123',
        ),
      ),
      await failure(
        callViberApi({ apiRoot: 'https://viber.test/pa', authToken, fetch: down }, 'get_account_info'),
      ),
    ];
    expect(calls).toEqual([
      `POST https://tg.test/bot${botToken}/getMe`,
      'GET https://graph.test/v21.0/123',
      'POST https://viber.test/pa/pa/get_account_info',
    ]);
    expect(errors.map((e) => [e.code, e.retryable])).toEqual([
      ['TELEGRAM_UNAVAILABLE', true],
      ['WHATSAPP_UNAVAILABLE', true],
      ['VIBER_UNAVAILABLE', true],
    ]);
    for (const error of errors) {
      const shown = everythingShownOf(error);
      for (const secret of [botToken, accessToken, authToken]) expect(shown).not.toContain(secret);
    }
  });
});
