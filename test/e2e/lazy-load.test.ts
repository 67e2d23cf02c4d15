/**
 * Issue 17 (memory): `herald start` loads the platform libraries only for the platforms it
 * posts to, and twitter-text only when it composes. A child process runs `bin/herald.js start`
 * (as `npm start` and the image do) with a resolve hook that notes every npm package it loads,
 * and prints them when it stops.
 */
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rss } from '../fakes/feed-builders.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { ROOT } from '../helpers/spawn-herald.ts';
import { waitFor } from '../helpers/wait-for.ts';

const HOOK = `data:text/javascript,${encodeURIComponent(`
  import { registerHooks } from 'node:module';
  const seen = new Set();
  registerHooks({ resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    const match = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(resolved.url);
    if (match) seen.add(match[1]);
    return resolved;
  } });
  process.on('exit', () => process.stderr.write('PACKAGES ' + [...seen].sort().join(' ') + '\\n'));
`)}`;

/** Starts `herald start` with `env`, waits for /readyz 200 and the first poll, stops it; the packages it loaded. */
async function packagesLoadedBy(env: Record<string, string>, world: FakeWorld): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', HOOK, 'bin/herald.js', 'start'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    out += String(chunk);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    let port: number | undefined;
    await waitFor(() => {
      port = Number(/"port":(\d+)[^\n]*"msg":"Herald started"/.exec(out)?.[1]) || undefined;
      if (child.exitCode !== null) throw new Error(`herald exited:\n${out}`);
      return port !== undefined;
    }, 'the "Herald started" log line');
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, '/readyz answering 200');
    await world.feed.waitForRequests('/rss.xml', 1);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  const line = /PACKAGES (.*)/.exec(out)?.[1];
  if (line === undefined) throw new Error(`no PACKAGES line:\n${out}`);
  return line.split(' ');
}

const PLATFORM_LIBRARIES = ['twitter-api-v2', 'masto', '@atproto/api'];

describe('herald start loads what its configuration uses', () => {
  let world: FakeWorld;
  beforeEach(async () => {
    world = await startFakeWorld();
    world.feed.setFeed('/rss.xml', rss([{ title: 'Lazy', link: 'https://session.foundation/blog/lazy', pubDate: new Date() }]));
  });
  afterEach(async () => {
    await world.close();
  });

  it('a dry run (no credentials) loads no platform library, no twitter-text, no Bull Board', async () => {
    const env = Object.fromEntries(Object.entries(world.env({ LOG_LEVEL: 'info' })).filter(([name]) => !/^(X|MASTODON|BLUESKY)_/.test(name)));
    const loaded = await packagesLoadedBy(env, world);
    // Positive control: the hook sees what the service does use.
    expect(loaded).toEqual(expect.arrayContaining(['bullmq', 'ioredis', 'prom-client', 'rss-parser', 'hono']));
    for (const name of [...PLATFORM_LIBRARIES, 'twitter-text', 'tinyld', 'core-js', '@bull-board/api']) expect(loaded).not.toContain(name);
  }, 30_000);

  it('with X and Mastodon live, their libraries are loaded, and still not Bluesky\'s nor twitter-text before a post, nor tinyld before a mention', async () => {
    const loaded = await packagesLoadedBy(world.env({ LOG_LEVEL: 'info' }), world);
    expect(loaded).toEqual(expect.arrayContaining(['bullmq', 'twitter-api-v2', 'masto']));
    for (const name of ['@atproto/api', 'twitter-text', 'tinyld', '@bull-board/api']) expect(loaded).not.toContain(name);
  }, 30_000);
});
