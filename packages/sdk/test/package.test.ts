import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const sdkDir = resolve(import.meta.dirname, '..');
const dist = join(sdkDir, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const Manifest = z.object({
  name: z.string(),
  version: z.string().regex(/^\d+\.\d+\.\d+/),
  private: z.literal(false).optional(),
  type: z.literal('module'),
  types: z.string(),
  files: z.array(z.string()),
  exports: z.object({ '.': z.object({ types: z.string(), import: z.string() }) }),
  dependencies: z.record(z.string(), z.string()),
});
const Packed = z.array(z.object({ files: z.array(z.object({ path: z.string() })) }));
let consumerDir = '';

beforeAll(() => {
  execFileSync(process.execPath, [join(sdkDir, 'scripts/build.mjs')], { stdio: 'pipe' });
}, 60_000);
afterAll(() => {
  if (consumerDir) rmSync(consumerDir, { recursive: true, force: true });
});

/** `@frontline/sdk` as npm would publish it: built ESM + declarations, its own dependencies. */
describe('the published @frontline/sdk package', () => {
  it('is publishable: a version, not private, exports and types pointing into the packed files', () => {
    const manifest = Manifest.parse(JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')));
    const packed = Packed.parse(
      JSON.parse(
        execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
          cwd: sdkDir,
          encoding: 'utf8',
        }),
      ),
    );
    const files = packed[0]?.files.map((f) => f.path) ?? [];
    for (const entry of [manifest.types, manifest.exports['.'].types, manifest.exports['.'].import])
      expect(files).toContain(entry.replace(/^\.\//, ''));
    expect(files).toContain('README.md');
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('imports only its declared dependencies (no workspace-only package) from the built code and types', () => {
    const manifest = Manifest.parse(JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')));
    const bare = new Set<string>();
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))) {
      const text = readFileSync(join(dist, file), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1] ?? '';
        if (!spec.startsWith('.'))
          bare.add(
            spec
              .split('/')
              .slice(0, spec.startsWith('@') ? 2 : 1)
              .join('/'),
          );
        else expect(spec, `${file}: relative imports end in .js`).toMatch(/\.js$/);
      }
    }
    expect([...bare].sort()).toEqual(Object.keys(manifest.dependencies).sort());
  });

  it('runs as plain ESM and type-checks in a consumer project (node16 resolution)', async () => {
    const sdk: unknown = await import(pathToFileURL(join(dist, 'index.js')).href);
    const Exports = z.object({
      ChatClient: z.function(),
      fetchEntryPoints: z.function(),
      randomId: z.function(),
    });
    expect(Exports.safeParse(sdk).success).toBe(true);

    consumerDir = mkdtempSync(join(tmpdir(), 'sdk-consumer-'));
    mkdirSync(join(consumerDir, 'node_modules/@frontline'), { recursive: true });
    symlinkSync(sdkDir, join(consumerDir, 'node_modules/@frontline/sdk'));
    writeFileSync(join(consumerDir, 'package.json'), '{"type":"module"}');
    writeFileSync(
      join(consumerDir, 'main.ts'),
      [
        "import { ChatClient, type AsyncStorageLike, type ChatMessage } from '@frontline/sdk';",
        'declare const storage: AsyncStorageLike;',
        "const chat = new ChatClient({ baseUrl: 'https://support.example.com', entryPoint: 'general', storage, identityToken: async () => 'jwt' });",
        "chat.on('message', (m: ChatMessage) => console.log(m.text.toUpperCase(), m.status));",
        'const cursor: number = chat.cursor;',
        'console.log(cursor);',
      ].join('\n'),
    );
    const args = [
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--module',
      'node16',
      '--moduleResolution',
      'node16',
    ];
    const run = () =>
      execFileSync(process.execPath, [tsc, ...args, '--target', 'es2022', '--lib', 'es2023,dom', 'main.ts'], {
        cwd: consumerDir,
        encoding: 'utf8',
      });
    expect(run).not.toThrow();
  }, 60_000);
});
