import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSource, type SourceFile, sourceFiles } from './read-imports.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The layers, innermost first: each may import its own layer and the ones before it, never a
 * later one. `config` (the environment schema and the Foundation's data) stands apart: any layer
 * from the core outwards may read its types and data; it imports nothing of Herald.
 */
const LAYERS = ['domain', 'ports', 'core', 'adapters', 'wiring'] as const;
type Layer = (typeof LAYERS)[number] | 'config';

/** Where each file belongs: the folder is the layer. */
function layerOf(path: string): Layer | undefined {
  const rules: Array<[RegExp, Layer]> = [
    [/^src\/domain\//, 'domain'],
    [/^src\/ports\//, 'ports'],
    [/^src\/core\//, 'core'],
    [/^src\/adapters\//, 'adapters'],
    [/^jobs\//, 'adapters'],
    [/^bin\//, 'wiring'],
    [/^config\//, 'config'],
  ];
  return rules.find(([pattern]) => pattern.test(path))?.[1];
}

function mayImport(from: Layer, to: Layer): boolean {
  if (from === 'config') return to === 'config';
  if (to === 'config') return LAYERS.indexOf(from) >= LAYERS.indexOf('core');
  return LAYERS.indexOf(to) <= LAYERS.indexOf(from);
}

/** Packages that do I/O or stand for a particular infrastructure: adapters and wiring only. */
const INFRASTRUCTURE = [
  'ioredis',
  'bullmq',
  'twitter-api-v2',
  'masto',
  '@atproto/api',
  'hono',
  '@hono/node-server',
  '@bull-board/api',
  '@bull-board/hono',
  'prom-client',
  'commander',
  'node:http',
  'node:https',
  'node:net',
  'node:fs',
  'node:fs/promises',
  'node:child_process',
];

const FILES = sourceFiles(ROOT, ['src', 'jobs', 'bin', 'config']);
const isRepoPath = (target: string) => /^(src|jobs|bin|config|test|bench)\//.test(target);

function violations(check: (file: SourceFile, imp: SourceFile['imports'][number]) => string | undefined): string[] {
  return FILES.flatMap((file) => file.imports.map((imp) => check(file, imp)).filter((v): v is string => v !== undefined));
}

describe('architecture', () => {
  it('every file of src/, jobs/, bin/ and config/ belongs to a layer', () => {
    expect(FILES.length).toBeGreaterThan(50);
    expect(FILES.filter((f) => layerOf(f.path) === undefined).map((f) => f.path)).toEqual([]);
  });

  it('imports point inwards only: domain ← ports ← core ← adapters ← wiring', () => {
    const found = violations((file, imp) => {
      if (!isRepoPath(imp.target)) return undefined;
      const from = layerOf(file.path)!;
      const to = layerOf(imp.target);
      if (to === undefined) return `${file.path}:${imp.line} imports ${imp.target}, which is in no layer`;
      return mayImport(from, to) ? undefined : `${file.path}:${imp.line} (${from}) imports ${imp.target} (${to})`;
    });
    expect(found).toEqual([]);
  });

  it('src/ never imports jobs/, bin/ or the tests', () => {
    const found = violations((file, imp) =>
      file.path.startsWith('src/') && /^(jobs|bin|test|bench)\//.test(imp.target) ? `${file.path}:${imp.line} imports ${imp.target}` : undefined,
    );
    expect(found).toEqual([]);
  });

  it('the domain and the ports import no package; the core none that does I/O', () => {
    const found = violations((file, imp) => {
      const layer = layerOf(file.path);
      if (isRepoPath(imp.target)) return undefined;
      if (layer === 'domain' || layer === 'ports') return `${file.path}:${imp.line} (${layer}) imports the package ${imp.target}`;
      if (layer === 'core' && INFRASTRUCTURE.includes(imp.target)) return `${file.path}:${imp.line} (core) imports ${imp.target}`;
      return undefined;
    });
    expect(found).toEqual([]);
  });

  it('the core calls no global fetch and reads no environment', () => {
    const core = FILES.filter((f) => layerOf(f.path) === 'core');
    const found = core.flatMap((file) =>
      file.text
        .split('\n')
        .map((line, i) => ({ line, at: i + 1 }))
        .filter(({ line }) => /(?<![.\w])fetch\(|process\.env/.test(line))
        .map(({ at }) => `${file.path}:${at}`),
    );
    expect(found).toEqual([]);
  });

  it('a layer violation is caught (the reader sees a multi-line import and a dynamic one)', () => {
    const probe = readSource(ROOT, 'bin/wiring.ts');
    expect(probe.imports.map((i) => i.target)).toContain('src/adapters/http/admin-routes.ts');
    expect(probe.imports.map((i) => i.target)).toContain('jobs/start-workers.ts');
    expect(mayImport('core', 'adapters')).toBe(false);
    expect(mayImport('ports', 'config')).toBe(false);
    expect(mayImport('adapters', 'core')).toBe(true);
  });

  it('no file over 250 lines and no function over 60 in src/, jobs/ and bin/ (Biome counts)', () => {
    const biome = fileURLToPath(new URL('../../node_modules/@biomejs/biome/bin/biome', import.meta.url));
    let output: string;
    try {
      output = execFileSync(
        process.execPath,
        [biome, 'lint', '--only=complexity/noExcessiveLinesPerFunction', '--only=style/noExcessiveLinesPerFile', '--reporter=json', 'src', 'jobs', 'bin'],
        { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    const report = JSON.parse(output) as { summary: { unchanged: number }; diagnostics: Array<{ message: string; location: { path: string; start: { line: number } } }> };
    expect(report.summary.unchanged).toBeGreaterThan(50);
    expect(report.diagnostics.map((d) => `${d.location.path}:${d.location.start.line} ${d.message}`)).toEqual([]);
  });
});
