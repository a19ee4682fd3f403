import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { ChatMessage } from '@frontline/shared';
import {
  ChatClient,
  ChatError,
  createMemoryStorage,
  type ChatClientOptions,
  type StorageLike,
} from '../src/index.ts';
import { startFakeChatServer, type FakeChatServer } from './fake-chat-server.ts';

let server: FakeChatServer;
let storage: StorageLike;
const clients: ChatClient[] = [];

beforeEach(async () => {
  server = await startFakeChatServer();
  storage = createMemoryStorage();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

function makeClient(options: Partial<ChatClientOptions> = {}): ChatClient {
  const client = new ChatClient({
    baseUrl: server.baseUrl,
    entryPoint: 'general',
    storage,
    WebSocket,
    ackTimeoutMs: 300,
    reconnectDelayMs: { min: 20, max: 100 },
    logger: { warn: () => undefined },
    ...options,
  });
  clients.push(client);
  return client;
}

function collect(client: ChatClient) {
  const seen = { messages: [] as ChatMessage[], statuses: [] as { messageId: number; status: string }[] };
  client.on('message', (m) => seen.messages.push(m));
  client.on('status', (s) => seen.statuses.push(s));
  return seen;
}

function waitFor<T>(check: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
  return vi.waitFor(
    () => {
      const value = check();
      if (value === undefined || value === false) throw new Error('not yet');
      return value;
    },
    { timeout: timeoutMs, interval: 10 },
  );
}

describe('ChatClient', () => {
  it('starts a session, loads history, goes online and receives operator replies live', async () => {
    server.operatorSays('Welcome!');
    const client = makeClient();
    const seen = collect(client);
    await client.start();
    expect(seen.messages.map((m) => m.text)).toEqual(['Welcome!']);
    await waitFor(() => client.connection === 'online');

    server.operatorSays('How can I help?');
    await waitFor(() => seen.messages.length === 2);
    expect(client.cursor).toBe(2);
  });

  it('tells the app the place in the queue, live and once connected, and null once an operator has it', async () => {
    server.queuePosition(3, null);
    const client = makeClient();
    const seen: Array<{ position: number; waitMinutes: number | null } | null> = [];
    client.on('queue', (q) => seen.push(q));
    await client.start();
    await waitFor(() => seen.length === 1);
    expect(client.queue).toEqual({ position: 3, waitMinutes: null });
    server.queuePosition(2, 4);
    await waitFor(() => seen.length === 2);
    // The same place again is not news.
    server.queuePosition(2, 4);
    server.queuePosition(null, null);
    await waitFor(() => seen.length === 3);
    expect(seen).toEqual([{ position: 3, waitMinutes: null }, { position: 2, waitMinutes: 4 }, null]);
    expect(client.queue).toBeNull();
    // An operator's reply ends the wait even when no clearing event came.
    server.queuePosition(1, 2);
    await waitFor(() => seen.length === 4);
    server.operatorSays('Здравствуйте, я Анна');
    await waitFor(() => seen.length === 5);
    expect(seen.at(-1)).toBeNull();
  });

  it('a place in the queue stored in the history by an older server is still shown', async () => {
    server.storedQueuePosition(4, 7);
    const client = makeClient();
    await client.start();
    expect(client.queue).toEqual({ position: 4, waitMinutes: 7 });
  });

  it('resumes the same visitor from storage and restarts when the stored token is stale', async () => {
    const first = makeClient();
    const session = await first.start();
    await first.send('hello');
    first.close();

    const second = makeClient();
    expect((await second.start()).visitorId).toBe(session.visitorId);
    expect(second.messages.map((m) => m.text)).toEqual(['hello']);
    second.close();

    storage.setItem(
      `frontline.chat:${server.baseUrl}|general`,
      JSON.stringify({ visitorToken: 'gone', seq: 9, readUpTo: 0 }),
    );
    const third = makeClient();
    expect((await third.start()).visitorToken).not.toBe('gone');
  });

  it('answers the pre-chat form: a refusal carries the field details, an answer clears pendingPreChat', async () => {
    const client = makeClient({ entryPoint: 'mnp' });
    const session = await client.start();
    expect(session.pendingPreChat).toEqual({ fields: [{ key: 'phone', required: true }] });
    const refused = await client.submitPreChat({}).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ChatError);
    expect(refused).toMatchObject({ code: 'PRE_CHAT_INVALID', status: 400 });
    expect((refused as ChatError).details).toEqual([{ field: 'phone', problem: 'required' }]);
    await client.submitPreChat({ phone: '79161234567' });
    expect(client.session?.pendingPreChat).toBeUndefined();
  });

  it('sends over the WebSocket and drops the outbox item when the message is echoed', async () => {
    const client = makeClient();
    const seen = collect(client);
    await client.start();
    await waitFor(() => client.connection === 'online');

    const ack = await client.send('over ws');
    expect(server.httpMessagePosts).toEqual([]);
    await waitFor(() => seen.messages.find((m) => m.id === ack.messageId));
    expect(client.outbox).toEqual([]);
    expect(seen.messages.find((m) => m.id === ack.messageId)?.clientMsgId).toBe(ack.clientMsgId);
  });

  it('de-duplicates messages replayed after a reconnect but emits changed statuses', async () => {
    server.operatorSays('one');
    const client = makeClient();
    const seen = collect(client);
    await client.start();
    await waitFor(() => client.connection === 'online');
    const ack = await client.send('two');
    await waitFor(() => seen.messages.length === 2);

    // An at-least-once server replays everything, including a status change the client missed.
    server.replayEverything = true;
    server.dropConnections();
    await waitFor(() => client.connection === 'offline');
    server.setStatus(ack.messageId, 'read');
    await waitFor(() => server.wsSince.length === 2 && client.connection === 'online');

    expect(seen.messages.map((m) => m.text)).toEqual(['one', 'two']);
    expect(seen.statuses).toEqual([{ messageId: ack.messageId, status: 'read' }]);
    expect(client.messages.find((m) => m.id === ack.messageId)?.status).toBe('read');

    // An older status replayed again is not a change.
    server.setStatus(ack.messageId, 'received');
    await waitFor(() => client.cursor === server.events.length);
    expect(seen.statuses).toHaveLength(1);
  });

  it('reconnects with since = last seq and receives what it missed while offline', async () => {
    const client = makeClient();
    const seen = collect(client);
    const connection: string[] = [];
    client.on('connection', (c) => connection.push(c));
    await client.start();
    await waitFor(() => client.connection === 'online');
    server.operatorSays('before');
    await waitFor(() => seen.messages.length === 1);
    const cursorBeforeDrop = client.cursor;

    server.refuseConnections(true);
    server.dropConnections();
    await waitFor(() => client.connection === 'offline');
    server.operatorSays('while offline 1');
    server.operatorSays('while offline 2');
    await new Promise((r) => setTimeout(r, 150)); // a few refused attempts (backoff)
    server.refuseConnections(false);

    await waitFor(() => seen.messages.length === 3);
    expect(seen.messages.map((m) => m.text)).toEqual(['before', 'while offline 1', 'while offline 2']);
    expect(server.wsSince).toEqual([0, cursorBeforeDrop]);
    expect(connection).toEqual(['online', 'offline', 'online']);
    expect(JSON.parse(storage.getItem(`frontline.chat:${server.baseUrl}|general`) ?? '{}')).toMatchObject({
      seq: 3,
    });
  });

  it('falls back to HTTP with the same clientMsgId when the WebSocket ack is lost (no duplicate)', async () => {
    const client = makeClient();
    await client.start();
    await waitFor(() => client.connection === 'online');
    server.wsMessageMode = 'process-no-ack';

    const ack = await client.send('ack lost');
    expect(server.httpMessagePosts).toEqual([ack.clientMsgId]);
    expect(server.messages().filter((m) => m.text === 'ack lost')).toHaveLength(1);
    expect(server.messages()[0]?.clientMsgId).toBe(ack.clientMsgId);
  });

  it('falls back to HTTP when the WebSocket swallows the frame', async () => {
    const client = makeClient();
    await client.start();
    await waitFor(() => client.connection === 'online');
    server.wsMessageMode = 'ignore';

    const ack = await client.send('swallowed');
    expect(server.httpMessagePosts).toEqual([ack.clientMsgId]);
    expect(server.messages().map((m) => m.text)).toEqual(['swallowed']);
  });

  it('goes on to HTTP with the same clientMsgId when the socket answers STORE_UNAVAILABLE (not failed)', async () => {
    const client = makeClient();
    await client.start();
    await waitFor(() => client.connection === 'online');
    server.wsStoreUnavailableNext = 1;

    const ack = await client.send('while the database restarts');
    expect(server.httpMessagePosts).toEqual([ack.clientMsgId]);
    expect(server.messages().map((m) => m.text)).toEqual(['while the database restarts']);
  });

  it('sends over HTTP straight away while offline', async () => {
    const client = makeClient();
    await client.start();
    await waitFor(() => client.connection === 'online');
    server.refuseConnections(true);
    server.dropConnections();
    await waitFor(() => client.connection === 'offline');

    const started = Date.now();
    const ack = await client.send('offline send');
    expect(Date.now() - started).toBeLessThan(300);
    expect(server.httpMessagePosts).toEqual([ack.clientMsgId]);
  });

  it('emits operator typing and stops it when the operator message arrives', async () => {
    const client = makeClient();
    const typing: boolean[] = [];
    client.on('typing', (t) => typing.push(t));
    await client.start();
    await waitFor(() => client.connection === 'online');
    server.operatorTyping();
    await waitFor(() => typing.length === 1);
    server.operatorSays('done typing');
    await waitFor(() => typing.length === 2);
    expect(typing).toEqual([true, false]);
  });

  it('ignores and logs invalid server frames', async () => {
    server.junkAfterReady = [
      'not json',
      JSON.stringify({ type: 'event', seq: 'x' }),
      JSON.stringify({ type: 'nope' }),
    ];
    const warnings: string[] = [];
    const client = makeClient({ logger: { warn: (m) => warnings.push(m) } });
    const seen = collect(client);
    await client.start();
    await waitFor(() => warnings.length === 3);
    server.operatorSays('still works');
    await waitFor(() => seen.messages.length === 1);
    expect(warnings.every((w) => w.includes('invalid chat frame'))).toBe(true);
  });

  it('rejects an oversized attachment before uploading it and needs start() first', async () => {
    const client = makeClient();
    await expect(client.send('too early')).rejects.toMatchObject({ code: 'CHAT_NOT_STARTED' });
    await client.start();
    const big = new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: 'image/png' });
    const err: unknown = await client.uploadAttachment(big, 'big.png').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({ code: 'CHAT_ATTACHMENT_TOO_LARGE' });
  });

  it('works where crypto.randomUUID is missing (plain-HTTP LAN pages): ids come from getRandomValues', async () => {
    const proto = Object.getPrototypeOf(globalThis.crypto) as { randomUUID?: unknown };
    const original = Object.getOwnPropertyDescriptor(proto, 'randomUUID');
    delete proto.randomUUID;
    try {
      expect(typeof globalThis.crypto.randomUUID).toBe('undefined');
      const client = makeClient();
      await client.start();
      await waitFor(() => client.connection === 'online');
      const first = await client.send('from the modem UI');
      const second = await client.send('again');
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      expect(first.clientMsgId).toMatch(uuid);
      expect(second.clientMsgId).toMatch(uuid);
      expect(first.clientMsgId).not.toBe(second.clientMsgId);
      expect(server.messages().map((m) => m.text)).toEqual(['from the modem UI', 'again']);
    } finally {
      if (original) Object.defineProperty(proto, 'randomUUID', original);
    }
  });

  it('keeps the session in an async (React Native AsyncStorage-like) storage', async () => {
    const map = new Map<string, string>();
    const later = <T>(value: T) => new Promise<T>((r) => setTimeout(() => r(value), 5));
    const asyncStorage = {
      getItem: (key: string) => later(map.get(key) ?? null),
      setItem: async (key: string, value: string) => void map.set(key, await later(value)),
      removeItem: async (key: string) => void map.delete(await later(key)),
    };
    const first = makeClient({ storage: asyncStorage });
    const session = await first.start();
    await first.send('hello from the app');
    await waitFor(() => map.get(`frontline.chat:${server.baseUrl}|general`)?.includes('"seq":1'));
    first.close();

    const second = makeClient({ storage: asyncStorage });
    expect((await second.start()).visitorId).toBe(session.visitorId);
    expect(second.messages.map((m) => m.text)).toEqual(['hello from the app']);
    await waitFor(() => server.wsSince.length === 2);
    expect(server.wsSince).toEqual([0, 1]);
  });

  it('refreshes an expired visitor token transparently: HTTP calls retry, the socket reconnects with the new one', async () => {
    const client = makeClient();
    const session = await client.start();
    await waitFor(() => client.connection === 'online');

    server.expireTokens();
    server.closeSocketsExpired();
    await waitFor(() => server.refreshes === 1 && client.connection === 'online');
    const fresh = server.wsTokens.at(-1);
    expect(fresh).not.toBe(session.visitorToken);

    // Over HTTP too: the expired answer triggers one refresh and the call is made again.
    server.expireTokens();
    server.refuseConnections(true);
    server.dropConnections();
    await waitFor(() => client.connection === 'offline');
    const ack = await client.send('after expiry');
    expect(server.refreshes).toBe(2);
    expect(server.messages().map((m) => m.text)).toEqual(['after expiry']);
    expect(ack.messageId).toBeGreaterThan(0);
    const saved = storage.getItem(`frontline.chat:${server.baseUrl}|general`) ?? '';
    expect(saved).not.toContain(fresh ?? 'none');
  });

  it('waits for Retry-After when rate limited, then delivers the same message once', async () => {
    const client = makeClient();
    await client.start();
    server.refuseConnections(true);
    server.dropConnections();
    await waitFor(() => client.connection === 'offline');
    server.rateLimitNext = 1;
    const ack = await client.send('slowly');
    expect(server.httpMessagePosts).toEqual([ack.clientMsgId, ack.clientMsgId]);
    expect(server.messages().map((m) => m.text)).toEqual(['slowly']);
  });
});
