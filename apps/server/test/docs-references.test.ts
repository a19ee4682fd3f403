import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { METHODS } from 'node:http';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../src/lib/errors.ts';

/**
 * The repository owns its documentation: what the code and the docs point to is in the repository, the
 * failure modes the code cites are rows of docs/channels.md, and every error code the server can answer or
 * record is explained in docs/errors.md.
 */
const root = resolve(import.meta.dirname, '../../..');

/** Tracked files (the index, so a new file counts once it is added), repository-relative. */
function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((path) => path !== '');
}

function read(path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

const isText = (text: string) => !text.includes('\0');
const codeExtensions = /\.(ts|tsx|js|mjs|cjs)$/;

/** Documents that live outside the repository, spelled so that this file does not match itself. */
const outsideDocuments = new RegExp(
  [...['CHANNELS', 'DESIGN', 'STYLE'].map((name) => `\\b${name}\\.md\\b`), '\\.\\./shared\\b'].join('|'),
);

/** `F7` in code, but not an id like `'F1'` nor quoted-printable `=F3`. */
const failureModeCitation = /(?<![\w=])F(\d{1,2})(?!\w)/g;

function citedFailureModes(text: string): number[] {
  const cited: number[] = [];
  for (const match of text.matchAll(failureModeCitation)) {
    const before = text[match.index - 1];
    const after = text[match.index + match[0].length];
    if ((before === "'" || before === '"' || before === '`') && after === before) continue;
    cited.push(Number(match[1]));
  }
  return cited;
}

/** Comment blocks: runs of comment lines, and trailing `// …` comments. */
function commentBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (/^(\/\/|\/\*|\*)/.test(trimmed)) {
      current.push(trimmed);
      continue;
    }
    if (current.length > 0) blocks.push(current.join('\n'));
    current = [];
    const trailing = /\s\/\/\s(.*)$/.exec(line);
    if (trailing?.[1]) blocks.push(trailing[1]);
  }
  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}

interface FailureModeRow {
  number: number;
  code: string[];
  tests: string[];
}

function failureModeRows(): FailureModeRow[] {
  return read('docs/channels.md')
    .split('\n')
    .filter((line) => /^\|\s*F\d+\s*\|/.test(line))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      const paths = (cell: string | undefined) => [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      return { number: Number(/F(\d+)/.exec(cells[1]!)![1]), code: paths(cells[5]), tests: paths(cells[6]) };
    });
}

function repoPath(path: string, base: string): string {
  return /^(apps|packages)\//.test(path) ? path : `${base}/${path}`;
}

