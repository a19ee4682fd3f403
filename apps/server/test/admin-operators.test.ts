import type { AdminOperator, RoutingSettings, Skill } from '@frontline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCreate, adminRequest as call, auditRows } from './support/admin.ts';
import { errorCode } from './support/helpers.ts';
import { loginAdmin, loginOfflineOperator, loginSupervisor } from './support/people.ts';
import { dialects, startTestServer, type LoggedIn, type TestServer } from './support/test-server.ts';

describe.each(dialects)("operators' routing and the routing settings on %s", (dialect) => {
  let server: TestServer;
  let admin: LoggedIn;
  let supervisor: LoggedIn;
  let operator: LoggedIn;
  let english: Skill;

  beforeAll(async () => {
    server = await startTestServer(dialect, { workers: false });
    admin = await loginAdmin(server);
    supervisor = await loginSupervisor(server, 'sup@example.com');
    operator = await loginOfflineOperator(server, 'op@example.com', [1]);
    english = await adminCreate<Skill>(server, admin, '/skills', {
      slug: 'english',
      nameRu: 'Английский',
      nameEn: 'English',
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const published = () =>
    server.store.db
      .selectFrom('outbox_events')
      .select(['payload', 'operator_id'])
      .where('type', '=', 'operator.updated')
      .orderBy('id')
      .execute();

  it("sets an operator's role, queues, skills, capacity and channel limits; published and audited", async () => {
    const before = (await published()).length;
    const res = await call(server, admin, 'PATCH', `/operators/${operator.operatorId}`, {
      role: 'supervisor',
      queueIds: [2, 3],
      skills: [{ skillId: english.id, level: 4 }],
      capacity: 6,
      channelLimits: { webchat: 2, telegram: 1 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: operator.operatorId,
      role: 'supervisor',
      queueIds: [2, 3],
      skills: [{ skillId: english.id, level: 4 }],
      capacity: 6,
      channelLimits: { webchat: 2, telegram: 1 },
      disabled: false,
    });
    const events = await published();
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)!.operator_id).toBe(operator.operatorId);
    expect(JSON.parse(events.at(-1)!.payload)).toMatchObject({
      type: 'operator.updated',
      operator: { id: operator.operatorId, role: 'supervisor', queueIds: [2, 3], capacity: 6 },
    });
    const stored = await server.store.db
      .selectFrom('operator_skills')
      .selectAll()
      .where('operator_id', '=', operator.operatorId)
      .execute();
    expect(stored).toEqual([{ operator_id: operator.operatorId, skill_id: english.id, level: 4 }]);
    const [audit] = await auditRows(server, 'operator.update');
    expect(audit).toMatchObject({
      actor_operator_id: admin.operatorId,
      target_id: String(operator.operatorId),
    });
    expect(JSON.parse(audit!.details)).toMatchObject({
      changed: ['role', 'queueIds', 'skills', 'capacity', 'channelLimits'],
      before: { role: 'operator', queueIds: [1], skills: [], capacity: 3, channelLimits: {} },
      after: { role: 'supervisor', queueIds: [2, 3], capacity: 6 },
    });

    // Only what is sent changes.
    const back = await call(server, admin, 'PATCH', `/operators/${operator.operatorId}`, {
      role: 'operator',
    });
    expect(back.json()).toMatchObject({ role: 'operator', queueIds: [2, 3], capacity: 6 });
    const listed = await call(server, supervisor, 'GET', '/operators');
    expect(listed.statusCode).toBe(200);
    expect(listed.json<AdminOperator[]>().find((o) => o.id === operator.operatorId)).toMatchObject({
      skills: [{ skillId: english.id, level: 4 }],
      channelLimits: { webchat: 2, telegram: 1 },
    });
  });

  it('refuses unknown queues and skills (422), bad levels and channel kinds (400), unknown operators (404)', async () => {
    const path = `/operators/${operator.operatorId}`;
    const queue = await call(server, admin, 'PATCH', path, { queueIds: [1, 999] });
    expect(queue.statusCode).toBe(422);
    expect(queue.json()).toMatchObject({
      error: { code: 'ADMIN_REFERENCE_UNKNOWN', details: { field: 'queueIds', id: 999 } },
    });
    const skill = await call(server, admin, 'PATCH', path, { skills: [{ skillId: 999, level: 1 }] });
    expect(errorCode(skill)).toBe('ADMIN_REFERENCE_UNKNOWN');
    for (const bad of [
      { skills: [{ skillId: english.id, level: 0 }] },
      {
        skills: [
          { skillId: english.id, level: 1 },
          { skillId: english.id, level: 2 },
        ],
      },
      { channelLimits: { pigeon: 1 } },
      { capacity: -1 },
      { role: 'root' },
    ]) {
      const res = await call(server, admin, 'PATCH', path, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
    }
    expect(errorCode(await call(server, admin, 'PATCH', '/operators/9999', { capacity: 1 }))).toBe(
      'OPERATOR_NOT_FOUND',
    );
    // Nothing of the refused changes was stored.
    const now = (await call(server, admin, 'GET', '/operators')).json<AdminOperator[]>();
    expect(now.find((o) => o.id === operator.operatorId)).toMatchObject({ queueIds: [2, 3] });
  });

  it('an admin cannot take their own admin role (409), may change their own capacity', async () => {
    const self = `/operators/${admin.operatorId}`;
    const res = await call(server, admin, 'PATCH', self, { role: 'supervisor' });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('OPERATOR_OWN_ADMIN_ROLE');
    expect((await call(server, admin, 'PATCH', self, { role: 'admin', capacity: 4 })).statusCode).toBe(200);
  });

  it('operators may not read or change; supervisors may read only', async () => {
    expect((await call(server, operator, 'GET', '/operators')).statusCode).toBe(403);
    expect((await call(server, operator, 'GET', '/settings/routing')).statusCode).toBe(403);
    const change = await call(server, supervisor, 'PATCH', `/operators/${operator.operatorId}`, {
      capacity: 9,
    });
    expect(change.statusCode).toBe(403);
    expect(errorCode(change)).toBe('FORBIDDEN');
    expect((await call(server, supervisor, 'PUT', '/settings/routing', {})).statusCode).toBe(403);
    expect((await call(server, supervisor, 'GET', '/settings/routing')).statusCode).toBe(200);
  });

  it('API tokens: reading needs operators:read, changing operators:admin', async () => {
    const owner = (await server.services.operators.findById(admin.operatorId))!;
    const withScopes = async (scopes: ('operators:read' | 'operators:admin')[]) =>
      (await server.services.apiTokens.create(owner, { name: scopes.join(' '), scopes, expiresInDays: null }))
        .token;
    const inject = (token: string, method: 'GET' | 'POST', payload?: object) =>
      server.app.inject({
        method,
        url: '/api/v1/admin/skills',
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });
    const reader = await withScopes(['operators:read']);
    expect((await inject(reader, 'GET')).statusCode).toBe(200);
    const refused = await inject(reader, 'POST', { slug: 'by-token', nameRu: 'Т', nameEn: 'T' });
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('API_TOKEN_SCOPE_MISSING');
    const writer = await withScopes(['operators:admin']);
    expect((await inject(writer, 'POST', { slug: 'by-token', nameRu: 'Т', nameEn: 'T' })).statusCode).toBe(
      201,
    );
  });

  it('reads the routing defaults, replaces them, refuses bad ones with ROUTING_SETTINGS_INVALID', async () => {
    const defaults = await call(server, supervisor, 'GET', '/settings/routing');
    expect(defaults.json()).toMatchObject({
      agingSeconds: 60,
      stickyHours: 24,
      relaxAfterSeconds: [120, 300],
    });
    const put = await call(server, admin, 'PUT', '/settings/routing', {
      channelWeights: { telegram: 2 },
      agingSeconds: 30,
      languageSkills: { en: 'english' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ channelWeights: { telegram: 2 }, agingSeconds: 30, stickyHours: 24 });
    expect((await call(server, supervisor, 'GET', '/settings/routing')).json<RoutingSettings>()).toEqual(
      put.json(),
    );
    const [audit] = await auditRows(server, 'settings.routing.update');
    expect(JSON.parse(audit!.details)).toEqual({
      changed: ['channelWeights', 'agingSeconds', 'languageSkills'],
      before: { channelWeights: {}, agingSeconds: 60, languageSkills: {} },
      after: { channelWeights: { telegram: 2 }, agingSeconds: 30, languageSkills: { en: 'english' } },
    });

    const bad = await call(server, admin, 'PUT', '/settings/routing', {
      agingSeconds: -5,
      presenceGraceSeconds: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('ROUTING_SETTINGS_INVALID');
    expect(
      bad
        .json<{ error: { details: { path: string }[] } }>()
        .error.details.map((d) => d.path)
        .sort(),
    ).toEqual(['agingSeconds', 'presenceGraceSeconds']);
    const slug = await call(server, admin, 'PUT', '/settings/routing', {
      tagSkills: { vip: 'no-such-skill' },
    });
    expect(slug.statusCode).toBe(400);
    expect(slug.json()).toMatchObject({
      error: { code: 'ROUTING_SETTINGS_INVALID', details: [{ path: 'tagSkills.vip' }] },
    });
    expect((await call(server, supervisor, 'GET', '/settings/routing')).json()).toMatchObject({
      agingSeconds: 30,
    });
  });
});
