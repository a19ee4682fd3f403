import { randomBytes } from 'node:crypto';
import { startMailSink, type MailSink } from '@frontline/fakes';
import type { ReplyChannel } from '@frontline/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { whatsappAdapter } from '../src/channels/whatsapp/whatsapp-adapter.ts';
import { webchatAdapter } from '../src/channels/webchat/webchat-adapter.ts';
import { caseRow } from './support/cases.ts';
import { connectEmail } from './support/channels.ts';
import { customerTables, postMerge, postUndo, webChatInbound } from './support/customers.ts';
import { FakeChannelAdapter } from './support/fake-channel-adapter.ts';
import { loginAdmin, loginOfflineOperator, loginSupervisor } from './support/people.ts';
import { postReply } from './support/replies.ts';
import {
  authHeaders,
  connectChannel,
  dialects,
  startTestServer,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';

const hour = 3_600_000;

/**
 * Reply channel choice (docs/continuity.md, "Choosing the reply channel"): a customer with web chat, e-mail
 * and WhatsApp identities; the operator sees where a reply can go and why not, picks one, the choice is
 * remembered until the customer writes again.
 */
describe.each(dialects)('reply channel choice on %s', (dialect) => {
  let server: TestServer;
  let sink: MailSink;
  let webchat: FakeChannelAdapter;
  let whatsapp: FakeChannelAdapter;
  let t: number;
  let op: LoggedIn;
  let caseId: number;
  let customerId: number;
  let ids: { webchat: number; email: number; whatsapp: number };
  let accounts: { email: number; whatsapp: number };

  /** A message from the customer's identity `externalId` on account `channelAccountId`. */
  const inbound = (channelAccountId: number, externalId: string, text: string, subject?: string) =>
    server.services.cases.receiveInbound({
      channelAccountId,
      externalMessageId: `m-${randomBytes(6).toString('hex')}`,
      identity: { channelAccountId, externalId },
      entryPointId: 1,
      text,
      attachments: [],
      ...(subject ? { meta: { subject } } : {}),
    });
  const identityOn = async (customer: number, channelAccountId: number, externalId: string) =>
    (
      await server.store.db
        .insertInto('identities')
        .values({
          customer_id: customer,
          channel_account_id: channelAccountId,
          external_id: externalId,
          display_name: null,
          verified_by: null,
          created_at: new Date(t).toISOString(),
          last_seen_at: new Date(t).toISOString(),
          unreachable_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  beforeEach(async () => {
    t = Date.parse('2030-05-01T09:00:00.000Z');
    sink = await startMailSink();
    webchat = new FakeChannelAdapter(webchatAdapter);
    whatsapp = new FakeChannelAdapter(whatsappAdapter, { rateLimits: null }).onSend((m) => ({
      externalId: `wamid.${m.messageId}`,
    }));
    whatsapp.adapter.connect = () => Promise.resolve({ ok: true, detail: 'fake' });
    server = await startTestServer(dialect, {
      clock: { now: () => new Date(t) },
      workers: false,
      adapters: { webchat: webchat.adapter, whatsapp: whatsapp.adapter },
    });
    const admin = await loginAdmin(server);
    accounts = {
      email: await connectEmail(server, admin, { address: 'support@example.test', smtpPort: sink.port }),
      whatsapp: await connectChannel(server, admin, {
        kind: 'whatsapp',
        name: 'WhatsApp support',
        entryPointId: 1,
        config: {
          graphRoot: 'http://127.0.0.1:9',
          apiVersion: 'v21.0',
          phoneNumberId: '106540352242922',
          templates: [{ name: 'hello', language: 'ru', body: 'Здравствуйте, {{1}}!' }],
        },
        secrets: {
          accessToken: 'EAAGfakeToken0123456789',
          appSecret: 'app_secret_1',
          verifyToken: 'verify-1',
        },
      }),
    };
    // The customer wrote on WhatsApp a day ago, by e-mail and in the web chat now.
    const first = await webChatInbound(server, { externalId: 'visitor-anna', text: 'Здравствуйте' });
    caseId = first.case_id;
    customerId = first.customer_id;
    ids = {
      webchat: first.identity_id!,
      email: await identityOn(customerId, accounts.email, 'anna@example.org'),
      whatsapp: await identityOn(customerId, accounts.whatsapp, '79001234567'),
    };
    await inbound(accounts.whatsapp, '79001234567', 'Пишу из WhatsApp');
    t += 25 * hour;
    await inbound(accounts.email, 'anna@example.org', 'Письмо о заказе', 'Order 17');
    await webChatInbound(server, { externalId: 'visitor-anna', text: 'И снова в чате' });
    op = await loginOfflineOperator(server, 'choice@example.com', [1]);
  });
  afterEach(async () => {
    await server.close();
    await sink.close();
  });

  const list = async (as: LoggedIn = op) => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}/reply-channels`,
      headers: authHeaders(as),
    });
    expect(res.statusCode).toBe(200);
    return res.json<ReplyChannel[]>();
  };
  const byId = (channels: ReplyChannel[], id: number) => channels.find((c) => c.identityId === id)!;
  const defaultOf = (channels: ReplyChannel[]) => channels.filter((c) => c.default).map((c) => c.identityId);
  const dispatch = () => server.services.dispatcher.runOnce();
  const errorOf = (res: { json: <T>() => T }) =>
    res.json<{ error: { code: string; details?: { reason?: string } } }>().error;

  it('lists every identity of the customer with whether it can receive now, and why not', async () => {
    const channels = await list();
    expect(channels.map((c) => [c.identityId, c.channelKind, c.available, c.reason])).toEqual([
      [ids.webchat, 'webchat', true, null],
      [ids.email, 'email', true, null],
      [ids.whatsapp, 'whatsapp', false, 'reply_window_closed'],
    ]);
    expect(byId(channels, ids.email).display).toBe('anna@example.org');
    expect(byId(channels, ids.whatsapp)).toMatchObject({
      display: '+79001234567',
      channelName: 'WhatsApp support',
      replyWindow: { open: false, closesAt: '2030-05-02T09:00:00.000Z', channelKind: 'whatsapp' },
    });
    expect(defaultOf(channels)).toEqual([ids.webchat]);
    expect(byId(channels, ids.webchat).last).toBe(true);

    // A hard bounce marked the address unreachable; the WhatsApp number was disconnected.
    await server.store.db
      .updateTable('identities')
      .set({ unreachable_reason: '550 mailbox unavailable' })
      .where('id', '=', ids.email)
      .execute();
    await server.store.db
      .updateTable('channel_accounts')
      .set({ status: 'disabled' })
      .where('id', '=', accounts.whatsapp)
      .execute();
    await server.services.channels.reload();
    const after = await list();
    expect(byId(after, ids.email)).toMatchObject({
      available: false,
      reason: 'identity_unreachable',
      detail: '550 mailbox unavailable',
    });
    expect(byId(after, ids.whatsapp)).toMatchObject({ available: false, reason: 'channel_disabled' });
  });

  it('sends to the chosen identity exactly once, remembers it, and follows the customer again when they write', async () => {
    const chosen = await postReply(server, op, caseId, { text: 'Ответ письмом', identityId: ids.email });
    expect(chosen.statusCode).toBe(201);
    const message = await server.store.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', chosen.json<{ id: number }>().id)
      .executeTakeFirstOrThrow();
    expect([message.identity_id, message.channel_account_id]).toEqual([ids.email, accounts.email]);
    expect((await caseRow(server, caseId)).reply_identity_id).toBe(ids.email);
    await dispatch();
    const [mail] = await sink.waitFor(1);
    expect(mail!.rcptTo).toEqual(['anna@example.org']);
    // The case's last message came by web chat: the subject answers the case's e-mail.
    expect(mail!.headers.subject).toBe(`Re: Order 17 [#${caseId}]`);
    expect(defaultOf(await list())).toEqual([ids.email]);

    // The next reply without a choice goes where the last one went.
    expect((await postReply(server, op, caseId, { text: 'Ещё письмо' })).statusCode).toBe(201);
    await dispatch();
    await sink.waitFor(2);
    expect(sink.mails.map((m) => m.rcptTo[0])).toEqual(['anna@example.org', 'anna@example.org']);
    expect(webchat.attempts).toHaveLength(0);

    // The customer writes in the web chat: the default follows them there.
    await webChatInbound(server, { externalId: 'visitor-anna', text: 'Я в чате' });
    expect((await caseRow(server, caseId)).reply_identity_id).toBeNull();
    expect(defaultOf(await list())).toEqual([ids.webchat]);
    expect((await postReply(server, op, caseId, { text: 'Ответ в чат' })).statusCode).toBe(201);
    await dispatch();
    expect(webchat.delivered.map((m) => m.text)).toEqual(['Ответ в чат']);
    expect(sink.mails).toHaveLength(2);
    expect(whatsapp.attempts).toHaveLength(0);
  });

  it('a remembered choice that can no longer receive falls back to the last identity', async () => {
    expect((await postReply(server, op, caseId, { text: 'Письмо', identityId: ids.email })).statusCode).toBe(
      201,
    );
    await server.store.db
      .updateTable('identities')
      .set({ unreachable_reason: 'bounced' })
      .where('id', '=', ids.email)
      .execute();
    expect(defaultOf(await list())).toEqual([ids.webchat]);
    const res = await postReply(server, op, caseId, { text: 'В чат' });
    expect(res.statusCode).toBe(201);
    expect(
      (
        await server.store.db
          .selectFrom('messages')
          .select('identity_id')
          .where('id', '=', res.json<{ id: number }>().id)
          .executeTakeFirstOrThrow()
      ).identity_id,
    ).toBe(ids.webchat);
  });

  it('refuses an unavailable channel (409) and an identity of another customer (422), storing nothing', async () => {
    const closed = await postReply(server, op, caseId, { text: 'В WhatsApp', identityId: ids.whatsapp });
    expect(closed.statusCode).toBe(409);
    expect(errorOf(closed)).toMatchObject({
      code: 'REPLY_CHANNEL_UNAVAILABLE',
      details: { reason: 'reply_window_closed' },
    });
    const other = await webChatInbound(server, { externalId: 'visitor-boris', text: 'Я другой клиент' });
    expect(other.customer_id).not.toBe(customerId);
    for (const identityId of [other.identity_id!, 999_999]) {
      const refused = await postReply(server, op, caseId, { text: 'Чужому', identityId });
      expect(refused.statusCode).toBe(422);
      expect(errorOf(refused).code).toBe('REPLY_IDENTITY_NOT_CUSTOMERS');
    }
    const replies = await server.store.db
      .selectFrom('messages')
      .select('id')
      .where('direction', '=', 'out')
      .execute();
    expect(replies).toHaveLength(0);
    expect((await caseRow(server, caseId)).reply_identity_id).toBeNull();
    await dispatch();
    expect(whatsapp.attempts).toHaveLength(0);
  });

  it('answers an operator who cannot see the case as reading the case does', async () => {
    const outsider = await loginOfflineOperator(server, 'outsider@example.com', [2]);
    const read = await server.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}`,
      headers: authHeaders(outsider),
    });
    const channels = await server.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}/reply-channels`,
      headers: authHeaders(outsider),
    });
    expect(read.statusCode).toBe(404);
    expect([channels.statusCode, errorOf(channels).code]).toEqual([read.statusCode, errorOf(read).code]);
    const reply = await postReply(server, outsider, caseId, { text: 'Не мой', identityId: ids.email });
    expect([reply.statusCode, errorOf(reply).code]).toEqual([read.statusCode, errorOf(read).code]);
    const anonymous = await server.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}/reply-channels`,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it("an e-mail reply on a case without e-mail gets the platform's subject with the case number", async () => {
    const other = await webChatInbound(server, { externalId: 'visitor-vera', text: 'Только чат' });
    const email = await identityOn(other.customer_id, accounts.email, 'vera@example.org');
    const res = await postReply(server, op, other.case_id, { text: 'Ответ письмом', identityId: email });
    expect(res.statusCode).toBe(201);
    await dispatch();
    const [mail] = await sink.waitFor(1);
    expect(mail!.rcptTo).toEqual(['vera@example.org']);
    expect(mail!.headers.subject).toBe(`Support request [#${other.case_id}]`);
  });

  it('a merge that joins the case into another and its undo give the remembered choice back exactly', async () => {
    expect((await postReply(server, op, caseId, { text: 'Письмо', identityId: ids.email })).statusCode).toBe(
      201,
    );
    t += hour;
    const boris = await webChatInbound(server, { externalId: 'visitor-boris', text: 'Я тоже Анна' });
    const before = await customerTables(server);
    expect(before.cases.find((c) => c.id === caseId)?.reply_identity_id).toBe(ids.email);
    const sup = await loginSupervisor(server, 'merge-sup@example.com');
    const merged = await postMerge(server, sup, customerId, boris.customer_id);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ keptCaseId: caseId, closedCaseId: boris.case_id });
    // Boris's case has the later message: the joined case follows his channel, no remembered choice.
    expect((await caseRow(server, caseId)).reply_identity_id).toBeNull();
    const undo = await postUndo(server, sup, merged.json<{ mergeId: number }>().mergeId);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await customerTables(server)).toEqual(before);
  });

  it('a template still goes through a closed window: to the chosen identity, or without a choice to the last one', async () => {
    const template = { name: 'hello', language: 'ru', params: ['Анна'] };
    expect((await postReply(server, op, caseId, { text: 'Письмо', identityId: ids.email })).statusCode).toBe(
      201,
    );
    // As if the customer had written last on WhatsApp, a day ago: the templates listed are WhatsApp's.
    await server.store.db
      .updateTable('cases')
      .set({ last_identity_id: ids.whatsapp })
      .where('id', '=', caseId)
      .execute();
    // The e-mail is remembered, yet a template without a choice goes to the last channel, whose it is.
    const implicit = await postReply(server, op, caseId, { template });
    expect(implicit.statusCode, implicit.body).toBe(201);
    const chosen = await postReply(server, op, caseId, { template, identityId: ids.whatsapp });
    expect(chosen.statusCode, chosen.body).toBe(201);
    const sent = await server.store.db
      .selectFrom('messages')
      .select(['identity_id', 'text'])
      .where('id', 'in', [implicit.json<{ id: number }>().id, chosen.json<{ id: number }>().id])
      .orderBy('id')
      .execute();
    expect(sent).toEqual([
      { identity_id: ids.whatsapp, text: 'Здравствуйте, Анна!' },
      { identity_id: ids.whatsapp, text: 'Здравствуйте, Анна!' },
    ]);
    expect((await caseRow(server, caseId)).reply_identity_id).toBe(ids.whatsapp);
    // Replies to one identity go one at a time, in order: a dispatcher pass each.
    await dispatch();
    await dispatch();
    expect(whatsapp.delivered.map((m) => m.template?.name)).toEqual(['hello', 'hello']);
  });
});
