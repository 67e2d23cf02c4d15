/**
 * What the image (Dockerfile, runtime stage) sets for memory, read from the Dockerfile so the
 * benchmarks follow it: the `node` flags of its CMD (before bin/herald.js) and its NODE_OPTIONS
 * and MALLOC_ARENA_MAX. NODE_COMPILE_CACHE is left out: each benchmark gives the service a
 * compile cache of its own, and says whether it was filled.
 */
import { readFileSync } from 'node:fs';
import { DockerfileParser, type PropertyInstruction } from 'dockerfile-ast';
import { ROOT } from './processes.ts';

export interface ImageSettings {
  /** Flags between `node` and `bin/herald.js` in the CMD, e.g. `--liftoff-only`. */
  nodeFlags: string[];
  /** NODE_OPTIONS and MALLOC_ARENA_MAX as the image sets them (only those it sets). */
  env: Record<string, string>;
  /** One line, for tables: `node --liftoff-only …, NODE_OPTIONS="…", MALLOC_ARENA_MAX=2`. */
  describe: string;
}

export function imageSettings(dockerfile = `${ROOT}Dockerfile`): ImageSettings {
  const parsed = DockerfileParser.parse(readFileSync(dockerfile, 'utf8'));
  const instructions = parsed.getInstructions();
  const lastFrom = instructions.findLastIndex((i) => i.getKeyword() === 'FROM');
  const runtime = instructions.slice(lastFrom);
  const env: Record<string, string> = {};
  for (const instruction of runtime.filter((i) => i.getKeyword() === 'ENV')) {
    for (const property of (instruction as PropertyInstruction).getProperties()) {
      const name = property.getName();
      if (name === 'NODE_OPTIONS' || name === 'MALLOC_ARENA_MAX') env[name] = property.getValue() ?? '';
    }
  }
  const cmd = runtime.findLast((i) => i.getKeyword() === 'CMD');
  const args = cmd ? (JSON.parse(cmd.getTextContent().replace(/^CMD\s+/i, '')) as string[]) : [];
  const launcher = args.indexOf('bin/herald.js');
  const nodeFlags = args[0] === 'node' && launcher > 0 ? args.slice(1, launcher) : [];
  const describe = [`node ${[...nodeFlags, 'bin/herald.js start'].join(' ')}`, ...Object.entries(env).map(([k, v]) => `${k}=${/\s/.test(v) ? `"${v}"` : v}`)].join(', ');
  return { nodeFlags, env, describe };
}
