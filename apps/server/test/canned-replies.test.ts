import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cannedReplyRequest as call,
  createCannedReply,
  listCannedReplies,
} from './support/canned-replies.ts';
import { errorCode } from './support/helpers.ts';
import { loginOfflineOperator, loginSupervisor } from './support/people.ts';
import { dialects, startTestServer, type LoggedIn, type TestServer } from './support/test-server.ts';

describe.each(dialects)('canned replies on %s', (dialect) => {
  let server: TestServer;
  let now: Date;
  let operator: LoggedIn;

  beforeEach(async () => {
    now = new Date('2026-12-02T08:00:00.000Z');
    server = await startTestServer(dialect, { workers: false, clock: { now: () => now } });
    operator = await loginOfflineOperator(server, 'anna@example.com', [1]);
  });
  afterEach(async () => {
    await server.close();
  });

  const auditOf = (action: string) =>
    server.store.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  it('creates, lists, changes and deletes a personal reply, each change audited', async () => {
    const created = await createCannedReply(server, operator, { shortcut: 'Roaming' });
    expect(created).toMatchObject({
      scope: 'personal',
      ownerId: operator.operatorId,
      queueId: null,
      shortcut: 'roaming', // stored in lower case
      language: 'ru',
      useCount: 0,
      lastUsedAt: null,
      editable: true,
      createdAt: now.toISOString(),
    });
    expect(await listCannedReplies(server, operator)).toEqual([created]);

    now = new Date('2026-12-02T08:05:00.000Z');
    const changed = await call(server, operator, 'PATCH', `/${created.id}`, {
      title: 'Роуминг за границей',
      body: 'Роуминг: Настройки → Связь.',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      id: created.id,
      title: 'Роуминг за границей',
      body: 'Роуминг: Настройки → Связь.',
      shortcut: 'roaming',
      updatedAt: now.toISOString(),
    });

    const deleted = await call(server, operator, 'DELETE', `/${created.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(await listCannedReplies(server, operator)).toEqual([]);
    const again = await call(server, operator, 'DELETE', `/${created.id}`);
    expect(again.statusCode).toBe(404);
    expect(errorCode(again)).toBe('CANNED_REPLY_NOT_FOUND');

    const [create] = await auditOf('canned_reply.create');
    expect(create).toMatchObject({
      actor_operator_id: operator.operatorId,
      target_type: 'canned_reply',
      target_id: String(created.id),
    });
    expect(JSON.parse(create!.details)).toMatchObject({ scope: 'personal', shortcut: 'roaming' });
    const [update] = await auditOf('canned_reply.update');
    expect(JSON.parse(update!.details)).toMatchObject({ changed: ['title', 'body'] });
    expect(await auditOf('canned_reply.delete')).toHaveLength(1);
  });

  it('counts each use and lists the most used first', async () => {
    const rarely = await createCannedReply(server, operator, { shortcut: 'hello', title: 'Привет' });
    const often = await createCannedReply(server, operator, { shortcut: 'bye', title: 'Пока' });
    expect((await listCannedReplies(server, operator)).map((r) => r.id)).toEqual([often.id, rarely.id]);

    now = new Date('2026-12-02T09:00:00.000Z');
    await Promise.all([1, 2, 3].map(() => call(server, operator, 'POST', `/${often.id}/use`)));
    const used = await call(server, operator, 'POST', `/${rarely.id}/use`);
    expect(used.statusCode, used.body).toBe(200);
    expect(used.json()).toMatchObject({ id: rarely.id, useCount: 1, lastUsedAt: now.toISOString() });

    const listed = await listCannedReplies(server, operator);
    expect(listed.map((r) => [r.shortcut, r.useCount])).toEqual([
      ['bye', 3],
      ['hello', 1],
    ]);
    // A use is not an administrative change: it is counted, not audited.
    expect(await auditOf('canned_reply.update')).toEqual([]);
  });

  it('keeps a shortcut unique per scope and language (409), not across them', async () => {
    await createCannedReply(server, operator, { shortcut: 'roaming', language: 'ru' });
    const duplicate = await call(server, operator, 'POST', '', {
      title: 'Другой',
      shortcut: 'ROAMING',
      body: 'Текст',
      language: 'ru',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(errorCode(duplicate)).toBe('CANNED_REPLY_SHORTCUT_TAKEN');
    expect(duplicate.json()).toMatchObject({ error: { details: { shortcut: 'roaming', language: 'ru' } } });

    const english = await createCannedReply(server, operator, {
      shortcut: 'roaming',
      language: 'en',
      title: 'Roaming',
      body: 'Roaming is in the app.',
    });
    // Another operator's personal one and a shared one may use the same shortcut.
    const colleague = await loginOfflineOperator(server, 'boris@example.com', [1]);
    await createCannedReply(server, colleague, { shortcut: 'roaming' });
    const supervisor = await loginSupervisor(server, 'sveta@example.com');
    await createCannedReply(server, supervisor, { scope: 'shared', shortcut: 'roaming' });

    const renamed = await call(server, operator, 'PATCH', `/${english.id}`, { language: 'ru' });
    expect(renamed.statusCode).toBe(409);
    expect(errorCode(renamed)).toBe('CANNED_REPLY_SHORTCUT_TAKEN');
    // Saving a reply unchanged is no conflict with itself.
    const same = await call(server, operator, 'PATCH', `/${english.id}`, { shortcut: 'roaming' });
    expect(same.statusCode, same.body).toBe(200);
  });

  it('answers bad input with 4xx and a stable code, never 5xx', async () => {
    const base = { title: 'T', shortcut: 'ok', body: 'B', language: 'ru' };
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...base, title: '' }, 'VALIDATION_FAILED'],
      [{ ...base, title: 'x'.repeat(101) }, 'VALIDATION_FAILED'],
      [{ ...base, shortcut: 'two words' }, 'VALIDATION_FAILED'],
      [{ ...base, shortcut: '/slash' }, 'VALIDATION_FAILED'],
      [{ ...base, shortcut: 'x'.repeat(33) }, 'VALIDATION_FAILED'],
      [{ ...base, body: '   ' }, 'VALIDATION_FAILED'],
      [{ ...base, body: 'x'.repeat(4001) }, 'VALIDATION_FAILED'],
      [{ ...base, language: 'de' }, 'VALIDATION_FAILED'],
      [{ ...base, scope: 'team' }, 'VALIDATION_FAILED'],
      [{ ...base, queueId: 1 }, 'VALIDATION_FAILED'], // a personal reply belongs to no queue
      [{ ...base, useCount: 99 }, 'VALIDATION_FAILED'], // the counter is not set by hand
      [{ ...base, language: undefined }, 'VALIDATION_FAILED'],
    ];
    for (const [payload, code] of bad) {
      const res = await call(server, operator, 'POST', '', payload);
      expect([res.statusCode, errorCode(res)], JSON.stringify(payload)).toEqual([400, code]);
    }
    const reply = await createCannedReply(server, operator);
    for (const payload of [{}, { title: '' }, { scope: 'shared' }, { useCount: 5 }]) {
      const res = await call(server, operator, 'PATCH', `/${reply.id}`, payload);
      expect([res.statusCode, errorCode(res)], JSON.stringify(payload)).toEqual([400, 'VALIDATION_FAILED']);
    }
    const personalToQueue = await call(server, operator, 'PATCH', `/${reply.id}`, { queueId: 1 });
    expect([personalToQueue.statusCode, errorCode(personalToQueue)]).toEqual([400, 'BAD_REQUEST']);
    for (const path of ['/abc', '/0', '/-1']) {
      const res = await call(server, operator, 'POST', `${path}/use`);
      expect([res.statusCode, errorCode(res)], path).toEqual([400, 'VALIDATION_FAILED']);
    }
    const query = await call(server, operator, 'GET', '?queueId=x');
    expect([query.statusCode, errorCode(query)]).toEqual([400, 'VALIDATION_FAILED']);
    const missing = await call(server, operator, 'POST', '/999999/use');
    expect([missing.statusCode, errorCode(missing)]).toEqual([404, 'CANNED_REPLY_NOT_FOUND']);

    const supervisor = await loginSupervisor(server, 'sveta@example.com');
    const noQueue = await call(server, supervisor, 'POST', '', { ...base, scope: 'shared', queueId: 999 });
    expect([noQueue.statusCode, errorCode(noQueue)]).toEqual([404, 'QUEUE_NOT_FOUND']);

    const anonymous = await server.app.inject({ method: 'GET', url: '/api/v1/canned-replies' });
    expect([anonymous.statusCode, errorCode(anonymous)]).toEqual([401, 'AUTH_REQUIRED']);
    const noCsrf = await server.app.inject({
      method: 'POST',
      url: '/api/v1/canned-replies',
      headers: { cookie: operator.cookie },
      payload: base,
    });
    expect([noCsrf.statusCode, errorCode(noCsrf)]).toEqual([403, 'CSRF_INVALID']);
  });
});
