import { telegramUpdates, type TelegramFake } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForCase } from './support/cases.ts';
import { connectTelegram, listedChannel, postChannel } from './support/channels.ts';
import { tinyPng } from './support/helpers.ts';
import { startListeningServer } from './support/listening-server.ts';
import { loginAdmin, loginOnlineOperator } from './support/people.ts';
import { startTelegram } from './support/provider-fakes.ts';
import { messageRow, replyAsOperator } from './support/replies.ts';
import { waitForLength } from './support/wait-for-length.ts';
import { authHeaders, dialects, eventually, type LoggedIn, type TestServer } from './support/test-server.ts';

const botToken = '7100000001:AAHintegration_test-token';
const webhookSecret = 'whsec-integration_1';
const ann = { id: 311_111_111, firstName: 'Анна', lastName: 'Ли' };

/** Telegram through the whole platform: admin connects the bot, the fake pushes real webhooks, replies go out. */
describe.each(dialects)('Telegram channel end to end on %s', (dialect) => {
  let fake: TelegramFake;
  let server: TestServer;
  let base: string;
  let admin: LoggedIn;
  let operator: LoggedIn;
  let channelId: number;

  beforeEach(async () => {
    fake = await startTelegram({ botToken, username: 'frontline_test_bot', users: [ann] });
    ({ server, base } = await startListeningServer(dialect));
    admin = await loginAdmin(server);
    operator = await loginOnlineOperator(server, 'tg-op@example.com', [2]);
    channelId = await connectTelegram(server, admin, { apiRoot: fake.url, botToken, webhookSecret });
  });
  afterEach(async () => {
    await server.close();
    await fake.close();
  });

  const messages = () => server.store.db.selectFrom('messages').selectAll().orderBy('id').execute();

  it('connecting sets the webhook with a secret token; secrets are write-only and encrypted at rest', async () => {
    const [setWebhook] = fake.state.requestsFor('setWebhook');
    expect(setWebhook?.params).toMatchObject({
      url: `${base}/webhooks/telegram/${channelId}`,
      secret_token: webhookSecret,
    });
    const list = await listedChannel(server, admin, channelId);
    const view = list.view;
    expect(view).toMatchObject({ secretsSet: ['botToken', 'webhookSecret'], health: { ok: true } });
    expect(list.body).not.toContain(botToken);
    expect(list.body).not.toContain(webhookSecret);
    const row = await server.store.db
      .selectFrom('channel_accounts')
      .selectAll()
      .where('id', '=', channelId)
      .executeTakeFirstOrThrow();
    expect(row.secrets_enc).not.toContain(botToken);
    expect(row.config).not.toContain(botToken);
    // Operators cannot see channel settings at all.
    const forbidden = await server.app.inject({
      method: 'GET',
      url: '/api/v1/channels',
      headers: authHeaders(operator),
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('a rejected bot token leaves nothing behind (422 with an actionable message)', async () => {
    const res = await postChannel(server, admin, {
      kind: 'telegram',
      name: 'Wrong bot',
      config: { apiRoot: fake.url },
      secrets: { botToken: '999:unknown', webhookSecret },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'CHANNEL_CONNECT_FAILED',
    });
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/token/i);
    const rows = await server.store.db
      .selectFrom('channel_accounts')
      .select('name')
      .where('name', '=', 'Wrong bot')
      .execute();
    expect(rows).toHaveLength(0);
  });

  it("a customer's message becomes a case in the entry point's queue; a redelivered update is stored once", async () => {
    const update = telegramUpdates.text({ from: ann, text: 'Хочу перенести номер в вашу сеть' });
    expect(await fake.state.pushUpdate(botToken, update)).toBe('delivered');
    expect(await fake.state.pushUpdate(botToken, update)).toBe('delivered');
    const stored = await waitForLength(messages, 1);
    expect(stored[0]).toMatchObject({
      direction: 'in',
      text: 'Хочу перенести номер в вашу сеть',
      channel_account_id: channelId,
    });
    const c = await server.store.db.selectFrom('cases').selectAll().executeTakeFirstOrThrow();
    expect(c).toMatchObject({ queue_id: 2, status: 'assigned', assignee_id: operator.operatorId });
    await eventually(async () => {
      const raw = await server.store.db.selectFrom('raw_events').select(['status']).execute();
      expect(raw).toEqual([{ status: 'done' }]);
    });
    // Nothing was ever answered inside a webhook response.
    expect(fake.state.webhookReplies).toHaveLength(0);
  });

  it('forged webhooks are refused before anything is stored', async () => {
    const body = JSON.stringify(telegramUpdates.text({ from: ann, text: 'injected' }));
    const attempts: Array<Record<string, string>> = [{}, { 'x-telegram-bot-api-secret-token': 'wrong' }];
    for (const headers of attempts) {
      const res = await fetch(`${base}/webhooks/telegram/${channelId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      expect(res.status).toBe(401);
    }
    expect(await server.store.db.selectFrom('raw_events').selectAll().execute()).toHaveLength(0);
    expect(await messages()).toHaveLength(0);
  });

  it('secrets that no longer fit mark the account misconfigured: webhooks fail closed, replies fail with what to do', async () => {
    await fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'До смены ключа' }));
    const caseId = await eventually(
      async () => (await server.store.db.selectFrom('cases').select('id').executeTakeFirstOrThrow()).id,
    );
    // As after a schema change: the stored secrets open, but are not what the adapter's schema takes.
    await server.store.db
      .updateTable('channel_accounts')
      .set({ secrets_enc: server.services.secretBox.seal(JSON.stringify({ botToken: 'not a token' })) })
      .where('id', '=', channelId)
      .execute();
    await server.services.channels.reload();
    const list = await server.app.inject({
      method: 'GET',
      url: '/api/v1/channels',
      headers: authHeaders(admin),
    });
    expect(list.json<Array<{ id: number; status: string; secretsSet: string[] }>>()).toContainEqual(
      expect.objectContaining({ id: channelId, status: 'misconfigured', secretsSet: [] }),
    );
    const webhook = await fetch(`${base}/webhooks/telegram/${channelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret },
      body: JSON.stringify(telegramUpdates.text({ from: ann, text: 'после' })),
    });
    expect(webhook.status).toBe(401);
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/messages`,
      headers: authHeaders(operator),
      payload: { clientMsgId: 'tg-reply-misconf1', text: 'Ответ' },
    });
    const replyId = res.json<{ id: number }>().id;
    await eventually(async () => {
      const m = await server.store.db
        .selectFrom('messages')
        .selectAll()
        .where('id', '=', replyId)
        .executeTakeFirstOrThrow();
      expect(m.status).toBe('failed');
      expect(m.status_reason).toMatch(/CHANNEL_MISCONFIGURED|re-enter them in Channel settings/);
    });
    expect(fake.state.requestsFor('sendMessage')).toHaveLength(0);
  });

  it('an operator reply is sent with sendMessage, HTML-escaped, and marked sent', async () => {
    await fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'Здравствуйте' }));
    const caseId = await waitForCase(server);
    const replyId = await replyAsOperator(server, operator, caseId, 'Тариф <Безлимит> & перенос');
    const sent = (await waitForLength(() => fake.state.requestsFor('sendMessage'), 1))[0];
    expect(sent?.params).toMatchObject({
      chat_id: ann.id,
      text: 'Тариф &lt;Безлимит&gt; &amp; перенос',
      parse_mode: 'HTML',
    });
    await eventually(async () => {
      const m = await messageRow(server, replyId);
      expect(m.status).toBe('sent');
      expect(m.external_id).toMatch(new RegExp(`^${ann.id}:\\d+$`));
    });
  });

  it('a file is fetched from Telegram and attached; a transient failure delays it but never loses it', async () => {
    const fileId = fake.state.addFile(tinyPng(), { file_path: 'documents/scan.png' });
    fake.state.scriptFailure('getFile', { error_code: 502, description: 'Bad Gateway' }, 1);
    await fake.state.pushUpdate(
      botToken,
      telegramUpdates.document({
        from: ann,
        fileId,
        fileName: 'scan.png',
        mimeType: 'image/png',
        caption: 'Скан договора',
      }),
    );
    const stored = (await waitForLength(messages, 1, 8000))[0];
    expect(stored?.text).toBe('Скан договора');
    const attachments = JSON.parse(stored?.attachments ?? '[]') as Array<{
      filename: string;
      contentType: string;
    }>;
    expect(attachments).toEqual([
      expect.objectContaining({ filename: 'scan.png', contentType: 'image/png' }),
    ]);
    expect(fake.state.requestsFor('getFile').length).toBeGreaterThanOrEqual(2);
  });

  it('a customer who blocked the bot is marked unreachable and a reply fails with the reason', async () => {
    await fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'Спасибо' }));
    const caseId = await waitForCase(server);
    await fake.state.pushUpdate(botToken, telegramUpdates.myChatMember({ from: ann, status: 'kicked' }));
    fake.state.blockUser(ann.id);
    await eventually(async () => {
      const identity = await server.store.db
        .selectFrom('identities')
        .selectAll()
        .where('external_id', '=', String(ann.id))
        .executeTakeFirstOrThrow();
      expect(identity.unreachable_reason).toBeTruthy();
    });
    const replyId = await replyAsOperator(server, operator, caseId, 'Вы здесь?');
    await eventually(async () => {
      const m = await messageRow(server, replyId);
      expect(m.status).toBe('failed');
      expect(m.status_reason).toMatch(/TELEGRAM_BLOCKED/);
    });
  });
});
