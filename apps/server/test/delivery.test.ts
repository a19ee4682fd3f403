import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffMs } from '../src/jobs/delivery-dispatcher.ts';
import { ChannelError } from '../src/lib/errors.ts';
import { authHeaders, dialects, loginAs, type LoggedIn, type TestServer } from './support/test-server.ts';
import { openWebChatCase } from './support/cases.ts';
import { startWithFakeWebChat } from './support/fake-web-chat.ts';
import { replyAsOperator } from './support/replies.ts';
import { FakeChannelAdapter } from './support/fake-channel-adapter.ts';

describe.each(dialects)('delivery dispatcher on %s', (dialect) => {
  let server: TestServer;
  let t: number;
  let op: LoggedIn;
  let caseId: number;
  let webchat: FakeChannelAdapter;

  beforeEach(async () => {
    t = Date.parse('2030-01-01T09:00:00.000Z');
    webchat = new FakeChannelAdapter();
    server = await startWithFakeWebChat(dialect, webchat, () => t);
    // Commits still kick the dispatcher; stop it so only the test's runOnce() calls deliver.
    await server.services.dispatcher.stop();
    op = await loginAs(server, { email: 'deliver@example.com', queueIds: [1], online: true });
    ({ caseId } = await openWebChatCase(server, { text: 'hello' }));
  });
  afterEach(async () => {
    await server.close();
  });

  const sendReply = (text = 'reply'): Promise<number> =>
    replyAsOperator(server, op, caseId, { clientMsgId: `dlv-${text}-0001`, text });
  const state = async (messageId: number) => {
    const m = await server.store.db
      .selectFrom('messages')
      .select(['status', 'status_reason', 'external_id'])
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    const d = await server.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();
    return { message: m, delivery: d };
  };
  const statusEvents = async (messageId: number) =>
    (
      await server.store.db
        .selectFrom('outbox_events')
        .select('payload')
        .where('type', '=', 'message.status')
        .execute()
    )
      .map((e) => JSON.parse(e.payload) as { messageId: number; status: string; reason: string | null })
      .filter((e) => e.messageId === messageId);

  it('retries a retryable ChannelError with exponential backoff and succeeds later', async () => {
    const throttled = () => new ChannelError('THROTTLED', 'slow down', { retryable: true });
    webchat
      .sendInTurn(throttled(), throttled())
      .onSend((message) => ({ externalId: `stub:${message.messageId}` }));
    const calls = () => webchat.attempts.length;
    const id = await sendReply();
    expect((await state(id)).message.status).toBe('queued');

    expect(await server.services.dispatcher.runOnce()).toBe(1);
    let s = await state(id);
    expect(s.delivery).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'THROTTLED: slow down',
      locked_until: null,
    });
    expect(s.delivery.next_attempt_at).toBe(new Date(t + backoffMs(1)).toISOString());
    expect(s.message.status).toBe('queued');

    // Not due yet: nothing is claimed, the channel is not called.
    expect(await server.services.dispatcher.runOnce()).toBe(0);
    t += backoffMs(1) - 1;
    expect(await server.services.dispatcher.runOnce()).toBe(0);
    expect(calls()).toBe(1);

    t += 1;
    expect(await server.services.dispatcher.runOnce()).toBe(1);
    s = await state(id);
    expect(s.delivery).toMatchObject({ status: 'pending', attempts: 2 });
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    expect(s.delivery.next_attempt_at).toBe(new Date(t + backoffMs(2)).toISOString());

    t += backoffMs(2);
    expect(await server.services.dispatcher.runOnce()).toBe(1);
    s = await state(id);
    expect(s.delivery.status).toBe('done');
    expect(s.message).toMatchObject({ status: 'sent', external_id: `stub:${id}`, status_reason: null });
    expect(calls()).toBe(3);
    expect(webchat.attempts[2]).toMatchObject({
      messageId: id,
      text: 'reply',
      idempotencyKey: `frontline-${id}`,
    });
    expect((await statusEvents(id)).map((e) => e.status)).toEqual(['sent']);

    // Done deliveries are never sent again.
    t += 60 * 60_000;
    expect(await server.services.dispatcher.runOnce()).toBe(0);
    expect(calls()).toBe(3);
    const metrics = await server.services.metrics.registry.getSingleMetricAsString(
      'frontline_messages_out_total',
    );
    expect(metrics).toMatch(/frontline_messages_out_total\{channel="webchat",result="sent"\} 1/);
  });

  it('honours the provider retryAfterMs, and treats unexpected errors as retryable', async () => {
    webchat
      .sendInTurn(
        new ChannelError('RATE_LIMIT', '429', { retryable: true, retryAfterMs: 30_000 }),
        new Error('socket hang up'),
      )
      .onSend((message) => ({ externalId: `stub:${message.messageId}` }));
    const id = await sendReply();
    await server.services.dispatcher.runOnce();
    expect((await state(id)).delivery.next_attempt_at).toBe(new Date(t + 30_000).toISOString());
    t += 29_999;
    expect(await server.services.dispatcher.runOnce()).toBe(0);
    t += 1;
    expect(await server.services.dispatcher.runOnce()).toBe(1);
    const s = await state(id);
    expect(s.delivery).toMatchObject({
      status: 'pending',
      attempts: 2,
      last_error: 'CHANNEL_UNEXPECTED: socket hang up',
    });
    t += backoffMs(2);
    await server.services.dispatcher.runOnce();
    expect((await state(id)).message.status).toBe('sent');
  });

  it('a non-retryable ChannelError fails the message with the reason and emits message.status failed', async () => {
    webchat.onSend(new ChannelError('RECIPIENT_BLOCKED', 'the customer blocked us', { retryable: false }));
    const id = await sendReply();
    expect(await server.services.dispatcher.runOnce()).toBe(1);
    const s = await state(id);
    expect(s.message).toMatchObject({
      status: 'failed',
      status_reason: 'RECIPIENT_BLOCKED: the customer blocked us',
    });
    expect(s.delivery).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await statusEvents(id)).toEqual([
      expect.objectContaining({
        messageId: id,
        status: 'failed',
        reason: 'RECIPIENT_BLOCKED: the customer blocked us',
      }),
    ]);
    // The operator's API shows the failure and the reason.
    const c = await server.store.db
      .selectFrom('cases')
      .select('customer_id')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const tl = await server.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${c.customer_id}/timeline`,
      headers: authHeaders(op),
    });
    expect(
      tl.json<Array<{ id: number; status: string; statusReason: string | null }>>().find((m) => m.id === id),
    ).toMatchObject({
      status: 'failed',
      statusReason: 'RECIPIENT_BLOCKED: the customer blocked us',
    });
    // The customer never saw a failed message appear.
    const hist = await server.store.db
      .selectFrom('outbox_events')
      .select('payload')
      .where('audience', '=', 'customer')
      .execute();
    expect(hist.some((e) => (JSON.parse(e.payload) as { message?: { id: number } }).message?.id === id)).toBe(
      false,
    );
    // Never retried.
    t += 24 * 60 * 60_000;
    expect(await server.services.dispatcher.runOnce()).toBe(0);
    expect(webchat.attempts).toHaveLength(1);
  });

  it("keeps retrying with backoff capped at 5 minutes until the channel's give-up horizon, then fails with the reason", async () => {
    webchat.onSend(new ChannelError('DOWN', 'provider down', { retryable: true }));
    const id = await sendReply();
    const horizon = webchat.adapter.delivery.giveUpAfterMs;
    const giveUpAt = t + horizon;
    while (t < giveUpAt) {
      await server.services.dispatcher.runOnce();
      expect((await state(id)).message.status).toBe('queued');
      const next = Date.parse((await state(id)).delivery.next_attempt_at);
      expect(next - t).toBeLessThanOrEqual(5 * 60_000);
      expect(next).toBeLessThanOrEqual(giveUpAt);
      t = next;
    }
    expect(await server.services.dispatcher.runOnce()).toBe(1);
    const s = await state(id);
    expect(s.delivery.status).toBe('failed');
    expect(s.message.status).toBe('failed');
    expect(s.message.status_reason).toBe(
      'DOWN: provider down (gave up: still failing 24 h after the reply was written)',
    );
    expect(webchat.attempts.length).toBeGreaterThan(280);
    t += 24 * 60 * 60_000;
    expect(await server.services.dispatcher.runOnce()).toBe(0);
  });

  it('a lost answer is retried once; a second lost answer fails the reply as unconfirmed (not idempotent)', async () => {
    const lost = () =>
      new ChannelError('FAKE_UNAVAILABLE', 'timed out', { retryable: true, uncertain: true });
    webchat.setDelivery({ idempotent: false });
    webchat.sendInTurn(lost(), new ChannelError('FAKE_UNAVAILABLE', 'HTTP 502', { retryable: true }), lost());
    const id = await sendReply();
    await server.services.dispatcher.runOnce();
    expect((await state(id)).delivery).toMatchObject({ status: 'pending', lost_answers: 1 });
    t += backoffMs(1);
    // A failure with an answer (502: not carried out) does not count.
    await server.services.dispatcher.runOnce();
    expect((await state(id)).delivery).toMatchObject({ status: 'pending', lost_answers: 1 });
    t += backoffMs(2);
    await server.services.dispatcher.runOnce();
    const s = await state(id);
    expect(s.delivery).toMatchObject({ status: 'failed', lost_answers: 2 });
    expect(s.message.status).toBe('failed');
    expect(s.message.status_reason).toMatch(/^DELIVERY_UNCONFIRMED: .*may have arrived/);
    t += 60 * 60_000;
    expect(await server.services.dispatcher.runOnce()).toBe(0);
    expect(webchat.attempts).toHaveLength(3);
  });

  it('on an idempotent channel a lost answer is retried like any transient failure', async () => {
    expect(webchat.adapter.delivery.idempotent).toBe(true);
    const lost = () =>
      new ChannelError('FAKE_UNAVAILABLE', 'timed out', { retryable: true, uncertain: true });
    webchat.sendInTurn(lost(), lost(), lost()).onSend((m) => ({ externalId: `stub:${m.messageId}` }));
    const id = await sendReply();
    for (let i = 1; i <= 4; i++) {
      await server.services.dispatcher.runOnce();
      t += backoffMs(i);
    }
    const s = await state(id);
    expect(s.message.status).toBe('sent');
    expect(s.delivery).toMatchObject({ status: 'done', lost_answers: 3 });
  });

  it('a delivery claimed by a crashed worker is picked up again after its lock expires', async () => {
    let release!: () => void;
    webchat.onSend(async (message) => {
      if (webchat.attempts.length === 1) await new Promise<void>((r) => (release = r)); // the first worker hangs
      return { externalId: `stub:${message.messageId}` };
    });
    const id = await sendReply();
    const hung = server.services.dispatcher.runOnce();
    await vi.waitFor(() => expect(webchat.attempts).toHaveLength(1));
    expect((await state(id)).delivery.locked_until).not.toBeNull();
    expect(await server.services.dispatcher.runOnce()).toBe(0); // locked
    t += 180_001; // the default lock: the send timeout (2 min) + 1 min
    expect(await server.services.dispatcher.runOnce()).toBe(1);
    expect((await state(id)).message.status).toBe('sent');
    release();
    await hung;
    // The late first attempt does not send a second status.
    expect((await statusEvents(id)).map((e) => e.status)).toEqual(['sent']);
  });
});
