import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import fastifyStatic, { type SetHeadersResponse } from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The built front-ends served by the server. */
export interface AssetDirs {
  widgetDir: string;
  demoDir: string;
  workspaceDir: string;
}

/** Files whose name carries a content hash (Vite's `assets/` folder): they never change under one URL. */
export const immutableCache = 'public, max-age=31536000, immutable';
/** Files served under a stable URL (index.html, widget.js): the browser keeps them but asks every time (ETag). */
export const revalidateCache = 'no-cache';

/**
 * `setHeaders` for @fastify/static: the cache policy by path, and `Vary: Accept-Encoding` because the same URL
 * answers a `.br`/`.gz` sibling written at build time (scripts/precompress.mjs) or the plain file.
 */
function cacheHeaders(root: string) {
  return (res: SetHeadersResponse, path: string) => {
    const hashed = relative(root, path).startsWith(`assets${sep}`);
    res.setHeader('cache-control', hashed ? immutableCache : revalidateCache);
    res.setHeader('vary', 'Accept-Encoding');
  };
}

/**
 * Serves the workspace under `/app/`, `widget.js` and the widget demo, with the precompressed siblings the builds
 * write (brotli, gzip) and caching by kind of file. Folders that were not built are skipped.
 */
export async function serveAssets(app: FastifyInstance, assets: AssetDirs): Promise<void> {
  if (existsSync(assets.workspaceDir)) {
    await app.register(fastifyStatic, {
      root: assets.workspaceDir,
      prefix: '/app/',
      decorateReply: false,
      preCompressed: true,
      cacheControl: false,
      etag: true,
      setHeaders: cacheHeaders(assets.workspaceDir),
    });
    // Client-side routes fall back to the app shell.
    app.get('/app', (_req, reply) => reply.redirect('/app/'));
  }
  if (existsSync(resolve(assets.widgetDir, 'widget.js'))) {
    await app.register(async (scope) => {
      await scope.register(fastifyStatic, {
        root: assets.widgetDir,
        serve: false,
        decorateReply: true,
        preCompressed: true,
        cacheControl: false,
        etag: true,
        setHeaders: cacheHeaders(assets.widgetDir),
      });
      scope.get('/widget.js', { schema: { hide: true } }, (_req, reply) =>
        reply
          .header('access-control-allow-origin', '*')
          .type('application/javascript; charset=utf-8')
          .sendFile('widget.js'),
      );
    });
  }
  if (existsSync(assets.demoDir)) {
    await app.register(fastifyStatic, { root: assets.demoDir, prefix: '/demo/', decorateReply: false });
    app.get('/demo', (_req, reply) => reply.redirect('/demo/', 302));
  }
}
