import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The operator workspace: only its own scripts, styles and connections; never framed. */
const workspacePolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The widget demo page: like a host site, it runs its inline embed snippet (allowed by hash) and the
 * widget, whose styles live in a `<style>` element inside its shadow root.
 */
function demoPolicy(scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptHashes.map((h) => `'${h}'`).join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** CSP hashes (`sha256-…`) of the inline scripts of an HTML file. */
function inlineScriptHashes(htmlFile: string): string[] {
  if (!existsSync(htmlFile)) return [];
  const html = readFileSync(htmlFile, 'utf8');
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) =>
      `sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}`,
  );
}

function pathOf(url: string): string {
  return url.split('?')[0] ?? '';
}

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * Security headers by area: a strict Content-Security-Policy on the workspace (`/app/`) and its own on
 * the widget demo (`/demo/`), `X-Frame-Options: DENY` and `Referrer-Policy: no-referrer` everywhere
 * except `widget.js`, which host sites on other origins load (`Cross-Origin-Resource-Policy:
 * cross-origin`), and the API docs UI; `Strict-Transport-Security` on HTTPS. A header a route set
 * itself (e.g. the file download's sandbox CSP) is kept.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { demoDir?: string } = {}): void {
  const demo = demoPolicy(options.demoDir ? inlineScriptHashes(resolve(options.demoDir, 'index.html')) : []);
  app.addHook('onSend', async (request, reply, payload) => {
    const path = pathOf(request.url);
    const set = (name: string, value: string) => {
      if (!reply.hasHeader(name)) void reply.header(name, value);
    };
    if (request.protocol === 'https') set('strict-transport-security', 'max-age=15552000');
    if (path === '/widget.js') {
      set('cross-origin-resource-policy', 'cross-origin');
      return payload;
    }
    if (under(path, '/api/docs')) return payload;
    set('x-frame-options', 'DENY');
    set('referrer-policy', 'no-referrer');
    if (under(path, '/app')) {
      set('content-security-policy', workspacePolicy);
      set('cross-origin-opener-policy', 'same-origin');
    } else if (under(path, '/demo')) {
      set('content-security-policy', demo);
    }
    return payload;
  });
}
