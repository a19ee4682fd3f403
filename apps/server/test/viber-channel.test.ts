import { signViberBody, stringifyViberJson, viberCallbacks, type ViberFake } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForCase } from './support/cases.ts';
import { connectViber, listedChannel, postChannel } from './support/channels.ts';
import { startChannelTestBed, type ChannelTestBed } from './support/channel-test-bed.ts';
import { startViber } from './support/provider-fakes.ts';
import { messageRow, replyAsOperator } from './support/replies.ts';
import { waitForLength } from './support/wait-for-length.ts';
import { dialects, eventually } from './support/test-server.ts';

const authToken = '4a5da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9';
const yarden = { id: '01234567890A=', name: 'Yarden', apiVersion: 10 };
const inboundToken = 5741311803571721087n;

/** Viber through the whole platform: admin connects the bot, the fake pushes signed callbacks, replies go out. */
describe.each(dialects)('Viber channel end to end on %s', (dialect) => {
  let bed: ChannelTestBed<ViberFake>;

  beforeEach(async () => {
    const fake = await startViber({ authToken });
    bed = await startChannelTestBed(dialect, {
      fake,
      operatorEmail: 'vb-op@example.com',
      connect: (server, admin) =>
        connectViber(server, admin, { apiRoot: fake.url, authToken, senderName: 'Frontline Support' }),
    });
  });
  afterEach(() => bed.close());

  const messages = () => bed.server.store.db.selectFrom('messages').selectAll().orderBy('id').execute();
  const rawEvents = () => bed.server.store.db.selectFrom('raw_events').selectAll().execute();

  async function customerWrites(text: string): Promise<number> {
    const callback = viberCallbacks.text({ sender: yarden, text, messageToken: inboundToken });
    expect(await bed.fake.state.push(authToken, callback)).toBe('delivered');
    return waitForCase(bed.server);
  }

  it("connecting sets the webhook; Viber's check callback reaches our route and gets 200", async () => {
    const [setWebhook] = bed.fake.state.requestsFor('set_webhook');
    expect(setWebhook?.params).toMatchObject({
      url: `${bed.base}/webhooks/viber/${bed.channelId}`,
      send_name: true,
      send_photo: true,
    });
    expect(setWebhook?.response.body).toMatchObject({ status: 0 });
    expect(bed.fake.state.callbackAttempts).toMatchObject([{ event: 'webhook', status: 200 }]);
    const list = await listedChannel(bed.server, bed.admin, bed.channelId);
    const view = list.view;
    expect(view).toMatchObject({ secretsSet: ['authToken'], health: { ok: true } });
    expect(list.body).not.toContain(authToken);
  });

  it('a rejected auth token leaves nothing behind (422 with an actionable message)', async () => {
    const res = await postChannel(bed.server, bed.admin, {
      kind: 'viber',
      name: 'Wrong bot',
      config: { apiRoot: bed.fake.url, senderName: 'X' },
      secrets: { authToken: 'wrong-token0123' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/auth token rejected by Viber/);
  });

  it('a signed message pushed twice is stored once under its exact 64-bit token', async () => {
    const callback = viberCallbacks.text({
      sender: yarden,
      text: 'שלום, I need help',
      messageToken: inboundToken,
    });
    expect(await bed.fake.state.push(authToken, callback)).toBe('delivered');
    expect(await bed.fake.state.push(authToken, callback)).toBe('delivered');
    const stored = await waitForLength(messages, 1);
    expect(stored[0]).toMatchObject({
      direction: 'in',
      text: 'שלום, I need help',
      channel_account_id: bed.channelId,
      external_id: '5741311803571721087',
    });
    const c = await bed.server.store.db.selectFrom('cases').selectAll().executeTakeFirstOrThrow();
    expect(c).toMatchObject({ queue_id: 2, status: 'assigned', assignee_id: bed.operator.operatorId });
    const identity = await bed.server.store.db
      .selectFrom('identities')
      .selectAll()
      .where('external_id', '=', yarden.id)
      .executeTakeFirstOrThrow();
    expect(identity.unreachable_reason).toBeNull();
  });

  it('forged callbacks are refused with 401 before anything is stored', async () => {
    const before = (await rawEvents()).length;
    const raw = stringifyViberJson(viberCallbacks.text({ sender: yarden, text: 'injected' }));
    const attempts: Array<Record<string, string>> = [
      {},
      { 'x-viber-content-signature': signViberBody('another-token', raw) },
      { 'x-viber-content-signature': 'zz' },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${bed.base}/webhooks/viber/${bed.channelId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: raw,
      });
      expect(res.status).toBe(401);
    }
    expect(await rawEvents()).toHaveLength(before);
    expect(await messages()).toHaveLength(0);
  });

  it('an operator reply is sent with the exact params, then marked sent, read, and never downgraded', async () => {
    const caseId = await customerWrites('Здравствуйте');
    const replyId = await replyAsOperator(bed.server, bed.operator, caseId, 'How can we help?');
    const sent = (await waitForLength(() => bed.fake.state.requestsFor('send_message'), 1))[0];
    expect(sent?.params).toEqual({
      receiver: yarden.id,
      min_api_version: 1,
      sender: { name: 'Frontline Support' },
      type: 'text',
      text: 'How can we help?',
    });
    const token = /"message_token":(\d+)/.exec(sent?.response.raw ?? '')?.[1] ?? '';
    expect(BigInt(token) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const reply = () => messageRow(bed.server, replyId);
    await eventually(async () => expect(await reply()).toMatchObject({ status: 'sent', external_id: token }));

    const seen = viberCallbacks.seen({ messageToken: BigInt(token), userId: yarden.id });
    expect(await bed.fake.state.push(authToken, seen)).toBe('delivered');
    await eventually(async () => expect((await reply()).status).toBe('read'));
    const delivered = viberCallbacks.delivered({ messageToken: BigInt(token), userId: yarden.id });
    expect(await bed.fake.state.push(authToken, delivered)).toBe('delivered');
    await eventually(async () => {
      const raws = await rawEvents();
      expect(raws.filter((r) => r.status !== 'done')).toHaveLength(0);
      expect(raws.length).toBeGreaterThanOrEqual(4);
    });
    expect((await reply()).status).toBe('read');
  });

  it('an unsubscribed customer is marked unreachable and a reply fails with the reason', async () => {
    const caseId = await customerWrites('bye');
    await bed.fake.state.push(authToken, viberCallbacks.unsubscribed({ userId: yarden.id }));
    await eventually(async () => {
      const identity = await bed.server.store.db
        .selectFrom('identities')
        .selectAll()
        .where('external_id', '=', yarden.id)
        .executeTakeFirstOrThrow();
      expect(identity.unreachable_reason).toBe('unsubscribed from the bot');
    });
    const replyId = await replyAsOperator(bed.server, bed.operator, caseId, 'Still there?');
    await eventually(async () => {
      const m = await messageRow(bed.server, replyId);
      expect(m.status).toBe('failed');
      expect(m.status_reason).toMatch(/VIBER_NOT_SUBSCRIBED/);
    });
  });
});
