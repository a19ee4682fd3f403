import { createHash } from 'node:crypto';
import type { ApiToken, CreatedApiToken } from '@frontline/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWebChatCase } from './support/cases.ts';
import { loginAdmin, loginOnlineOperator } from './support/people.ts';
import { errorCode } from './support/helpers.ts';
import {
  authHeaders,
  dialects,
  startTestServer,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';

describe.each(dialects)('API tokens on %s', (dialect) => {
  let server: TestServer;
  let now: Date;
  let operator: LoggedIn;
  let admin: LoggedIn;

  beforeEach(async () => {
    now = new Date('2026-12-01T10:00:00.000Z');
    server = await startTestServer(dialect, { clock: { now: () => now } });
    operator = await loginOnlineOperator(server, 'script-op@example.com', [1]);
    admin = await loginAdmin(server);
  });
  afterEach(async () => {
    await server.close();
  });

  async function createToken(
    who: LoggedIn,
    body: Record<string, unknown>,
  ): Promise<{ status: number; token: CreatedApiToken; raw: string }> {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: authHeaders(who),
      payload: body,
    });
    return { status: res.statusCode, token: res.json<CreatedApiToken>(), raw: res.body };
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  /** A request made with an API token instead of a session. */
  const withToken = (token: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    server.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

  it('is shown once, kept only as its SHA-256, and works as a bearer token without cookie or CSRF', async () => {
    const { status, token } = await createToken(operator, {
      name: 'CRM sync',
      scopes: ['cases:read', 'cases:write'],
    });
    expect(status).toBe(201);
    expect(token.token).toMatch(/^fl_[A-Za-z0-9_-]{43}$/);
    expect(token.token.startsWith(token.prefix)).toBe(true);
    expect(token.prefix).toHaveLength(11);
    const rows = await server.store.db.selectFrom('api_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(token.token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token.token);
    const list = await server.app.inject({
      method: 'GET',
      url: '/api/v1/auth/tokens',
      headers: authHeaders(operator),
    });
    expect(list.json<ApiToken[]>()).toMatchObject([{ id: token.id, name: 'CRM sync', lastUsedAt: null }]);
    expect(list.body).not.toContain(token.token);

    await openWebChatCase(server, { text: 'Нужна помощь' });
    const cases = await withToken(token.token, 'GET', '/api/v1/cases');
    expect(cases.statusCode, cases.body).toBe(200);
    const [first] = cases.json<Array<{ id: number }>>();
    expect(first).toBeDefined();
    const reply = await withToken(token.token, 'POST', `/api/v1/cases/${first!.id}/messages`, {
      clientMsgId: 'script-1',
      text: 'Ответ из CRM',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const used = await server.store.db
      .selectFrom('api_tokens')
      .select('last_used_at')
      .executeTakeFirstOrThrow();
    expect(used.last_used_at).toBe(now.toISOString());
  });

  it('is refused outside its scopes (403) and never gets more than the role allows', async () => {
    const { token } = await createToken(operator, { name: 'read only', scopes: ['cases:read'] });
    await openWebChatCase(server, { text: 'Привет' });
    const [c] = (await withToken(token.token, 'GET', '/api/v1/cases')).json<Array<{ id: number }>>();
    const write = await withToken(token.token, 'POST', `/api/v1/cases/${c!.id}/resolve`);
    expect(write.statusCode).toBe(403);
    expect(errorCode(write)).toBe('API_TOKEN_SCOPE_MISSING');
    const audit = await withToken(token.token, 'GET', '/api/v1/audit');
    expect(audit.statusCode).toBe(403);
    expect(errorCode(audit)).toBe('FORBIDDEN');
    // A token cannot manage tokens.
    const more = await withToken(token.token, 'POST', '/api/v1/auth/tokens', {
      name: 'escalate',
      scopes: ['cases:write'],
    });
    expect(more.statusCode).toBe(403);
    expect(errorCode(more)).toBe('API_TOKEN_SCOPE_MISSING');

    const beyond = await createToken(operator, {
      name: 'too much',
      scopes: ['cases:read', 'channels:admin'],
    });
    expect(beyond.status).toBe(403);
    expect(beyond.raw).toContain('channels:admin');
    expect(await server.store.db.selectFrom('api_tokens').select('id').execute()).toHaveLength(1);

    const adminToken = await createToken(admin, { name: 'ops', scopes: ['channels:admin'] });
    expect(adminToken.status).toBe(201);
    const channels = await withToken(adminToken.token.token, 'GET', '/api/v1/channels');
    expect(channels.statusCode, channels.body).toBe(200);
    // Demoted: the token keeps its scopes on paper but the role decides.
    await server.store.db
      .updateTable('operators')
      .set({ role: 'operator' })
      .where('id', '=', admin.operatorId)
      .execute();
    const demoted = await withToken(adminToken.token.token, 'GET', '/api/v1/channels');
    expect(demoted.statusCode).toBe(403);
  });

  it('is refused (401) once revoked, expired, unknown, or when its owner is disabled; creation and revocation are audited', async () => {
    const revoked = await createToken(operator, { name: 'old', scopes: ['cases:read'] });
    const res = await server.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/tokens/${revoked.token.id}`,
      headers: authHeaders(operator),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<ApiToken>().revokedAt).toBe(now.toISOString());
    const afterRevoke = await withToken(revoked.token.token, 'GET', '/api/v1/cases');
    expect(afterRevoke.statusCode).toBe(401);
    expect(errorCode(afterRevoke)).toBe('API_TOKEN_INVALID');
    const otherUsers = await server.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/tokens/${revoked.token.id}`,
      headers: authHeaders(admin),
    });
    expect(otherUsers.statusCode).toBe(404);
    expect(errorCode(otherUsers)).toBe('API_TOKEN_NOT_FOUND');

    const expiring = await createToken(operator, { name: 'week', scopes: ['cases:read'], expiresInDays: 7 });
    const live = await createToken(operator, { name: 'live', scopes: ['cases:read'] });
    expect(live.status).toBe(201);
    expect(expiring.token.expiresAt).toBe('2026-12-08T10:00:00.000Z');
    const ok = await withToken(expiring.token.token, 'GET', '/api/v1/cases');
    expect(ok.statusCode).toBe(200);
    now = new Date('2026-12-08T10:00:01.000Z');
    const expired = await withToken(expiring.token.token, 'GET', '/api/v1/cases');
    expect(expired.statusCode).toBe(401);
    expect(errorCode(expired)).toBe('API_TOKEN_INVALID');

    await server.store.db
      .updateTable('operators')
      .set({ disabled: 1 })
      .where('id', '=', operator.operatorId)
      .execute();
    const disabled = await withToken(live.token.token, 'GET', '/api/v1/cases');
    expect(disabled.statusCode).toBe(401);
    expect(errorCode(disabled)).toBe('API_TOKEN_INVALID');
    for (const forged of ['fl_not-a-real-token', 'something-else']) {
      const r = await withToken(forged, 'GET', '/api/v1/cases');
      expect(r.statusCode).toBe(401);
    }

    const actions = await server.store.db
      .selectFrom('audit_log')
      .select(['action', 'target_id', 'details'])
      .where('action', 'like', 'api_token.%')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'api_token.create',
      'api_token.revoke',
      'api_token.create',
      'api_token.create',
    ]);
    expect(JSON.stringify(actions)).not.toContain(revoked.token.token);
  });
});
