import { describe, expect, it } from 'vitest';
import { openWebChatCase } from './support/cases.ts';
import { postReply } from './support/replies.ts';
import { errorCode } from './support/helpers.ts';
import { authHeaders, dialects, loginAs, type TestServer } from './support/test-server.ts';
import { startServerForSuite } from './support/server-lifecycle.ts';

describe.each(dialects)('auth and roles on %s', (dialect) => {
  let server: TestServer;
  startServerForSuite(dialect, (s) => (server = s), { workers: false });

  const login = (email: string, password: string) =>
    server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  /** An operator of queue 1 with the password `test-operator-pass-1`, created without logging in. */
  const createOperator = (email: string, name: string) =>
    server.services.operators.create(
      { email, name, password: 'test-operator-pass-1', role: 'operator', capacity: 3, queueIds: [1] },
      null,
    );

  it('login sets an HttpOnly SameSite=Strict session cookie and returns the CSRF token', async () => {
    await createOperator('Login@Example.com', 'Login');
    const res = await login('login@example.com', 'test-operator-pass-1');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ csrfToken: string; operator: { email: string; role: string } }>();
    expect(body.operator).toMatchObject({ email: 'login@example.com', role: 'operator' });
    expect(body.csrfToken.length).toBeGreaterThan(20);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^fl_session=[^;]+/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    const cookie = res.cookies.find((c) => c.name === 'fl_session');
    expect(cookie?.httpOnly).toBe(true);
    // The database keeps only a hash of the token.
    const sessions = await server.store.db.selectFrom('sessions').select('id').execute();
    expect(sessions.map((s) => s.id)).not.toContain(cookie?.value);
    const me = await server.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `fl_session=${cookie?.value ?? ''}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ csrfToken: string }>().csrfToken).toBe(body.csrfToken);
  });

  it('wrong password and unknown e-mail give the same 401 AUTH_INVALID_CREDENTIALS and no cookie', async () => {
    await createOperator('wrongpw@example.com', 'W');
    const wrong = await login('wrongpw@example.com', 'test-operator-pass-2');
    const unknown = await login('nobody@example.com', 'test-operator-pass-1');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('AUTH_INVALID_CREDENTIALS');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(wrong.json<{ error: { message: string } }>().error.message).toBe(
      unknown.json<{ error: { message: string } }>().error.message,
    );
  });

  it('wrong passwords for one e-mail → soon 429 AUTH_RATE_LIMITED with Retry-After (other e-mails unaffected)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login('victim@example.com', `guess-${i}`)).statusCode);
    expect(statuses).toEqual(Array(6).fill(401));
    const next = await login('victim@example.com', 'guess-11');
    expect(next.statusCode).toBe(429);
    expect(errorCode(next)).toBe('AUTH_RATE_LIMITED');
    expect(Number(next.headers['retry-after'])).toBeGreaterThan(0);
    const other = await login('someone-else@example.com', 'x');
    expect(other.statusCode).toBe(401);
  });

  it('the login rate limit cannot be dodged by changing the e-mail case', async () => {
    for (let i = 0; i < 6; i++) expect((await login('casey@example.com', `guess-${i}`)).statusCode).toBe(401);
    for (const variant of ['CASEY@example.com', 'Casey@Example.Com']) {
      const res = await login(variant, 'guess-x');
      expect(res.statusCode).toBe(429);
      expect(errorCode(res)).toBe('AUTH_RATE_LIMITED');
    }
  });

  it('cookie-authenticated writes need the session CSRF token', async () => {
    const s = await loginAs(server, { email: 'csrf@example.com' });
    const put = (headers: Record<string, string>) =>
      server.app.inject({
        method: 'PUT',
        url: '/api/v1/operators/me/presence',
        headers,
        payload: { presence: 'online' },
      });
    const missing = await put({ cookie: s.cookie });
    expect(missing.statusCode).toBe(403);
    expect(errorCode(missing)).toBe('CSRF_INVALID');
    // One character off (never the token itself, whatever its last character is).
    const wrongLast = s.csrf.endsWith('x') ? 'y' : 'x';
    const wrong = await put({ cookie: s.cookie, 'x-csrf-token': `${s.csrf.slice(0, -1)}${wrongLast}` });
    expect(wrong.statusCode).toBe(403);
    expect(errorCode(wrong)).toBe('CSRF_INVALID');
    const other = await loginAs(server, { email: 'csrf-other@example.com' });
    const foreign = await put({ cookie: s.cookie, 'x-csrf-token': other.csrf });
    expect(errorCode(foreign)).toBe('CSRF_INVALID');
    const row = await server.store.db
      .selectFrom('operators')
      .select('presence')
      .where('id', '=', s.operatorId)
      .executeTakeFirstOrThrow();
    expect(row.presence).toBe('offline');
    const ok = await put(authHeaders(s));
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ presence: string }>().presence).toBe('online');
  });

  it('no cookie (or a forged one) → 401 AUTH_REQUIRED', async () => {
    for (const headers of [{}, { cookie: 'fl_session=forged' }]) {
      for (const url of ['/api/v1/cases', '/api/v1/auth/me', '/api/v1/operators']) {
        const res = await server.app.inject({ method: 'GET', url, headers });
        expect(res.statusCode).toBe(401);
        expect(errorCode(res)).toBe('AUTH_REQUIRED');
      }
    }
  });

  it('an operator sees only the cases, customers and timelines of their queues; supervisors see all', async () => {
    const op = await loginAs(server, { email: 'q1-op@example.com', queueIds: [1] });
    const sup = await loginAs(server, { email: 'sup@example.com', role: 'supervisor', queueIds: [] });
    const { caseId } = await openWebChatCase(server, { entryPoint: 'mnp', text: 'hello from queue 2' }); // queue 2
    const c = await server.store.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(c.queue_id).toBe(2);

    const get = (s: typeof op, url: string) =>
      server.app.inject({ method: 'GET', url, headers: authHeaders(s) });
    const one = await get(op, `/api/v1/cases/${caseId}`);
    expect(one.statusCode).toBe(404);
    expect(errorCode(one)).toBe('CASE_NOT_FOUND');
    // Indistinguishable from a case that does not exist.
    const none = await get(op, '/api/v1/cases/999999');
    expect(errorCode(none)).toBe('CASE_NOT_FOUND');
    const list = await get(op, '/api/v1/cases');
    expect(list.statusCode).toBe(200);
    expect(list.json<Array<{ id: number }>>().map((x) => x.id)).not.toContain(caseId);
    const customer = await get(op, `/api/v1/customers/${c.customer_id}`);
    expect(customer.statusCode).toBe(404);
    expect(errorCode(customer)).toBe('CUSTOMER_NOT_FOUND');
    const timeline = await get(op, `/api/v1/customers/${c.customer_id}/timeline`);
    expect(timeline.statusCode).toBe(404);
    expect(errorCode(timeline)).toBe('CUSTOMER_NOT_FOUND');
    const reply = await postReply(server, op, caseId, { text: 'hi' });
    expect(errorCode(reply)).toBe('CASE_NOT_FOUND');
    const resolve = await server.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/resolve`,
      headers: authHeaders(op),
    });
    expect(errorCode(resolve)).toBe('CASE_NOT_FOUND');

    expect((await get(sup, `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    expect((await get(sup, '/api/v1/cases')).json<Array<{ id: number }>>().map((x) => x.id)).toContain(
      caseId,
    );
    expect((await get(sup, `/api/v1/customers/${c.customer_id}`)).statusCode).toBe(200);
    const supTimeline = await get(sup, `/api/v1/customers/${c.customer_id}/timeline`);
    expect(supTimeline.json<Array<{ text: string }>>().map((m) => m.text)).toEqual(['hello from queue 2']);
  });

  it('only admins create operators; only supervisors and admins read the audit log', async () => {
    const op = await loginAs(server, { email: 'plain@example.com' });
    const sup = await loginAs(server, { email: 'sup2@example.com', role: 'supervisor' });
    const admin = await loginAs(server, { email: 'admin@example.com', role: 'admin' });
    const create = (s: typeof op, email: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/operators',
        headers: authHeaders(s),
        payload: { email, name: 'New', password: 'test-operator-pass-1', queueIds: [1] },
      });
    for (const s of [op, sup]) {
      const res = await create(s, 'should-not-exist@example.com');
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    expect(await server.services.operators.findByEmail('should-not-exist@example.com')).toBeUndefined();
    const created = await create(admin, 'new-op@example.com');
    expect(created.statusCode).toBe(201);
    expect(created.json<{ email: string; queueIds: number[] }>()).toMatchObject({
      email: 'new-op@example.com',
      queueIds: [1],
    });
    const dup = await create(admin, 'new-op@example.com');
    expect(dup.statusCode).toBe(409);
    expect(errorCode(dup)).toBe('OPERATOR_EXISTS');

    const audit = (s: typeof op) =>
      server.app.inject({ method: 'GET', url: '/api/v1/audit', headers: authHeaders(s) });
    const denied = await audit(op);
    expect(denied.statusCode).toBe(403);
    expect(errorCode(denied)).toBe('FORBIDDEN');
    for (const s of [sup, admin]) {
      const res = await audit(s);
      expect(res.statusCode).toBe(200);
      const rows = res.json<Array<{ action: string; actorOperatorId: number | null; targetId: string }>>();
      expect(rows.some((r) => r.action === 'operator.create' && r.actorOperatorId === admin.operatorId)).toBe(
        true,
      );
    }
  });

  it('logout ends the session: the old cookie no longer works', async () => {
    const s = await loginAs(server, { email: 'bye@example.com' });
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: authHeaders(s) }))
        .statusCode,
    ).toBe(200);
    const noCsrf = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie },
    });
    expect(errorCode(noCsrf)).toBe('CSRF_INVALID');
    const out = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: authHeaders(s),
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/fl_session=;/);
    const after = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: authHeaders(s) });
    expect(after.statusCode).toBe(401);
    expect(errorCode(after)).toBe('AUTH_REQUIRED');
    const sessions = await server.store.db
      .selectFrom('sessions')
      .select('id')
      .where('operator_id', '=', s.operatorId)
      .execute();
    expect(sessions).toHaveLength(0);
  });

  it('stores passwords as scrypt hashes, never in plain text', async () => {
    await loginAs(server, { email: 'hash@example.com' });
    const row = await server.store.db
      .selectFrom('operators')
      .select('password_hash')
      .where('email', '=', 'hash@example.com')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    expect(row.password_hash).not.toContain('test-operator-pass-1');
    const again = await server.store.db
      .selectFrom('operators')
      .select('password_hash')
      .where('email', '=', 'plain@example.com')
      .executeTakeFirstOrThrow();
    expect(again.password_hash).not.toBe(row.password_hash); // salted
  });

  it('ensureAdmin (first-admin bootstrap) is idempotent', async () => {
    expect(await server.services.operators.ensureAdmin('Boot@Example.com', 'boot-password-1')).toBe(
      'created',
    );
    expect(await server.services.operators.ensureAdmin('boot@example.com', 'other-password-2')).toBe(
      'exists',
    );
    const rows = await server.store.db
      .selectFrom('operators')
      .selectAll()
      .where('email', '=', 'boot@example.com')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.role).toBe('admin');
    const queues = await server.store.db.selectFrom('queues').select('id').execute();
    expect(await server.services.operators.queueIdsOf(rows[0]?.id ?? -1)).toEqual(
      queues.map((q) => q.id).sort((a, b) => a - b),
    );
    // The first password still works; the second call did not change it.
    expect((await login('boot@example.com', 'boot-password-1')).statusCode).toBe(200);
    expect((await login('boot@example.com', 'other-password-2')).statusCode).toBe(401);
  });
});
