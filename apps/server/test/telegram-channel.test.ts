import { telegramUpdates, type TelegramFake } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForCase } from './support/cases.ts';
import { connectTelegram, listedChannel, postChannel } from './support/channels.ts';
import { tinyPng } from './support/helpers.ts';
import { startChannelTestBed, type ChannelTestBed } from './support/channel-test-bed.ts';
import { startTelegram } from './support/provider-fakes.ts';
import { messageRow, replyAsOperator } from './support/replies.ts';
import { waitForLength } from './support/wait-for-length.ts';
import { authHeaders, dialects, eventually } from './support/test-server.ts';

const botToken = '7100000001:AAHintegration_test-token';
const webhookSecret = 'whsec-integration_1';
const ann = { id: 311_111_111, firstName: 'Анна', lastName: 'Ли' };

/** Telegram through the whole platform: admin connects the bot, the fake pushes real webhooks, replies go out. */
describe.each(dialects)('Telegram channel end to end on %s', (dialect) => {
  let bed: ChannelTestBed<TelegramFake>;

  beforeEach(async () => {
    const fake = await startTelegram({ botToken, username: 'frontline_test_bot', users: [ann] });
    bed = await startChannelTestBed(dialect, {
      fake,
      operatorEmail: 'tg-op@example.com',
      connect: (server, admin) =>
        connectTelegram(server, admin, { apiRoot: fake.url, botToken, webhookSecret }),
    });
  });
  afterEach(() => bed.close());

  const messages = () => bed.server.store.db.selectFrom('messages').selectAll().orderBy('id').execute();

  it('connecting sets the webhook with a secret token; secrets are write-only and encrypted at rest', async () => {
    const [setWebhook] = bed.fake.state.requestsFor('setWebhook');
    expect(setWebhook?.params).toMatchObject({
      url: `${bed.base}/webhooks/telegram/${bed.channelId}`,
      secret_token: webhookSecret,
    });
    const list = await listedChannel(bed.server, bed.admin, bed.channelId);
    const view = list.view;
    expect(view).toMatchObject({ secretsSet: ['botToken', 'webhookSecret'], health: { ok: true } });
    expect(list.body).not.toContain(botToken);
    expect(list.body).not.toContain(webhookSecret);
    const row = await bed.server.store.db
      .selectFrom('channel_accounts')
      .selectAll()
      .where('id', '=', bed.channelId)
      .executeTakeFirstOrThrow();
    expect(row.secrets_enc).not.toContain(botToken);
    expect(row.config).not.toContain(botToken);
    // Operators cannot see channel settings at all.
    const forbidden = await bed.server.app.inject({
      method: 'GET',
      url: '/api/v1/channels',
      headers: authHeaders(bed.operator),
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('a rejected bot token leaves nothing behind (422 with an actionable message)', async () => {
    const res = await postChannel(bed.server, bed.admin, {
      kind: 'telegram',
      name: 'Wrong bot',
      config: { apiRoot: bed.fake.url },
      secrets: { botToken: '999:unknown', webhookSecret },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'CHANNEL_CONNECT_FAILED',
    });
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/token/i);
    const rows = await bed.server.store.db
      .selectFrom('channel_accounts')
      .select('name')
      .where('name', '=', 'Wrong bot')
      .execute();
    expect(rows).toHaveLength(0);
  });

  it("a customer's message becomes a case in the entry point's queue; a redelivered update is stored once", async () => {
    const update = telegramUpdates.text({ from: ann, text: 'Хочу перенести номер в вашу сеть' });
    expect(await bed.fake.state.pushUpdate(botToken, update)).toBe('delivered');
    expect(await bed.fake.state.pushUpdate(botToken, update)).toBe('delivered');
    const stored = await waitForLength(messages, 1);
    expect(stored[0]).toMatchObject({
      direction: 'in',
      text: 'Хочу перенести номер в вашу сеть',
      channel_account_id: bed.channelId,
    });
    const c = await bed.server.store.db.selectFrom('cases').selectAll().executeTakeFirstOrThrow();
    expect(c).toMatchObject({ queue_id: 2, status: 'assigned', assignee_id: bed.operator.operatorId });
    await eventually(async () => {
      const raw = await bed.server.store.db.selectFrom('raw_events').select(['status']).execute();
      expect(raw).toEqual([{ status: 'done' }]);
    });
    // Nothing was ever answered inside a webhook response.
    expect(bed.fake.state.webhookReplies).toHaveLength(0);
  });

  it('the language Telegram reports routes by languageSkills; a settings change applies at once on this node', async () => {
    const admin = (method: 'POST' | 'PUT', url: string, payload: object) =>
      bed.server.app.inject({ method, url: `/api/v1/admin${url}`, headers: authHeaders(bed.admin), payload });
    const caseOf = async (externalId: number) =>
      eventually(() =>
        bed.server.store.db
          .selectFrom('cases')
          .innerJoin('identities', 'identities.customer_id', 'cases.customer_id')
          .select(['cases.status', 'cases.assignee_id', 'cases.required_skills'])
          .where('identities.external_id', '=', String(externalId))
          .executeTakeFirstOrThrow(),
      );
    const boris = { id: 311_111_112, firstName: 'Борис', languageCode: 'ru' };
    await bed.fake.state.pushUpdate(botToken, telegramUpdates.text({ from: boris, text: 'Здравствуйте' }));
    // Routed while no language mapped: the settings are now in the router's cache.
    expect(await caseOf(boris.id)).toMatchObject({
      status: 'assigned',
      assignee_id: bed.operator.operatorId,
    });

    const skill = await admin('POST', '/skills', {
      slug: 'english',
      nameRu: 'Английский',
      nameEn: 'English',
    });
    expect(skill.statusCode, skill.body).toBe(201);
    const english = skill.json<{ id: number }>().id;
    const put = await admin('PUT', '/settings/routing', { languageSkills: { en: 'english' } });
    expect(put.statusCode, put.body).toBe(200);

    const jane = { id: 311_111_113, firstName: 'Jane', languageCode: 'en-GB' };
    await bed.fake.state.pushUpdate(botToken, telegramUpdates.text({ from: jane, text: 'Hello' }));
    // The only operator has room but no English: the case waits for one who has it.
    expect(await caseOf(jane.id)).toMatchObject({
      status: 'queued',
      assignee_id: null,
      required_skills: JSON.stringify([{ skillId: english, level: 1 }]),
    });
    const [stored] = await bed.server.store.db
      .selectFrom('messages')
      .select('text')
      .where('text', '=', 'Hello')
      .execute();
    expect(stored).toEqual({ text: 'Hello' });
  });

  it('forged webhooks are refused before anything is stored', async () => {
    const body = JSON.stringify(telegramUpdates.text({ from: ann, text: 'injected' }));
    const attempts: Array<Record<string, string>> = [{}, { 'x-telegram-bot-api-secret-token': 'wrong' }];
    for (const headers of attempts) {
      const res = await fetch(`${bed.base}/webhooks/telegram/${bed.channelId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      expect(res.status).toBe(401);
    }
    expect(await bed.server.store.db.selectFrom('raw_events').selectAll().execute()).toHaveLength(0);
    expect(await messages()).toHaveLength(0);
  });

  it('secrets that no longer fit mark the account misconfigured: webhooks fail closed, replies fail with what to do', async () => {
    await bed.fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'До смены ключа' }));
    const caseId = await eventually(
      async () => (await bed.server.store.db.selectFrom('cases').select('id').executeTakeFirstOrThrow()).id,
    );
    // As after a schema change: the stored secrets open, but are not what the adapter's schema takes.
    await bed.server.store.db
      .updateTable('channel_accounts')
      .set({ secrets_enc: bed.server.services.secretBox.seal(JSON.stringify({ botToken: 'not a token' })) })
      .where('id', '=', bed.channelId)
      .execute();
    await bed.server.services.channels.reload();
    const list = await bed.server.app.inject({
      method: 'GET',
      url: '/api/v1/channels',
      headers: authHeaders(bed.admin),
    });
    expect(list.json<Array<{ id: number; status: string; secretsSet: string[] }>>()).toContainEqual(
      expect.objectContaining({ id: bed.channelId, status: 'misconfigured', secretsSet: [] }),
    );
    const webhook = await fetch(`${bed.base}/webhooks/telegram/${bed.channelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret },
      body: JSON.stringify(telegramUpdates.text({ from: ann, text: 'после' })),
    });
    expect(webhook.status).toBe(401);
    const res = await bed.server.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/messages`,
      headers: authHeaders(bed.operator),
      payload: { clientMsgId: 'tg-reply-misconf1', text: 'Ответ' },
    });
    const replyId = res.json<{ id: number }>().id;
    await eventually(async () => {
      const m = await bed.server.store.db
        .selectFrom('messages')
        .selectAll()
        .where('id', '=', replyId)
        .executeTakeFirstOrThrow();
      expect(m.status).toBe('failed');
      expect(m.status_reason).toMatch(/CHANNEL_MISCONFIGURED|re-enter them in Channel settings/);
    });
    expect(bed.fake.state.requestsFor('sendMessage')).toHaveLength(0);
  });

  it('an operator reply is sent with sendMessage, HTML-escaped, and marked sent', async () => {
    await bed.fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'Здравствуйте' }));
    const caseId = await waitForCase(bed.server);
    const replyId = await replyAsOperator(bed.server, bed.operator, caseId, 'Тариф <Безлимит> & перенос');
    const sent = (await waitForLength(() => bed.fake.state.requestsFor('sendMessage'), 1))[0];
    expect(sent?.params).toMatchObject({
      chat_id: ann.id,
      text: 'Тариф &lt;Безлимит&gt; &amp; перенос',
      parse_mode: 'HTML',
    });
    await eventually(async () => {
      const m = await messageRow(bed.server, replyId);
      expect(m.status).toBe('sent');
      expect(m.external_id).toMatch(new RegExp(`^${ann.id}:\\d+$`));
    });
  });

  it('a file is fetched from Telegram and attached; a transient failure delays it but never loses it', async () => {
    const fileId = bed.fake.state.addFile(tinyPng(), { file_path: 'documents/scan.png' });
    bed.fake.state.scriptFailure('getFile', { error_code: 502, description: 'Bad Gateway' }, 1);
    await bed.fake.state.pushUpdate(
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
    expect(bed.fake.state.requestsFor('getFile').length).toBeGreaterThanOrEqual(2);
  });

  it('a customer who blocked the bot is marked unreachable and a reply fails with the reason', async () => {
    await bed.fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'Спасибо' }));
    const caseId = await waitForCase(bed.server);
    await bed.fake.state.pushUpdate(botToken, telegramUpdates.myChatMember({ from: ann, status: 'kicked' }));
    bed.fake.state.blockUser(ann.id);
    await eventually(async () => {
      const identity = await bed.server.store.db
        .selectFrom('identities')
        .selectAll()
        .where('external_id', '=', String(ann.id))
        .executeTakeFirstOrThrow();
      expect(identity.unreachable_reason).toBeTruthy();
    });
    const replyId = await replyAsOperator(bed.server, bed.operator, caseId, 'Вы здесь?');
    await eventually(async () => {
      const m = await messageRow(bed.server, replyId);
      expect(m.status).toBe('failed');
      expect(m.status_reason).toMatch(/TELEGRAM_BLOCKED/);
    });
  });
});
