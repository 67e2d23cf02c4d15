/**
 * `node --import ./bench/lib/list-packages-hook.ts …`: prints, at exit, every npm package the
 * process resolved a module from (one line, `PACKAGES a b c`), on stderr.
 */
import { registerHooks } from 'node:module';

const seen = new Set<string>();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(resolved.url);
    if (match) seen.add(match[1]!);
    return resolved;
  },
});
process.on('exit', () => {
  process.stderr.write(`PACKAGES ${[...seen].sort().join(' ')}\n`);
});
