import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `body` in a fresh Node process that notes every module it resolves; returns what it printed. */
function inFreshProcess(body: string): string {
  const script = `
    import { registerHooks } from 'node:module';
    const resolved = new Set();
    registerHooks({ resolve(specifier, context, next) { resolved.add(specifier); return next(specifier, context); } });
    const loaded = () => resolved.has('@atproto/api');
    ${body}
  `;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
}

describe('@atproto/api is loaded only when Bluesky is used', () => {
  it('not at start, even with Bluesky configured; at its first call', () => {
    const out = inFreshProcess(`
      const { loadConfig } = await import('./config/load-config.ts');
      const { createPlatforms } = await import('./src/adapters/create-platforms.ts');
      const { pino } = await import('pino');
      const config = loadConfig({ BLUESKY_IDENTIFIER: 'session.foundation', BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop' });
      const { publishers, mentionSources } = createPlatforms(config, pino({ level: 'silent' }));
      await publishers.bluesky.limits();
      console.log(publishers.bluesky.dryRun, mentionSources.bluesky !== undefined, loaded());
      const { loadAtproto } = await import('./src/adapters/bluesky/bluesky-connection.ts');
      await loadAtproto();
      console.log(loaded());
    `);
    expect(out.trim().split('\n')).toEqual(['false true false', 'true']);
  });
});
