import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface SourceFile {
  /** Path from the repository root, with forward slashes. */
  path: string;
  text: string;
  /** Every module the file imports or re-exports (statically or with `import()`): repository paths for relative specifiers, package names otherwise. */
  imports: Array<{ target: string; line: number }>;
}

/** Top-level import and export-from statements (also spread over several lines). */
const STATIC = /^(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm;
/** Side-effect imports: `import 'module';`. */
const BARE = /^import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Reads one TypeScript file and the modules it names. A light reader: statements, not a parser. */
export function readSource(root: string, path: string): SourceFile {
  const text = readFileSync(join(root, path), 'utf8');
  const imports: SourceFile['imports'] = [];
  for (const pattern of [STATIC, BARE, DYNAMIC]) {
    for (const match of text.matchAll(pattern)) {
      const specifier = match[1]!;
      const target = specifier.startsWith('.')
        ? relative(root, resolve(root, dirname(path), specifier)).split('\\').join('/')
        : packageName(specifier);
      imports.push({ target, line: lineOf(text, match.index) });
    }
  }
  return { path, text, imports };
}

/** Every `.ts` file under the given folders of the repository. */
export function sourceFiles(root: string, folders: string[]): SourceFile[] {
  return folders.flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readSource(root, `${folder}/${file.split('\\').join('/')}`)),
  );
}
