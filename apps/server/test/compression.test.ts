import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAssets } from '../src/http/create-app.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const assets = defaultAssets(repoRoot);

function decode(encoding: string | undefined, body: Buffer): Buffer {
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  return body;
}

describe('compression and caching of the front-ends and JSON', () => {
  let server: TestServer;
  let bundle: string;
  beforeAll(async () => {
    if (
      !existsSync(join(assets.workspaceDir, 'index.html')) ||
      !existsSync(join(assets.widgetDir, 'widget.js'))
    )
      throw new Error(
        'build the front-ends first: npm run build -w apps/widget && npm run build -w apps/workspace',
      );
    const js = readdirSync(join(assets.workspaceDir, 'assets')).find((f) => /^index-.*\.js$/.test(f));
    if (!js) throw new Error('the workspace build has no hashed index-*.js');
    bundle = js;
    server = await startTestServer('sqlite', { workers: false, app: { assets } });
  });
  afterAll(async () => {
    await server?.close();
  });

  for (const encoding of ['br', 'gzip']) {
    it(`sends the hashed workspace bundle ${encoding}-encoded and immutable; decoded it is the file`, async () => {
      const res = await server.app.inject({
        method: 'GET',
        url: `/app/assets/${bundle}`,
        headers: { 'accept-encoding': `${encoding}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const raw = readFileSync(join(assets.workspaceDir, 'assets', bundle));
      expect(res.rawPayload.length).toBeLessThan(raw.length / 2);
      expect(decode(encoding, res.rawPayload).equals(raw)).toBe(true);
    });

    it(`sends widget.js ${encoding}-encoded, revalidated by ETag; decoded it is the file`, async () => {
      const res = await server.app.inject({
        method: 'GET',
        url: '/widget.js',
        headers: { 'accept-encoding': `gzip, deflate, br;q=${encoding === 'br' ? '1' : '0'}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      const raw = readFileSync(join(assets.widgetDir, 'widget.js'));
      expect(decode(encoding, res.rawPayload).equals(raw)).toBe(true);
      const etag = res.headers.etag;
      expect(typeof etag).toBe('string');
      const again = await server.app.inject({
        method: 'GET',
        url: '/widget.js',
        headers: {
          'accept-encoding': `gzip, deflate, br;q=${encoding === 'br' ? '1' : '0'}`,
          'if-none-match': String(etag),
        },
      });
      expect(again.statusCode).toBe(304);
    });
  }

  it('sends the app shell (index.html) with no-cache + ETag, and plain bytes to a client without compression', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/app/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(typeof res.headers.etag).toBe('string');
    expect(res.rawPayload.equals(readFileSync(join(assets.workspaceDir, 'index.html')))).toBe(true);
    const plainWidget = await server.app.inject({ method: 'GET', url: '/widget.js' });
    expect(plainWidget.headers['content-encoding']).toBeUndefined();
    expect(plainWidget.rawPayload.equals(readFileSync(join(assets.widgetDir, 'widget.js')))).toBe(true);
  });

  it('compresses JSON answers', async () => {
    const plain = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/openapi.json',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(decode('br', res.rawPayload).toString('utf8')).toBe(plain.body);
  });
});
