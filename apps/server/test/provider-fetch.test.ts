import { telegramUpdates } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderFetch } from '../src/channels/call-provider.ts';
import { waitForCase } from './support/cases.ts';
import { connectTelegram } from './support/channels.ts';
import { loginAdmin, loginOnlineOperator } from './support/people.ts';
import { messageRow, replyAsOperator } from './support/replies.ts';
import { eventually, startTestServer, type LoggedIn, type TestServer } from './support/test-server.ts';

const botToken = '7100000009:AAHinjected_fetch-token';
const webhookSecret = 'whsec-injected_1';
/** A host that does not resolve: a call that bypassed the injected fetch would fail to connect. */
const apiRoot = 'https://bot-api.telegram.invalid';
const ann = { id: 311_222_333, firstName: 'Анна' };

interface RecordedCall {
  method: string;
  url: string;
  body: Record<string, unknown>;
}

/**
 * A Bot API answered in memory: every call is recorded, none leaves the process. `getWebhookInfo` reports
 * the URL the last `setWebhook` set, so the channel connects healthy.
 */
function recordingBotApi(): { fetch: ProviderFetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  let webhookUrl = '';
  const fetch: ProviderFetch = (url, init) => {
    const text = String(url);
    const method = text.slice(text.lastIndexOf('/') + 1);
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    calls.push({ method, url: text, body });
    const results: Record<string, unknown> = {
      getMe: { id: 7_100_000_009, is_bot: true, first_name: 'Support', username: 'injected_bot' },
      setWebhook: true,
      getWebhookInfo: { url: webhookUrl, pending_update_count: 0 },
      sendMessage: { message_id: 77, date: 1_700_000_000, chat: { id: ann.id, type: 'private' } },
    };
    if (method === 'setWebhook') webhookUrl = String(body.url);
    const answer =
      method in results
        ? { ok: true, result: results[method] }
        : { ok: false, error_code: 404, description: 'Not Found' };
    return Promise.resolve(new Response(JSON.stringify(answer), { status: method in results ? 200 : 404 }));
  };
  return { fetch, calls };
}

/** `createFrontline({ fetch })`: the channel adapters' provider calls go through the fetch it is handed. */
describe('an injected fetch', () => {
  let api: ReturnType<typeof recordingBotApi>;
  let server: TestServer;
  let operator: LoggedIn;
  let channelId: number;

  beforeEach(async () => {
    api = recordingBotApi();
    server = await startTestServer('sqlite', { fetch: api.fetch });
    const admin = await loginAdmin(server);
    operator = await loginOnlineOperator(server, 'fetch-op@example.com', [2]);
    channelId = await connectTelegram(server, admin, { apiRoot, botToken, webhookSecret });
  });
  afterEach(async () => {
    await server.close();
  });

  it('carries connecting a Telegram bot and an operator reply to it, recorded, with no network', async () => {
    expect(api.calls.map((c) => c.method)).toEqual(['getMe', 'setWebhook', 'getWebhookInfo']);
    expect(api.calls[1]?.body).toMatchObject({ secret_token: webhookSecret });

    const pushed = await server.app.inject({
      method: 'POST',
      url: `/webhooks/telegram/${channelId}`,
      headers: { 'x-telegram-bot-api-secret-token': webhookSecret },
      payload: telegramUpdates.text({ from: ann, text: 'Здравствуйте' }),
    });
    expect(pushed.statusCode).toBe(200);
    const caseId = await waitForCase(server);

    const replyId = await replyAsOperator(server, operator, caseId, 'Добрый день, Анна');
    const sent = await eventually(async () => {
      const row = await messageRow(server, replyId);
      if (row.status !== 'sent') throw new Error(`reply is ${row.status}`);
      return row;
    });
    expect(sent.external_id).toBe(`${ann.id}:77`);
    const sendCall = api.calls.find((c) => c.method === 'sendMessage');
    expect(sendCall?.url).toBe(`${apiRoot}/bot${botToken}/sendMessage`);
    expect(sendCall?.body).toMatchObject({ chat_id: ann.id, text: 'Добрый день, Анна' });
  });
});
