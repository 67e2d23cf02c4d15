/**
 * The Docker build context as the builder sees it: `.dockerignore` applied the way Docker's
 * pattern matcher (moby/patternmatcher) applies it, so the container tests copy exactly the
 * files `docker build` would send.
 *
 * Semantics reproduced: one pattern per line, `#` comments, blank lines ignored; a leading `/`
 * and `./`, and a trailing `/`, are dropped; `*` and `?` stay inside one path segment (and,
 * unlike shell globs, do match dot files), `**` spans any number of segments, `[...]` is a
 * character class; a pattern that matches a folder also matches everything below it; `!`
 * re-includes; the last pattern that matches decides.
 */
import { readFileSync } from 'node:fs';

interface Pattern {
  source: string;
  negated: boolean;
  regex: RegExp;
}

function escapeRegex(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}

/** One cleaned pattern (no leading `!`) as an anchored regular expression over `a/b/c` paths. */
function globToRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more whole segments; a trailing `**` matches everything.
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) {
        out += '\\[';
      } else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith('^') || body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (char === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]!);
      i += 1;
    } else {
      out += escapeRegex(char);
    }
  }
  return new RegExp(`^${out}$`);
}

function cleanPattern(raw: string): string {
  let p = raw.trim();
  while (p.startsWith('./')) p = p.slice(2);
  p = p.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\/{2,}/g, '/');
  return p === '' ? '.' : p;
}

export interface DockerIgnore {
  /** Whether the context-relative path (`src/app/x.ts`, `/` separators) is left out of the context. */
  excludes(path: string): boolean;
  patterns: readonly string[];
}

export function parseDockerIgnore(text: string): DockerIgnore {
  const patterns: Pattern[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const negated = trimmed.startsWith('!');
    const source = cleanPattern(negated ? trimmed.slice(1) : trimmed);
    patterns.push({ source, negated, regex: globToRegex(source) });
  }
  const matchesOrParentMatches = (pattern: Pattern, path: string) => {
    const parts = path.split('/');
    for (let n = parts.length; n >= 1; n--) {
      if (pattern.regex.test(parts.slice(0, n).join('/'))) return true;
    }
    return false;
  };
  return {
    patterns: patterns.map((p) => (p.negated ? `!${p.source}` : p.source)),
    excludes(path: string) {
      const clean = cleanPattern(path);
      let excluded = false;
      for (const pattern of patterns) {
        if (matchesOrParentMatches(pattern, clean)) excluded = !pattern.negated;
      }
      return excluded;
    },
  };
}

export function readDockerIgnore(path: string): DockerIgnore {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return parseDockerIgnore(text);
}
