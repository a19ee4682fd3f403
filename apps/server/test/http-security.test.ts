import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetricsServer } from '../src/http/start-metrics-server.ts';
import { errorCode, multipart, tinyPng } from './support/helpers.ts';
import { authHeaders, loginAs, startTestServer, type TestServer } from './support/test-server.ts';

const embedSnippet =
  "\n      var s = document.createElement('script'); s.src = '/widget.js'; document.body.appendChild(s);\n    ";

/** Built-looking front-ends in a temp folder: workspace shell, demo page with an inline snippet, widget. */
function fakeAssets() {
  const root = mkdtempSync(join(tmpdir(), 'frontline-assets-'));
  const dirs = {
    workspaceDir: join(root, 'ws'),
    demoDir: join(root, 'demo'),
    widgetDir: join(root, 'widget'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d);
  writeFileSync(
    join(dirs.workspaceDir, 'index.html'),
    '<!doctype html><div id="root"></div><script type="module" src="/app/a.js"></script>',
  );
  writeFileSync(
    join(dirs.demoDir, 'index.html'),
    `<!doctype html><p>demo</p><script>${embedSnippet}</script>`,
  );
  writeFileSync(join(dirs.widgetDir, 'widget.js'), 'console.log("widget")');
  return { root, dirs };
}

describe('security headers and CORS', () => {
  let server: TestServer;
  const assets = fakeAssets();
  beforeAll(async () => {
    server = await startTestServer('sqlite', { workers: false, app: { assets: assets.dirs } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(assets.root, { recursive: true, force: true });
  });
  const get = (url: string, headers: Record<string, string> = {}) =>
    server.app.inject({ method: 'GET', url, headers });

  it('the workspace gets a strict CSP, no framing, nosniff and no referrer', async () => {
    const res = await get('/app/');
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ])
      expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('the demo page allows exactly its own inline embed snippet (by hash) and the widget’s styles', async () => {
    const res = await get('/demo/');
    expect(res.statusCode).toBe(200);
    const hash = createHash('sha256').update(embedSnippet).digest('base64');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('widget.js stays loadable from any site', async () => {
    const res = await get('/widget.js', { origin: 'https://shop.example' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).toBeUndefined();
  });

  it('a downloaded file keeps its own sandbox CSP', async () => {
    const op = await loginAs(server, { email: 'headers@example.com' });
    const file = multipart('dot.png', tinyPng());
    const up = await server.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { ...authHeaders(op), ...file.headers },
      payload: file.payload,
    });
    const url = up.json<{ url: string }>().url;
    const res = await get(
      new URL(url, 'http://localhost').pathname + new URL(url, 'http://localhost').search,
    );
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-security-policy'])).toContain('sandbox');
  });

  it('HTTPS (through a trusted proxy) adds Strict-Transport-Security; plain HTTP does not', async () => {
    expect((await get('/healthz')).headers['strict-transport-security']).toBeUndefined();
    const proxied = await startTestServer('sqlite', { workers: false, env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const res = await proxied.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await proxied.close();
    }
  });

  const preflight = (url: string) =>
    server.app.inject({
      method: 'OPTIONS',
      url,
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-csrf-token',
      },
    });

  it('operator routes answer no CORS preflight (no Access-Control-Allow-Origin)', async () => {
    for (const url of ['/api/v1/cases', '/api/v1/auth/login', '/api/v1/operators/1', '/api/v1/channels']) {
      const res = await preflight(url);
      expect(res.headers['access-control-allow-origin'], url).toBeUndefined();
      expect(res.headers['access-control-allow-methods'], url).toBeUndefined();
      expect(res.statusCode, url).toBe(404);
    }
    const me = await get('/api/v1/auth/me', { origin: 'https://evil.example' });
    expect(me.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('the customer chat API stays cross-origin (preflight and requests), without credentials', async () => {
    const res = await preflight('/api/v1/chat/messages');
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const entry = await get('/api/v1/chat/entry-points', { origin: 'https://shop.example' });
    expect(entry.statusCode).toBe(200);
    expect(entry.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('/metrics access', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  async function start(env: Record<string, string> = {}) {
    const s = await startTestServer('sqlite', { workers: false, env });
    servers.push(s);
    return s;
  }
  const scrape = (s: TestServer, remoteAddress: string, headers: Record<string, string> = {}) =>
    s.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });

  it('by default only loopback clients that did not come through a proxy may read it', async () => {
    const s = await start();
    const local = await scrape(s, '127.0.0.1');
    expect(local.statusCode).toBe(200);
    expect(local.body).toContain('frontline_http_request_duration_seconds');
    const remote = await scrape(s, '203.0.113.9');
    expect(remote.statusCode).toBe(403);
    expect(errorCode(remote)).toBe('FORBIDDEN');
    expect(remote.body).toContain('METRICS_TOKEN');
    // A reverse proxy on the same host relays the public: not local.
    expect((await scrape(s, '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(403);
  });

  it('METRICS_TOKEN: a bearer token is required, from anywhere', async () => {
    const s = await start({ METRICS_TOKEN: 'metrics-token-0123456789' });
    const none = await scrape(s, '127.0.0.1');
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(
      (await scrape(s, '203.0.113.9', { authorization: 'Bearer wrong-token-0123456789' })).statusCode,
    ).toBe(401);
    const ok = await scrape(s, '203.0.113.9', { authorization: 'Bearer metrics-token-0123456789' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('frontline_');
  });

  it('METRICS_PORT: served on its own (loopback) listener only, behind the token when set', async () => {
    const s = await start({ METRICS_PORT: '0', METRICS_TOKEN: 'metrics-token-0123456789' });
    expect(
      (await scrape(s, '127.0.0.1', { authorization: 'Bearer metrics-token-0123456789' })).statusCode,
    ).toBe(404);
    const listener = await startMetricsServer({
      metrics: s.services.metrics,
      settings: s.config.metrics,
      logger: s.services.logger,
    });
    try {
      const url = `http://127.0.0.1:${listener.port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('frontline_queue_waiting_cases');
      expect((await fetch(`http://127.0.0.1:${listener.port}/api/v1/cases`)).status).toBe(404);
    } finally {
      await listener.close();
    }
    expect(s.config.metrics.host).toBe('127.0.0.1');
  });
});
