import { telegramUpdates, type TelegramFake } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startChannelTestBed, type ChannelTestBed } from './support/channel-test-bed.ts';
import { connectTelegram } from './support/channels.ts';
import { postChatSession } from './support/chat.ts';
import { customerTables, postUndo } from './support/customers.ts';
import { WsClient } from './support/helpers.ts';
import { startTelegram } from './support/provider-fakes.ts';
import { signIdentity } from './support/sign-identity.ts';
import { customerSends, dialects, eventually } from './support/test-server.ts';

const botToken = '7100000002:AAHmerge_test-token';
const webhookSecret = 'whsec-merge_1';
const ann = { id: 322_222_222, firstName: 'Анна' };

/**
 * The same person on two channels: signed in on the web chat (the host's backend signed her phone), and on
 * Telegram, where she greets first and only later shares her own contact card.
 */
describe.each(dialects)('automatic merge across channels on %s', (dialect) => {
  let bed: ChannelTestBed<TelegramFake>;

  beforeEach(async () => {
    const fake = await startTelegram({ botToken, username: 'frontline_merge_bot', users: [ann] });
    bed = await startChannelTestBed(dialect, {
      fake,
      operatorEmail: 'tg-op@example.com',
      connect: (server, admin) =>
        connectTelegram(server, admin, { apiRoot: fake.url, botToken, webhookSecret }),
    });
  });
  afterEach(() => bed.close());

  const telegramIdentity = () =>
    bed.server.store.db
      .selectFrom('identities')
      .selectAll()
      .where('channel_account_id', '=', bed.channelId)
      .where('external_id', '=', String(ann.id))
      .executeTakeFirstOrThrow();

  it('an existing Telegram identity that shares its own contact joins the web-chat customer with that signed phone', async () => {
    const { db } = bed.server.store;
    const session = await postChatSession(bed.server, {
      identityToken: await signIdentity({ sub: 'anna-42', phone: '+7 916 123-45-67' }),
    });
    expect(session.statusCode, session.body).toBe(200);
    const web = await customerSends(
      bed.server,
      session.json<{ visitorToken: string }>().visitorToken,
      'из приложения',
    );
    const webMessage = await db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', web.messageId)
      .executeTakeFirstOrThrow();

    await bed.fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'Здравствуйте' }));
    const greeted = await eventually(async () => {
      const identity = await telegramIdentity();
      return identity;
    });
    expect(greeted.customer_id).not.toBe(webMessage.customer_id);
    const telegramCase = await db
      .selectFrom('cases')
      .selectAll()
      .where('customer_id', '=', greeted.customer_id)
      .executeTakeFirstOrThrow();
    const before = await customerTables(bed.server);
    // The operator of queue 2 holds the Telegram case: their workspace must see it go.
    expect(telegramCase.assignee_id).toBe(bed.operator.operatorId);
    const socket = await WsClient.connect(`${bed.base.replace(/^http/, 'ws')}/api/v1/realtime`, {
      cookie: bed.operator.cookie,
    });

    await bed.fake.state.pushUpdate(
      botToken,
      telegramUpdates.contact({ from: ann, phone: '79161234567', contactUserId: ann.id }),
    );
    const merge = await eventually(() =>
      db.selectFrom('customer_merges').selectAll().executeTakeFirstOrThrow(),
    );
    expect(merge).toMatchObject({
      survivor_id: webMessage.customer_id,
      merged_id: greeted.customer_id,
      actor_operator_id: null,
    });
    expect((await telegramIdentity()).customer_id).toBe(webMessage.customer_id);
    // One conversation: the web-chat case (opened first) holds the Telegram messages, the contact card too.
    const messages = await db.selectFrom('messages').selectAll().orderBy('id').execute();
    expect(messages.every((m) => m.customer_id === webMessage.customer_id)).toBe(true);
    expect(messages.filter((m) => m.direction === 'in').every((m) => m.case_id === webMessage.case_id)).toBe(
      true,
    );
    expect(
      await db.selectFrom('cases').selectAll().where('id', '=', telegramCase.id).executeTakeFirst(),
    ).toMatchObject({
      status: 'resolved',
      merged_into_case_id: webMessage.case_id,
    });
    const gone = await socket.waitFor(
      (f) => f.event?.type === 'case.updated' && f.event.case?.id === telegramCase.id,
    );
    expect(gone.event?.case).toMatchObject({ status: 'resolved', mergedIntoCaseId: webMessage.case_id });
    await socket.close();
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.merge')
      .execute();
    expect(audit.map((a) => [a.actor_operator_id, (JSON.parse(a.details) as { by: string }).by])).toEqual([
      [null, 'system'],
    ]);

    // The system's merge is undone like an operator's: the Telegram customer and case come back.
    const undo = await postUndo(bed.server, bed.admin, merge.id);
    expect(undo.statusCode, undo.body).toBe(200);
    const after = await customerTables(bed.server);
    expect(after.identities).toEqual(before.identities);
    expect(after.customers).toEqual(before.customers);
    expect(after.cases.find((c) => c.id === telegramCase.id)).toMatchObject({
      status: telegramCase.status,
      customer_id: greeted.customer_id,
      merged_into_case_id: null,
    });
    const old = new Set(before.messages.map((m) => m.id));
    expect(after.messages.filter((m) => old.has(m.id))).toEqual(before.messages);
  });
});
