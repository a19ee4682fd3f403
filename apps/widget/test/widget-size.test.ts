import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const widgetDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const budgetBytes = 30 * 1024;
let bundle = '';

beforeAll(() => {
  execFileSync(process.execPath, [join(widgetDir, 'build.mjs')], { cwd: widgetDir, stdio: 'pipe' });
  bundle = readFileSync(join(widgetDir, 'dist', 'widget.js'), 'utf8');
}, 60_000);

describe('widget.js', () => {
  it(`is at most ${budgetBytes} bytes gzip`, () => {
    expect(gzipSync(bundle, { level: 9 }).length).toBeLessThanOrEqual(budgetBytes);
  });

  it('is one self-contained IIFE (no imports, no external chunks)', () => {
    expect(bundle).not.toMatch(/\bimport\s*[({"']|\brequire\(/);
    expect(
      bundle.trimStart().startsWith('"use strict";(()=>{') || bundle.trimStart().startsWith('(()=>{'),
    ).toBe(true);
  });

  it('never renders anything as HTML (message text must show literally)', () => {
    for (const file of readdirSync(join(widgetDir, 'src'))) {
      expect(readFileSync(join(widgetDir, 'src', file), 'utf8'), file).not.toMatch(/innerHTML/);
    }
  });
});
