import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelError } from '../src/lib/errors.ts';
import { TokenBuckets } from '../src/lib/token-bucket.ts';
import { dialects, loginAs, type LoggedIn, type TestServer } from './support/test-server.ts';
import { openWebChatCase } from './support/cases.ts';
import { startWithFakeWebChat } from './support/fake-web-chat.ts';
import { replyAsOperator } from './support/replies.ts';
import { FakeChannelAdapter } from './support/fake-channel-adapter.ts';

describe('TokenBuckets', () => {
  it('allows a burst, then says how long to wait, and refills with time', () => {
    let t = 0;
    const buckets = new TokenBuckets(() => t);
    const limit = { perSecond: 2, burst: 2 };
    expect(buckets.take([{ key: 'a', limit }])).toBe(0);
    expect(buckets.take([{ key: 'a', limit }])).toBe(0);
    expect(buckets.take([{ key: 'a', limit }])).toBe(500);
    t = 500;
    expect(buckets.take([{ key: 'a', limit }])).toBe(0);
    // Another key is independent.
    expect(buckets.take([{ key: 'b', limit }])).toBe(0);
  });

  it('takes from all buckets or none', () => {
    const t = 0;
    const buckets = new TokenBuckets(() => t);
    const open = { perSecond: 10, burst: 10 };
    const tight = { perSecond: 1, burst: 1 };
    expect(
      buckets.take([
        { key: 'open', limit: open },
        { key: 'tight', limit: tight },
      ]),
    ).toBe(0);
    expect(
      buckets.take([
        { key: 'open', limit: open },
        { key: 'tight', limit: tight },
      ]),
    ).toBe(1000);
    // The refused request consumed nothing from the open bucket: 9 tokens remain.
    for (let i = 0; i < 9; i++) expect(buckets.take([{ key: 'open', limit: open }])).toBe(0);
    expect(buckets.take([{ key: 'open', limit: open }])).toBeGreaterThan(0);
  });

  it('a provider penalty holds the bucket for its duration', () => {
    let t = 0;
    const buckets = new TokenBuckets(() => t);
    const limit = { perSecond: 30, burst: 30 };
    buckets.penalize('bot', limit, 5000);
    expect(buckets.take([{ key: 'bot', limit }])).toBeGreaterThan(4900);
    t = 5100;
    expect(buckets.take([{ key: 'bot', limit }])).toBe(0);
  });
});

describe.each(dialects)('outbound pacing and order on %s', (dialect) => {
  let server: TestServer;
  let t: number;
  let op: LoggedIn;
  let caseId: number;
  let webchat: FakeChannelAdapter;

  beforeEach(async () => {
    t = Date.parse('2030-01-01T09:00:00.000Z');
    webchat = new FakeChannelAdapter();
    server = await startWithFakeWebChat(dialect, webchat, () => t);
    op = await loginAs(server, { email: 'pace@example.com', queueIds: [1], online: true });
    ({ caseId } = await openWebChatCase(server, { text: 'hello' }));
  });
  afterEach(async () => {
    await server.close();
  });

  const reply = (text: string): Promise<number> =>
    replyAsOperator(server, op, caseId, { clientMsgId: `pace-${text}-000`, text });

  it('sends a recipient at most at the declared pace, in order, without using up attempts', async () => {
    webchat.setRateLimits({ perRecipient: { perSecond: 1, burst: 1 } });
    const sent: string[] = [];
    webchat.onSend(async (m) => {
      sent.push(m.text);
      return { externalId: `x-${m.messageId}` };
    });
    await reply('first');
    await reply('second');
    await reply('third');
    await server.services.dispatcher.runOnce();
    await server.services.dispatcher.runOnce();
    expect(sent).toEqual(['first']);
    t += 1000;
    await server.services.dispatcher.runOnce();
    await server.services.dispatcher.runOnce();
    expect(sent).toEqual(['first', 'second']);
    t += 1000;
    await server.services.dispatcher.runOnce();
    expect(sent).toEqual(['first', 'second', 'third']);
    const attempts = await server.store.db.selectFrom('deliveries').select('attempts').execute();
    expect(attempts.every((a) => a.attempts === 0)).toBe(true);
  });

  it("with the worker running, a reply still in flight holds back only the same customer's next one", async () => {
    const sent: string[] = [];
    let release!: () => void;
    webchat.onSend(async (m) => {
      if (m.text === 'slow') await new Promise<void>((r) => (release = r));
      sent.push(m.text);
      return { externalId: `x-${m.messageId}` };
    });
    server.services.dispatcher.start();
    await reply('slow');
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    await reply('after');
    // Another round runs (kicked by the commit) while the first send is in flight: the next reply waits.
    await server.services.dispatcher.runOnce();
    expect(sent).toEqual([]);
    release();
    await vi.waitFor(() => expect(sent).toEqual(['slow', 'after']));
    await server.services.dispatcher.stop();
  });

  it('a later reply never overtakes an earlier one that is waiting for a retry', async () => {
    const sent: string[] = [];
    let failFirst = true;
    webchat.onSend(async (m) => {
      if (m.text === 'first' && failFirst) {
        failFirst = false;
        throw new ChannelError('FAKE_UNAVAILABLE', 'provider down', { retryable: true });
      }
      sent.push(m.text);
      return { externalId: `x-${m.messageId}` };
    });
    await reply('first');
    await reply('second');
    await server.services.dispatcher.runOnce();
    await server.services.dispatcher.runOnce();
    expect(sent).toEqual([]);
    t += 60_000;
    await server.services.dispatcher.runOnce();
    await server.services.dispatcher.runOnce();
    expect(sent).toEqual(['first', 'second']);
  });
});
