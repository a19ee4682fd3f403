import { describe, expect, it } from 'vitest';
import { dialects, type TestServer } from './support/test-server.ts';
import { startServerForEachTest } from './support/server-lifecycle.ts';

/**
 * The same provider message processed twice at the same time (two workers, a redelivery) is stored once
 * (failure mode F2, docs/channels.md).
 */
describe.each(dialects)('concurrent duplicate inbound on %s', (dialect) => {
  let server: TestServer;
  startServerForEachTest(dialect, (s) => (server = s), { workers: false });

  it('F2: five concurrent deliveries of one message from a new customer store one message, one customer, one case', async () => {
    const account = server.services.channels.firstOfKind('webchat');
    const deliver = () =>
      server.services.cases.receiveInbound({
        channelAccountId: account.id,
        externalMessageId: 'provider-msg-42',
        identity: { channelAccountId: account.id, externalId: 'new-customer-1', displayName: 'Гость' },
        entryPointId: 1,
        text: 'Здравствуйте',
        attachments: [],
      });
    const results = await Promise.all(Array.from({ length: 5 }, deliver));
    const ids = new Set(results.map((r) => r.message.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const db = server.store.db;
    expect(await db.selectFrom('messages').selectAll().execute()).toHaveLength(1);
    expect(await db.selectFrom('customers').selectAll().execute()).toHaveLength(1);
    expect(await db.selectFrom('identities').selectAll().execute()).toHaveLength(1);
    expect(await db.selectFrom('cases').selectAll().execute()).toHaveLength(1);
  });

  it('two different first messages of one new customer at once open one case, not two', async () => {
    const account = server.services.channels.firstOfKind('webchat');
    const deliver = (n: number) =>
      server.services.cases.receiveInbound({
        channelAccountId: account.id,
        externalMessageId: `provider-msg-${n}`,
        identity: { channelAccountId: account.id, externalId: 'new-customer-2' },
        entryPointId: 1,
        text: `сообщение ${n}`,
        attachments: [],
      });
    await Promise.all([1, 2, 3, 4].map(deliver));
    const db = server.store.db;
    expect(await db.selectFrom('messages').selectAll().execute()).toHaveLength(4);
    expect(await db.selectFrom('cases').selectAll().execute()).toHaveLength(1);
  });
});
