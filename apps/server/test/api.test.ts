import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactedPaths } from '../src/lib/logger.ts';
import { errorCode } from './support/helpers.ts';
import { customerSends, startTestServer, startVisitor, type TestServer } from './support/test-server.ts';

describe('HTTP API surface (sqlite)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves a valid OpenAPI 3 document with the main paths', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const doc = JSON.parse(res.body) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    for (const p of [
      '/api/v1/cases',
      '/api/v1/chat/messages',
      '/api/v1/auth/login',
      '/api/v1/cases/{id}/messages',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
    expect(Object.keys(doc.paths['/api/v1/chat/messages'] ?? {})).toContain('post');
    expect(Object.keys(doc.components.securitySchemes)).toEqual(
      expect.arrayContaining(['session', 'visitorToken']),
    );
    // Hidden internals are not documented.
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
  });

  it('serves the API docs as HTML', async () => {
    let res = await server.app.inject({ method: 'GET', url: '/api/docs' });
    for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 3; hops++) {
      const location = String(res.headers.location);
      res = await server.app.inject({
        method: 'GET',
        url: new URL(location, 'http://localhost/api/docs/').pathname,
      });
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/<html/i);
    expect(res.body.toLowerCase()).toContain('swagger');
  });

  it('health and readiness', async () => {
    const health = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await server.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', store: 'sqlite' });
  });

  it('exposes Prometheus metrics for latency, inbound messages and waiting cases', async () => {
    const token = await startVisitor(server);
    await customerSends(server, token, 'metric me', 'metric-msg-0001');
    await customerSends(server, token, 'metric me', 'metric-msg-0001'); // duplicate: not counted twice
    await customerSends(server, await startVisitor(server, 'mnp'), 'another');
    const res = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const body = res.body;
    expect(body).toContain('# TYPE frontline_http_request_duration_seconds histogram');
    expect(body).toMatch(
      /frontline_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/chat\/messages",status="200"\} 3/,
    );
    expect(body).toContain('# TYPE frontline_messages_in_total counter');
    expect(body).toMatch(/frontline_messages_in_total\{channel="webchat"\} 2\n/);
    expect(body).toContain('# TYPE frontline_queue_waiting_cases gauge');
    // Nobody is online: both cases wait.
    expect(body).toContain('frontline_queue_waiting_cases{queue="General support (614)"} 1');
    expect(body).toContain('frontline_queue_waiting_cases{queue="Number portability (MNP)"} 1');
    expect(body).toContain('frontline_queue_waiting_cases{queue="Business clients (B2B)"} 0');
  });

  it('an unknown route → 404 NOT_FOUND as JSON', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(errorCode(res)).toBe('NOT_FOUND');
    expect(res.json<{ error: { message: string } }>().error.message).toBe('no route GET /api/v1/nope');
  });

  it('an invalid JSON body → 400 with a stable code', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.c", ',
    });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('BAD_REQUEST');
    const invalid = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'not-an-email', password: 'x' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(errorCode(invalid)).toBe('VALIDATION_FAILED');
    expect(
      invalid.json<{ error: { details: Array<{ path: string }> } }>().error.details.map((d) => d.path),
    ).toContain('/email');
  });

  it('every response carries X-Content-Type-Options: nosniff', async () => {
    for (const url of ['/healthz', '/api/v1/nope', '/api/v1/chat/entry-points']) {
      const res = await server.app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

describe('logger redaction', () => {
  function capture() {
    const lines: string[] = [];
    const logger = pino(
      { level: 'info', redact: { paths: redactedPaths, censor: '[redacted]' } },
      { write: (s: string) => void lines.push(s) },
    );
    return { logger, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  }

  it('covers passwords, cookies, authorization and tokens', () => {
    expect(redactedPaths).toEqual(
      expect.arrayContaining([
        'password',
        '*.password',
        'req.headers.cookie',
        'req.headers.authorization',
        'token',
        'visitorToken',
      ]),
    );
  });

  it('never writes a password, cookie, bearer token or visitor token', () => {
    const { logger, records } = capture();
    logger.info({ password: 'hunter2', email: 'a@example.com' }, 'login');
    logger.info({ body: { password: 'hunter3' }, visitorToken: 'vt-secret' }, 'nested');
    logger.info(
      { req: { headers: { cookie: 'fl_session=abc', authorization: 'Bearer xyz', host: 'h' } } },
      'request',
    );
    const out = JSON.stringify(records());
    for (const secret of ['hunter2', 'hunter3', 'vt-secret', 'fl_session=abc', 'Bearer xyz'])
      expect(out).not.toContain(secret);
    const [a, b, c] = records();
    expect(a).toMatchObject({ password: '[redacted]', email: 'a@example.com', msg: 'login' });
    expect(b).toMatchObject({ body: { password: '[redacted]' }, visitorToken: '[redacted]' });
    expect(c).toMatchObject({
      req: { headers: { cookie: '[redacted]', authorization: '[redacted]', host: 'h' } },
    });
  });
});
