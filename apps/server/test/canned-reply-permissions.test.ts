import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cannedReplyRequest as call,
  createCannedReply,
  listCannedReplies,
} from './support/canned-replies.ts';
import { errorCode } from './support/helpers.ts';
import { loginAdmin, loginOfflineOperator, loginSupervisor } from './support/people.ts';
import { dialects, startTestServer, type LoggedIn, type TestServer } from './support/test-server.ts';

describe.each(dialects)('who sees and changes canned replies on %s', (dialect) => {
  let server: TestServer;
  let anna: LoggedIn; // operator of queue 1
  let boris: LoggedIn; // operator of queue 2
  let supervisor: LoggedIn;

  beforeEach(async () => {
    server = await startTestServer(dialect, { workers: false });
    anna = await loginOfflineOperator(server, 'anna@example.com', [1]);
    boris = await loginOfflineOperator(server, 'boris@example.com', [2]);
    supervisor = await loginSupervisor(server, 'sveta@example.com');
  });
  afterEach(async () => {
    await server.close();
  });

  const shortcuts = (list: Array<{ shortcut: string }>) => list.map((r) => r.shortcut).sort();

  it('shows an operator the shared replies of their queues and of all queues, and their own personal ones', async () => {
    await createCannedReply(server, supervisor, { scope: 'shared', shortcut: 'everyone' });
    await createCannedReply(server, supervisor, { scope: 'shared', queueId: 1, shortcut: 'first' });
    await createCannedReply(server, supervisor, { scope: 'shared', queueId: 2, shortcut: 'second' });
    await createCannedReply(server, anna, { shortcut: 'annas' });
    await createCannedReply(server, boris, { shortcut: 'boriss' });

    expect(shortcuts(await listCannedReplies(server, anna))).toEqual(['annas', 'everyone', 'first']);
    expect(shortcuts(await listCannedReplies(server, boris))).toEqual(['boriss', 'everyone', 'second']);
    // Asking for another queue's replies does not widen what an operator sees.
    expect(shortcuts(await listCannedReplies(server, anna, '?queueId=2'))).toEqual(['annas', 'everyone']);
    // Supervisors and admins see every shared reply (they manage them), never others' personal ones.
    expect(shortcuts(await listCannedReplies(server, supervisor))).toEqual(['everyone', 'first', 'second']);
    const admin = await loginAdmin(server);
    expect(shortcuts(await listCannedReplies(server, admin, '?queueId=1'))).toEqual(['everyone', 'first']);
    expect(shortcuts(await listCannedReplies(server, admin, '?scope=shared&queueId=2'))).toEqual([
      'everyone',
      'second',
    ]);
    expect(shortcuts(await listCannedReplies(server, anna, '?scope=personal'))).toEqual(['annas']);
    // Joining a queue shows its replies (the rule reads the operator's queues on each request).
    const moved = await loginOfflineOperator(server, 'vera@example.com', [1, 2]);
    expect(shortcuts(await listCannedReplies(server, moved))).toEqual(['everyone', 'first', 'second']);
  });

  it('lets an operator use but not change, delete or create shared replies', async () => {
    const shared = await createCannedReply(server, supervisor, { scope: 'shared', queueId: 1 });
    const [listed] = await listCannedReplies(server, anna);
    expect(listed).toMatchObject({ id: shared.id, scope: 'shared', editable: false, ownerId: null });

    const change = await call(server, anna, 'PATCH', `/${shared.id}`, { title: 'Моё' });
    expect([change.statusCode, errorCode(change)]).toEqual([403, 'FORBIDDEN']);
    const remove = await call(server, anna, 'DELETE', `/${shared.id}`);
    expect([remove.statusCode, errorCode(remove)]).toEqual([403, 'FORBIDDEN']);
    const create = await call(server, anna, 'POST', '', {
      scope: 'shared',
      title: 'Общий',
      shortcut: 'mine',
      body: 'Текст',
      language: 'ru',
    });
    expect([create.statusCode, errorCode(create)]).toEqual([403, 'FORBIDDEN']);
    expect((await call(server, anna, 'POST', `/${shared.id}/use`)).json()).toMatchObject({ useCount: 1 });

    // A shared reply of a queue Boris is not in does not exist for him: 404, not 403.
    for (const [method, path] of [
      ['PATCH', `/${shared.id}`],
      ['DELETE', `/${shared.id}`],
      ['POST', `/${shared.id}/use`],
    ] as const) {
      const res = await call(server, boris, method, path, method === 'PATCH' ? { title: 'x' } : undefined);
      expect([res.statusCode, errorCode(res)], `${method} ${path}`).toEqual([404, 'CANNED_REPLY_NOT_FOUND']);
    }
    const [stored] = await listCannedReplies(server, supervisor);
    expect(stored).toMatchObject({ title: 'Роуминг', useCount: 1, editable: true });
  });

  it("never shows or lets anyone change another operator's personal reply", async () => {
    const annas = await createCannedReply(server, anna, { shortcut: 'annas' });
    const admin = await loginAdmin(server);
    for (const who of [boris, supervisor, admin]) {
      for (const [method, path] of [
        ['PATCH', `/${annas.id}`],
        ['DELETE', `/${annas.id}`],
        ['POST', `/${annas.id}/use`],
      ] as const) {
        const res = await call(server, who, method, path, method === 'PATCH' ? { body: 'x' } : undefined);
        expect([res.statusCode, errorCode(res)], `${method} ${path}`).toEqual([
          404,
          'CANNED_REPLY_NOT_FOUND',
        ]);
      }
      expect(await listCannedReplies(server, who)).toEqual([]);
    }
    expect(await listCannedReplies(server, anna)).toMatchObject([
      { id: annas.id, useCount: 0, editable: true },
    ]);
  });

  it('lets supervisors and admins create, move, change and delete shared replies, audited', async () => {
    const created = await createCannedReply(server, supervisor, { scope: 'shared', queueId: 1 });
    expect(created).toMatchObject({ scope: 'shared', queueId: 1, ownerId: null, editable: true });
    const moved = await call(server, supervisor, 'PATCH', `/${created.id}`, { queueId: 2 });
    expect(moved.json()).toMatchObject({ queueId: 2 });
    expect(shortcuts(await listCannedReplies(server, anna))).toEqual([]);
    expect(shortcuts(await listCannedReplies(server, boris))).toEqual(['roaming']);
    const admin = await loginAdmin(server);
    const everyone = await call(server, admin, 'PATCH', `/${created.id}`, { queueId: null, title: 'Всем' });
    expect(everyone.json()).toMatchObject({ queueId: null, title: 'Всем' });
    expect(shortcuts(await listCannedReplies(server, anna))).toEqual(['roaming']);
    const deleted = await call(server, admin, 'DELETE', `/${created.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(await listCannedReplies(server, boris)).toEqual([]);

    const audit = await server.store.db
      .selectFrom('audit_log')
      .select(['actor_operator_id', 'action'])
      .where('target_type', '=', 'canned_reply')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { actor_operator_id: supervisor.operatorId, action: 'canned_reply.create' },
      { actor_operator_id: supervisor.operatorId, action: 'canned_reply.update' },
      { actor_operator_id: admin.operatorId, action: 'canned_reply.update' },
      { actor_operator_id: admin.operatorId, action: 'canned_reply.delete' },
    ]);
  });
});