describe('references in the repository', () => {
  const files = trackedFiles().filter(
    (path) => /^(apps|packages|bench|demo|docs)\//.test(path) || path === 'README.md',
  );

  it('no code, test, doc or README refers to documents outside the repository', () => {
    const offenders = files.flatMap((path) => {
      const text = read(path);
      if (!isText(text)) return [];
      return text
        .split('\n')
        .flatMap((line, i) => (outsideDocuments.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : []));
    });
    expect(offenders).toEqual([]);
  });

  it('the failure-mode table of docs/channels.md numbers its rows F1, F2, … once each', () => {
    const numbers = failureModeRows().map((row) => row.number);
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it('every failure mode cited in code is a row of docs/channels.md, and comments citing one point there', () => {
    const rows = new Set(failureModeRows().map((row) => row.number));
    const unknown: string[] = [];
    const unpointed: string[] = [];
    for (const path of files.filter((p) => codeExtensions.test(p) && !p.startsWith('docs/'))) {
      const text = read(path);
      for (const n of citedFailureModes(text)) if (!rows.has(n)) unknown.push(`${path}: F${n}`);
      for (const block of commentBlocks(text)) {
        if (citedFailureModes(block).length > 0 && !block.includes('docs/channels.md')) {
          unpointed.push(`${path}: ${block.split('\n')[0]}`);
        }
      }
    }
    expect(unknown).toEqual([]);
    expect(unpointed).toEqual([]);
  });

  it('the code and tests the failure-mode table names exist', () => {
    const missing = failureModeRows().flatMap((row) => {
      expect(row.code.length, `F${row.number} names its code`).toBeGreaterThan(0);
      expect(row.tests.length, `F${row.number} names its tests`).toBeGreaterThan(0);
      const paths = [
        ...row.code.map((p) => repoPath(p, 'apps/server/src')),
        ...row.tests.map((p) => repoPath(p, 'apps/server/test')),
      ];
      return paths.filter((p) => !existsSync(join(root, p))).map((p) => `F${row.number}: ${p}`);
    });
    expect(missing).toEqual([]);
  });
});

/** Error codes in the server's source, by where they come from. */
function codesInServerSource(): { answered: Set<string>; channel: Set<string>; problems: string[] } {
  const sources = trackedFiles()
    .filter((p) => p.startsWith('apps/server/src/') && p.endsWith('.ts'))
    .map((path) => ({ path, text: read(path) }));
  const code = '([A-Z][A-Z0-9_]*)';
  const answered = new Set<string>();
  const channel = new Set<string>();
  const problems: string[] = [];
  const prefixes = new Set(
    sources.flatMap(({ text }) =>
      [...text.matchAll(new RegExp(`codePrefix:\\s*'${code}'`, 'g'))].map((m) => m[1]!),
    ),
  );
  const envNames = new Set(
    [...read('apps/server/src/config.ts').matchAll(/^\s+([A-Z][A-Z0-9_]+):\s*z\b/gm)].map((m) => m[1]!),
  );
  const foreignNames = new Set([...Object.keys(constants.errno), ...METHODS]);
  for (const { path, text } of sources) {
    const uncommented = text
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
      .join('\n');
    // Answered to clients: AppError, error bodies and frames, the error handler's own answers.
    for (const pattern of [
      `new AppError\\(\\s*'${code}'`,
      `(?<!unreachable:\\s*\\{\\s*)\\bcode:\\s*'${code}'`,
      `\\bsend\\(\\s*reply,\\s*\\d{3},\\s*'${code}'`,
      `\\bFST_[A-Z_]+:\\s*'${code}'`,
    ]) {
      for (const m of uncommented.matchAll(new RegExp(pattern, 'g'))) answered.add(m[1]!);
    }
    // Recorded for admins and operators: channel errors, failure reasons, socket close reasons.
    // (`callProvider` throws the code its caller names for an unreachable provider.)
    for (const m of uncommented.matchAll(new RegExp(`unreachable:\\s*\\{\\s*code:\\s*'${code}'`, 'g')))
      channel.add(m[1]!);
    for (const m of uncommented.matchAll(/new ChannelError\(\s*([^,]+),/g)) {
      const first = m[1]!.trim();
      const literal = new RegExp(`^'${code}'$`).exec(first);
      const prefixed = /^`\$\{[^}]+\}_([A-Z0-9_]+)`$/.exec(first);
      const constant = /^([a-z]\w*)$/.exec(first);
      if (literal) channel.add(literal[1]!);
      else if (prefixed) for (const prefix of prefixes) channel.add(`${prefix}_${prefixed[1]!}`);
      else if (constant) {
        const value = new RegExp(`const ${constant[1]!}\\s*=\\s*'${code}'`).exec(text);
        if (value) channel.add(value[1]!);
        else problems.push(`${path}: the ChannelError code ${first} is not a constant of this file`);
      } else if (!/^[a-z][\w.]*\.code$/.test(first)) {
        // `failure.code` passes on the code of another ChannelError, found where that one is made.
        problems.push(`${path}: cannot tell the code of new ChannelError(${first}, …)`);
      }
    }
    for (const m of uncommented.matchAll(/(?:\breturn|\?\?)\s+'([A-Z][A-Z0-9_]{2,})'/g)) {
      if (!foreignNames.has(m[1]!)) channel.add(m[1]!);
    }
    for (const m of uncommented.matchAll(/['`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+): /g)) {
      if (!envNames.has(m[1]!) && !(m[1]! in errorCatalogue)) channel.add(m[1]!);
    }
  }
  return { answered, channel, problems };
}

/** Table rows of docs/errors.md: the code and its second column (the HTTP status in the catalogue tables). */
function documentedCodes(): { statusOf: Map<string, string[]>; other: Set<string> } {
  const statusOf = new Map<string, string[]>();
  const other = new Set<string>();
  for (const m of read('docs/errors.md').matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|\s*([^|]*?)\s*\|/gm)) {
    const [, code, second] = m as unknown as [string, string, string];
    if (/^\d{3}$/.test(second)) statusOf.set(code, [...(statusOf.get(code) ?? []), second]);
    else other.add(code);
  }
  return { statusOf, other };
}

describe('docs/errors.md', () => {
  const source = codesInServerSource();
  const docs = documentedCodes();
  const catalogue: Record<string, number> = errorCatalogue;

  it('can tell every error code of the source', () => {
    expect(source.problems).toEqual([]);
    expect(source.answered.size).toBeGreaterThan(0);
    expect(source.channel.size).toBeGreaterThan(0);
  });

  it('every code answered in apps/server/src is in the catalogue', () => {
    expect([...source.answered].filter((code) => !(code in catalogue))).toEqual([]);
  });

  it('lists every code of the catalogue once, with its HTTP status, and nothing that is not in it', () => {
    const wrong = Object.entries(catalogue).flatMap(([code, status]) => {
      const documented = docs.statusOf.get(code) ?? [];
      return documented.length === 1 && documented[0] === String(status)
        ? []
        : [`${code}: catalogue ${status}, documented ${documented.join(', ') || 'nowhere'}`];
    });
    expect(wrong).toEqual([]);
    expect([...docs.statusOf.keys()].filter((code) => !(code in catalogue))).toEqual([]);
  });

  it('lists every channel error code, failure reason and close reason the server records, and no stale one', () => {
    const documented = new Set([...docs.statusOf.keys(), ...docs.other]);
    expect([...source.channel].filter((code) => !documented.has(code))).toEqual([]);
    expect([...docs.other].filter((code) => !source.channel.has(code) && !(code in catalogue))).toEqual([]);
  });
});
