// Builds dist/widget.js: ONE file, loader + app (IIFE, minified, ES2019), and enforces the size budget.
// Usage: node build.mjs  (exit 1 when the gzip size exceeds the budget)
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { precompress } from '../../scripts/precompress.mjs';

export const budgetBytes = 30 * 1024;
const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, 'dist', 'widget.js');

await build({
  entryPoints: [join(here, 'src', 'main.tsx')],
  outfile,
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2019',
  platform: 'browser',
  // Workspace packages resolve to their sources (packages/sdk exports them under this condition).
  conditions: ['frontline-source'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
});

const raw = readFileSync(outfile);
const gzip = gzipSync(raw, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`widget.js: ${kb(raw.length)} minified, ${kb(gzip)} gzip (${gzip} bytes; budget ${budgetBytes})`);
if (gzip > budgetBytes) {
  console.error(
    `widget.js is over its size budget by ${gzip - budgetBytes} bytes gzip: trim dependencies or code`,
  );
  process.exit(1);
}

// The server sends these with Content-Encoding (apps/server/src/http/serve-assets.ts).
precompress(join(here, 'dist'));
