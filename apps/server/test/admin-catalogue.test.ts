import type {
  AdminBusinessHours,
  AdminEntryPoint,
  AdminQueue,
  AdminSlaPolicy,
  Skill,
} from '@frontline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCreate, adminRequest as call, auditRows } from './support/admin.ts';
import { errorCode } from './support/helpers.ts';
import { loginAdmin, loginOfflineOperator, loginSupervisor } from './support/people.ts';
import { dialects, startTestServer, type LoggedIn, type TestServer } from './support/test-server.ts';

describe.each(dialects)('ACD administration: skills, queues, entry points on %s', (dialect) => {
  let server: TestServer;
  let admin: LoggedIn;
  let supervisor: LoggedIn;
  let operator: LoggedIn;

  beforeAll(async () => {
    server = await startTestServer(dialect, { workers: false });
    admin = await loginAdmin(server);
    supervisor = await loginSupervisor(server, 'sup@example.com');
    operator = await loginOfflineOperator(server, 'op@example.com', [1]);
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates, lists, renames and deletes skills; a taken slug is 409 SKILL_SLUG_TAKEN; all audited', async () => {
    const skill = await adminCreate<Skill>(server, admin, '/skills', {
      slug: 'english',
      nameRu: 'Английский',
      nameEn: 'English',
    });
    expect(skill).toMatchObject({ slug: 'english', nameRu: 'Английский', nameEn: 'English' });
    const clash = await call(server, admin, 'POST', '/skills', { slug: 'english', nameRu: 'А', nameEn: 'E' });
    expect(clash.statusCode).toBe(409);
    expect(errorCode(clash)).toBe('SKILL_SLUG_TAKEN');
    const other = await adminCreate<Skill>(server, admin, '/skills', {
      slug: 'vip',
      nameRu: 'VIP',
      nameEn: 'VIP',
    });
    const renameClash = await call(server, admin, 'PATCH', `/skills/${other.id}`, { slug: 'english' });
    expect(errorCode(renameClash)).toBe('SKILL_SLUG_TAKEN');
    const renamed = await call(server, admin, 'PATCH', `/skills/${skill.id}`, { nameEn: 'English language' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ id: skill.id, slug: 'english', nameEn: 'English language' });
    const listed = await call(server, supervisor, 'GET', '/skills');
    expect(listed.statusCode).toBe(200);
    expect(listed.json<Skill[]>().map((s) => s.slug)).toEqual(['english', 'vip']);
    expect((await call(server, admin, 'DELETE', `/skills/${other.id}`)).statusCode).toBe(204);
    const gone = await call(server, admin, 'DELETE', `/skills/${other.id}`);
    expect(gone.statusCode).toBe(404);
    expect(errorCode(gone)).toBe('SKILL_NOT_FOUND');
    const bad = await call(server, admin, 'POST', '/skills', { slug: 'Has Space', nameRu: 'x', nameEn: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('VALIDATION_FAILED');

    const [create] = await auditRows(server, 'skill.create');
    expect(create).toMatchObject({
      actor_operator_id: admin.operatorId,
      target_type: 'skill',
      target_id: String(skill.id),
    });
    expect(JSON.parse(create!.details)).toEqual({ slug: 'english' });
    const [update] = await auditRows(server, 'skill.update');
    expect(JSON.parse(update!.details)).toEqual({ changed: ['nameEn'] });
    expect(await auditRows(server, 'skill.delete')).toHaveLength(1);
  });

  it('creates and renames queues; refuses to delete one with cases or entry points (409 QUEUE_IN_USE)', async () => {
    const queue = await adminCreate<AdminQueue>(server, admin, '/queues', {
      nameRu: 'Роуминг',
      nameEn: 'Roaming',
    });
    expect(queue).toMatchObject({
      name: 'Roaming',
      nameRu: 'Роуминг',
      nameEn: 'Roaming',
      cases: 0,
      entryPoints: 0,
    });
    const twice = await call(server, admin, 'POST', '/queues', { nameRu: 'Р', nameEn: 'Roaming' });
    expect(errorCode(twice)).toBe('QUEUE_NAME_TAKEN');
    const renamed = await call(server, admin, 'PATCH', `/queues/${queue.id}`, { nameRu: 'Роуминг и связь' });
    expect(renamed.json()).toMatchObject({ name: 'Roaming', nameRu: 'Роуминг и связь', nameEn: 'Roaming' });

    // A seeded queue has its entry point: refused, and it stays.
    const seeded = await call(server, admin, 'DELETE', '/queues/1');
    expect(seeded.statusCode).toBe(409);
    expect(errorCode(seeded)).toBe('QUEUE_IN_USE');
    expect(seeded.json()).toMatchObject({ error: { details: { entryPoints: 1 } } });
    const list = await call(server, supervisor, 'GET', '/queues');
    expect(list.json<AdminQueue[]>().map((q) => q.id)).toEqual([1, 2, 3, queue.id]);

    expect((await call(server, admin, 'DELETE', `/queues/${queue.id}`)).statusCode).toBe(204);
    expect(errorCode(await call(server, admin, 'PATCH', `/queues/${queue.id}`, { nameEn: 'x' }))).toBe(
      'QUEUE_NOT_FOUND',
    );
    expect((await auditRows(server, 'queue.create')).map((r) => r.target_id)).toEqual([String(queue.id)]);
    expect(JSON.parse((await auditRows(server, 'queue.update'))[0]!.details)).toMatchObject({
      changed: ['nameRu'],
    });
    expect(await auditRows(server, 'queue.delete')).toHaveLength(1);
  });

  it('creates and changes entry points with skills, priority, SLA, hours, pre-chat; unknown ids are 422', async () => {
    const skill = await adminCreate<Skill>(server, admin, '/skills', {
      slug: 'sim',
      nameRu: 'SIM',
      nameEn: 'SIM',
    });
    const policy = await adminCreate<AdminSlaPolicy>(server, admin, '/sla-policies', {
      name: 'Standard',
      firstResponseSeconds: 300,
    });
    const hours = await adminCreate<AdminBusinessHours>(server, admin, '/business-hours', {
      name: 'Office',
      timeZone: 'Europe/Moscow',
      weekly: { mon: [['09:00', '18:00']] },
    });
    const entry = await adminCreate<AdminEntryPoint>(server, admin, '/entry-points', {
      slug: 'sim-cards',
      nameRu: 'SIM-карты',
      nameEn: 'SIM cards',
      queueId: 2,
      skills: [{ skillId: skill.id, level: 3 }],
      priority: 5,
      slaPolicyId: policy.id,
      businessHoursId: hours.id,
      outOfHoursRu: 'Мы откроемся в 9:00',
      outOfHoursEn: 'We open at 9:00',
      preChatFields: [{ key: 'phone', required: true }, { key: 'name' }],
      reopenWindowHours: 12,
    });
    expect(entry).toMatchObject({
      slug: 'sim-cards',
      queueId: 2,
      skills: [{ skillId: skill.id, level: 3 }],
      priority: 5,
      slaPolicyId: policy.id,
      businessHoursId: hours.id,
      outOfHoursEn: 'We open at 9:00',
      preChatFields: [
        { key: 'phone', required: true },
        { key: 'name', required: false },
      ],
      reopenWindowHours: 12,
    });
    // The widget reads the same row: the entry point and its form are live.
    const stored = await server.store.db
      .selectFrom('entry_points')
      .select('pre_chat_fields')
      .where('id', '=', entry.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.pre_chat_fields!)).toEqual([
      { key: 'phone', required: true },
      { key: 'name', required: false },
    ]);

    const moved = await call(server, admin, 'PATCH', `/entry-points/${entry.id}`, {
      queueId: 3,
      skills: [],
      slaPolicyId: null,
      preChatFields: [],
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      queueId: 3,
      skills: [],
      slaPolicyId: null,
      preChatFields: [],
      priority: 5,
    });
    const [audit] = await auditRows(server, 'entry_point.update');
    expect(JSON.parse(audit!.details)).toMatchObject({
      changed: ['queueId', 'skills', 'slaPolicyId', 'preChatFields'],
      before: { queueId: 2, slaPolicyId: policy.id },
      after: { queueId: 3, slaPolicyId: null },
    });

    for (const [change, field] of [
      [{ queueId: 999 }, 'queueId'],
      [{ skills: [{ skillId: 999, level: 1 }] }, 'skills'],
      [{ slaPolicyId: 999 }, 'slaPolicyId'],
      [{ businessHoursId: 999 }, 'businessHoursId'],
    ] as const) {
      const res = await call(server, admin, 'PATCH', `/entry-points/${entry.id}`, change);
      expect(res.statusCode, field).toBe(422);
      expect(res.json(), field).toMatchObject({
        error: { code: 'ADMIN_REFERENCE_UNKNOWN', details: { field } },
      });
    }
    const taken = await call(server, admin, 'PATCH', `/entry-points/${entry.id}`, { slug: 'general' });
    expect(errorCode(taken)).toBe('ENTRY_POINT_SLUG_TAKEN');
    const level = await call(server, admin, 'PATCH', `/entry-points/${entry.id}`, {
      skills: [{ skillId: skill.id, level: 6 }],
    });
    expect(errorCode(level)).toBe('VALIDATION_FAILED');
    const twice = await call(server, admin, 'PATCH', `/entry-points/${entry.id}`, {
      preChatFields: [{ key: 'name' }, { key: 'name' }],
    });
    expect(errorCode(twice)).toBe('VALIDATION_FAILED');
    const missing = await call(server, admin, 'PATCH', '/entry-points/999', { priority: 1 });
    expect(errorCode(missing)).toBe('ENTRY_POINT_NOT_FOUND');

    // Deleting the hours leaves the entry point always open.
    expect((await call(server, admin, 'DELETE', `/business-hours/${hours.id}`)).statusCode).toBe(204);
    const after = (await call(server, supervisor, 'GET', '/entry-points')).json<AdminEntryPoint[]>();
    expect(after.find((e) => e.id === entry.id)).toMatchObject({ businessHoursId: null });
    expect(after.map((e) => e.slug)).toEqual(['general', 'mnp', 'b2b', 'sim-cards']);
    expect(await auditRows(server, 'entry_point.create')).toHaveLength(1);
  });

  it('operators get 403 everywhere; supervisors read but cannot change', async () => {
    const valid: Record<string, object> = {
      '/skills': { slug: 'nope', nameRu: 'Нет', nameEn: 'No' },
      '/queues': { nameRu: 'Нет', nameEn: 'No' },
      '/entry-points': { slug: 'nope', nameRu: 'Нет', nameEn: 'No', queueId: 1 },
      '/sla-policies': { name: 'No' },
      '/business-hours': { name: 'No', timeZone: 'UTC', weekly: {} },
    };
    for (const [path, body] of Object.entries(valid)) {
      const read = await call(server, operator, 'GET', path);
      expect(read.statusCode, path).toBe(403);
      expect(errorCode(read)).toBe('FORBIDDEN');
      expect((await call(server, supervisor, 'GET', path)).statusCode, path).toBe(200);
      expect((await call(server, operator, 'POST', path, body)).statusCode, path).toBe(403);
      const write = await call(server, supervisor, 'POST', path, body);
      expect(write.statusCode, path).toBe(403);
      expect(errorCode(write)).toBe('FORBIDDEN');
      expect((await call(server, supervisor, 'PATCH', `${path}/1`, body)).statusCode, path).toBe(403);
    }
    expect((await call(server, supervisor, 'DELETE', '/skills/1')).statusCode).toBe(403);
    expect((await call(server, supervisor, 'DELETE', '/queues/1')).statusCode).toBe(403);
    expect(await auditRows(server, 'skill.delete')).toHaveLength(1);
  });
});
