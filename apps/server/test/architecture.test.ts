import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The import direction of apps/server/src (docs/architecture.md): each folder is a layer and may import
 * only the layers listed for it, so imports point one way and no two folders import each other.
 */
const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

type Layer = 'lib' | 'store' | 'observability' | 'channels' | 'modules' | 'config' | 'jobs' | 'http' | 'app';

/**
 * What each layer may import (besides itself). `config` is config.ts (the environment, read once);
 * `observability` holds the metrics: the domain and jobs write to them through `MetricsSink`;
 * `app` is the composition root and the entry points (create-frontline.ts, services.ts, main.ts, cli.ts, cli-admin.ts).
 */
const mayImport: Record<Layer, Layer[]> = {
  lib: [],
  store: ['lib'],
  observability: ['lib', 'store'],
  channels: ['lib'],
  modules: ['lib', 'store', 'observability', 'channels'],
  config: ['lib', 'channels', 'modules'],
  jobs: ['lib', 'store', 'observability', 'channels', 'modules'],
  http: ['lib', 'store', 'observability', 'channels', 'modules', 'config', 'jobs'],
  app: ['lib', 'store', 'observability', 'channels', 'modules', 'config', 'jobs', 'http'],
};

/**
 * Imports that break the rule, each with the work that removes it. None is left; nothing may be added: fix
 * the import instead.
 */
const knownViolations: string[] = [];

const appFiles = new Set(['create-frontline.ts', 'services.ts', 'main.ts', 'cli.ts', 'cli-admin.ts']);

function layerOf(file: string): Layer {
  if (appFiles.has(file)) return 'app';
  if (file === 'config.ts') return 'config';
  const top = file.split('/')[0];
  const layer = Object.keys(mayImport).find((l) => l === top);
  if (!layer) throw new Error(`${file}: not in a known layer; add its folder to mayImport`);
  return layer as Layer;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports and re-exports of a file (static `from '…'`, side-effect `import '…'`, `import('…')`). */
function importsOf(text: string): string[] {
  const patterns = [
    /\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/g,
    /^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm,
    /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1] ?? ''));
}

/** Every import between two files of src, as `from -> to` (paths relative to src). */
function importGraph(): Array<{ from: string; to: string }> {
  return sourceFiles(src).flatMap((path) => {
    const from = relative(src, path).split('\\').join('/');
    return importsOf(readFileSync(path, 'utf8')).map((spec) => ({
      from,
      to: relative(src, resolve(dirname(path), spec))
        .split('\\')
        .join('/'),
    }));
  });
}

describe('import direction of apps/server/src', () => {
  const graph = importGraph();

  it('reads the import graph (sanity: it sees the case core importing the store)', () => {
    expect(graph.length).toBeGreaterThan(300);
    expect(graph).toContainEqual({ from: 'modules/cases/send-reply.ts', to: 'store/store.ts' });
  });

  it('the layer rule itself has no cycle: no two layers may import each other', () => {
    for (const [layer, allowed] of Object.entries(mayImport) as Array<[Layer, Layer[]]>) {
      for (const other of allowed) expect(mayImport[other], `${layer} <-> ${other}`).not.toContain(layer);
    }
  });

  it('imports point one way: only the listed layers, apart from the known violations in progress', () => {
    const violations = [
      ...new Set(
        graph
          .filter(({ from, to }) => {
            const a = layerOf(from);
            const b = layerOf(to);
            return a !== b && !mayImport[a].includes(b);
          })
          .map(({ from, to }) => `${from} -> ${to}`),
      ),
    ].sort();
    const unexpected = violations.filter((v) => !knownViolations.includes(v));
    expect(unexpected, 'imports against the layer order (docs/architecture.md)').toEqual([]);
    const gone = knownViolations.filter((v) => !violations.includes(v));
    expect(gone, 'fixed: delete these from knownViolations').toEqual([]);
  });

  it('no two folders import each other', () => {
    const pairs = new Set(graph.map(({ from, to }) => `${layerOf(from)} -> ${layerOf(to)}`));
    const mutual = [...pairs]
      .map((p) => p.split(' -> ') as [string, string])
      .filter(([a, b]) => a < b && pairs.has(`${b} -> ${a}`))
      .map(([a, b]) => `${a} <-> ${b}`)
      .sort();
    expect(mutual, 'folders importing each other').toEqual([]);
  });
});

/** Files of src whose text matches `pattern`, as paths relative to src. */
function filesMatching(pattern: RegExp): string[] {
  return sourceFiles(src)
    .filter((path) => pattern.test(readFileSync(path, 'utf8')))
    .map((path) => relative(src, path).split('\\').join('/'))
    .sort();
}

describe('one owner for each rule of the case core', () => {
  it('message statuses change only in modules/messages/message-status.ts', () => {
    expect(filesMatching(/updateTable\('messages'\)[^;]*?\.set\(\{[^}]*\bstatus\b/)).toEqual([
      'modules/messages/message-status.ts',
    ]);
  });

  it('operator-event audiences are spelled only in modules/events/case-audience.ts', () => {
    // An inline `{ queueId: …, operatorId: … }` handed to toOperators.
    expect(filesMatching(/toOperators\([^;]*?\{\s*queueId\b/)).toEqual([]);
  });

  it('the visibility rule is written only in modules/cases/case-visibility.ts', () => {
    expect(filesMatching(/queueIds\.includes\(/)).toEqual(['modules/cases/case-visibility.ts']);
  });
});
