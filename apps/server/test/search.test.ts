import type { SearchResults } from '@frontline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseOfMessage } from './support/cases.ts';
import { loginAdmin, loginOfflineOperator } from './support/people.ts';
import { signIdentity } from './support/sign-identity.ts';
import {
  authHeaders,
  customerSends,
  dialects,
  eventually,
  startTestServer,
  startVisitor,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';

/** A web-chat customer on `entryPoint` (general: queue 1, mnp: queue 2) who writes `text`. */
async function customerWrites(
  server: TestServer,
  entryPoint: string,
  text: string,
  identity?: { sub: string; phone?: string; email?: string; name?: string },
): Promise<{ caseId: number; messageId: number }> {
  const extra = identity ? { identityToken: await signIdentity(identity) } : {};
  const token = await startVisitor(server, entryPoint, extra);
  const { messageId } = await customerSends(server, token, text);
  return { caseId: await caseOfMessage(server, messageId), messageId };
}

async function search(
  server: TestServer,
  as: LoggedIn,
  q: string,
  kind = 'all',
): Promise<{ status: number; body: SearchResults & { error?: { code: string } } }> {
  const res = await server.app.inject({
    method: 'GET',
    url: `/api/v1/search?${new URLSearchParams({ q, kind }).toString()}`,
    headers: authHeaders(as),
  });
  return { status: res.statusCode, body: res.json() };
}

const highlighted = (hit: { snippet: { text: string; highlights: Array<{ start: number; end: number }> } }) =>
  hit.snippet.highlights.map((h) => hit.snippet.text.slice(h.start, h.end));

describe.each(dialects)('search on %s', (dialect) => {
  let server: TestServer;
  let admin: LoggedIn;
  let queue1: LoggedIn;
  let queue2: LoggedIn;
  let ivan: { caseId: number; messageId: number };
  let otherQueue: { caseId: number; messageId: number };
  const forms: number[] = [];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await loginAdmin(server);
    queue1 = await loginOfflineOperator(server, 'q1@example.com', [1]);
    queue2 = await loginOfflineOperator(server, 'q2@example.com', [2]);
    ivan = await customerWrites(
      server,
      'general',
      'Добрый вечер! Я оплатил заказ вчера, но статус не изменился',
      {
        sub: 'crm-4711',
        phone: '8 (927) 123-45-67',
        email: 'Ivan.Petrov@Example.com',
        name: 'Иван Петров',
      },
    );
    forms.push(ivan.messageId);
    forms.push(
      (await customerWrites(server, 'general', 'Подскажите, как оплатить доставку картой?')).messageId,
    );
    forms.push((await customerWrites(server, 'general', 'Оплата не прошла, помогите')).messageId);
    await customerWrites(server, 'general', 'Где мой заказ? Жду уже неделю');
    await customerWrites(server, 'general', 'Please refund my last order');
    otherQueue = await customerWrites(server, 'mnp', 'Хочу оплатить перенос номера', {
      sub: 'crm-9000',
      phone: '+7 916 555-44-33',
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('finds every word form of a Russian word, with the form that matched highlighted', async () => {
    // The SQLite index is filled by the search indexer after the commits: the first search may come early.
    const { status, body } = await eventually(async () => {
      const found = await search(server, queue1, 'оплатить', 'messages');
      expect(found.body.messages).toHaveLength(3);
      return found;
    });
    expect(status).toBe(200);
    expect(body.messages.map((m) => m.id).sort()).toEqual([...forms].sort());
    expect(body.messages.flatMap(highlighted).sort()).toEqual(['Оплата', 'оплатил', 'оплатить']);
    const past = await search(server, queue1, 'Оплатил', 'messages');
    expect(past.body.messages).toHaveLength(3);
  });

  it('stems English words too, and needs every word of the query', async () => {
    await server.services.searchIndexer.catchUp();
    const english = await search(server, admin, 'refunded', 'messages');
    expect(english.body.messages.map((m) => m.snippet.text)).toEqual(['Please refund my last order']);
    const both = await search(server, admin, 'оплатил заказ', 'messages');
    expect(both.body.messages.map((m) => m.id)).toEqual([ivan.messageId]);
  });

  it('orders by relevance before recency: a short message about the word before a newer long one', async () => {
    const short = await customerWrites(server, 'general', 'Квитанция');
    const long = await customerWrites(
      server,
      'general',
      'Добрый день, пришлите, пожалуйста, квитанцию за прошлый месяц на почту, бухгалтерия просит',
    );
    await server.services.searchIndexer.catchUp();
    const { body } = await search(server, queue1, 'квитанции', 'messages');
    expect(body.messages.map((m) => m.id)).toEqual([short.messageId, long.messageId]);
  });

  it('finds a customer by a phone in any spelling', async () => {
    for (const q of ['8 (927) 123-45-67', '+79271234567', '89271234567', '+7 927 123 45 67']) {
      const { status, body } = await search(server, queue1, q, 'customers');
      expect(status, q).toBe(200);
      expect(
        body.customers.map((c) => [c.caseId, c.matchedField]),
        q,
      ).toEqual([[ivan.caseId, 'phone']]);
      expect(highlighted(body.customers[0]!)).toEqual(['+79271234567']);
    }
  });

  it('finds a customer by e-mail (any case), by external id and by name', async () => {
    const email = await search(server, queue1, 'ivan.petrov@example.com', 'customers');
    expect(email.body.customers.map((c) => [c.caseId, c.matchedField])).toEqual([[ivan.caseId, 'email']]);
    const external = await search(server, queue1, 'user:crm-4711', 'customers');
    expect(external.body.customers.map((c) => [c.caseId, c.matchedField])).toEqual([
      [ivan.caseId, 'externalId'],
    ]);
    const name = await search(server, queue1, 'петров', 'customers');
    expect(name.body.customers.map((c) => c.caseId)).toEqual([ivan.caseId]);
    expect(highlighted(name.body.customers[0]!)).toEqual(['Петров']);
  });

  it('finds a case by its number, with or without #', async () => {
    for (const q of [`#${ivan.caseId}`, String(ivan.caseId)]) {
      const { body } = await search(server, queue1, q);
      expect(
        body.cases.map((c) => c.id),
        q,
      ).toEqual([ivan.caseId]);
    }
  });

  it('never shows what the caller may not see: an operator of another queue gets nothing', async () => {
    await server.services.searchIndexer.catchUp();
    const words = await search(server, queue2, 'оплатить');
    expect(words.body.messages.map((m) => m.id)).toEqual([otherQueue.messageId]);
    const phone = await search(server, queue2, '89271234567');
    expect(phone.body.customers).toEqual([]);
    const email = await search(server, queue2, 'ivan.petrov@example.com');
    expect(email.body.customers).toEqual([]);
    const byName = await search(server, queue2, 'Иван');
    expect(byName.body.customers).toEqual([]);
    const byNumber = await search(server, queue2, `#${ivan.caseId}`);
    expect(byNumber.body.cases).toEqual([]);
    // …and the other way round; a supervisor or admin sees both queues.
    const mine = await search(server, queue1, '+79165554433');
    expect(mine.body.customers).toEqual([]);
    const all = await search(server, admin, 'оплатить', 'messages');
    expect(all.body.messages).toHaveLength(4);
  });

  it('says when new messages are not indexed yet (SQLite indexes in the background; PostgreSQL at once)', async () => {
    await server.stop();
    const late = await customerWrites(server, 'general', 'Перезвоните насчёт абонемента');
    const meanwhile = await search(server, queue1, 'абонемент', 'messages');
    if (dialect === 'sqlite') {
      expect(meanwhile.body.messages).toEqual([]);
      expect(meanwhile.body.index.fresh).toBe(false);
      expect(meanwhile.body.index.pendingMessages).toBeGreaterThan(0);
    } else {
      expect(meanwhile.body.messages.map((m) => m.id)).toEqual([late.messageId]);
      expect(meanwhile.body.index).toEqual({ fresh: true, pendingMessages: 0 });
    }
    await server.start();
    const caughtUp = await eventually(async () => {
      const found = await search(server, queue1, 'абонемента', 'messages');
      expect(found.body.index.fresh).toBe(true);
      return found;
    });
    expect(caughtUp.body.messages.map((m) => m.id)).toEqual([late.messageId]);
  });

  it('answers 400 SEARCH_QUERY_INVALID for a blank, too long or wordless query', async () => {
    for (const q of ['', '   ', '!!! ???', 'а'.repeat(201)]) {
      const { status, body } = await search(server, queue1, q);
      expect(status, JSON.stringify(q)).toBe(400);
      expect(body.error?.code).toBe('SEARCH_QUERY_INVALID');
    }
    const kind = await search(server, queue1, 'заказ', 'everything');
    expect(kind.status).toBe(400);
  });
});
