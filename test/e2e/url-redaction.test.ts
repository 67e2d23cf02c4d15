import { afterEach, describe, expect, it } from 'vitest';
import { rss } from '../fakes/feed-builders.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { type HeraldProcess, runHerald, spawnHerald } from '../helpers/spawn-herald.ts';
import { waitFor } from '../helpers/wait-for.ts';

const SECRETS = ['s3cr3t', 'tok123'];
const REDIS_PASSWORD_PARTS = ['p@ss@w0rd', 'ss@w0rd', 'w0rd', 'p%40ss'];

function expectRedacted(what: string, text: string): void {
  for (const secret of SECRETS) expect(text, `${what} shows ${secret}`).not.toContain(secret);
  expect(text, `${what} shows no *** at all`).toContain('***');
}

describe('URLs are redacted everywhere they are shown', () => {
  let world: FakeWorld | undefined;
  let herald: HeraldProcess | undefined;

  afterEach(async () => {
    herald?.child.kill('SIGKILL');
    if (herald) await herald.exited;
    herald = undefined;
    await world?.close();
    world = undefined;
  });

  it('a feed URL with user:password and ?access_token=: not in /metrics, /readyz, herald status (text and JSON) or the log', { timeout: 60_000 }, async () => {
    world = await startFakeWorld();
    const base = world.feed.feedUrl('/rss.xml').replace('http://', '');
    // The one from the issue (refused for its userinfo: a failing feed shows its error everywhere)
    // and the same without userinfo (fetched: polls, metrics labels, log lines of a success).
    const withUser = `http://user:s3cr3t@${base}?access_token=tok123&page=2`;
    const withToken = `http://${base.replace('/rss.xml', '/token.xml')}?access_token=tok123&page=2`;
    const item = { title: 'Redacted post', link: 'https://session.foundation/blog/redacted', pubDate: new Date(Date.now() - 60_000) };
    world.feed.setFeed('/rss.xml', rss([item]));
    world.feed.setFeed('/token.xml', rss([item]));
    const env = world.env({ FEED_URLS: `${withUser},${withToken}`, LOG_LEVEL: 'debug' });
    herald = spawnHerald(['start'], env);
    const port = await herald.port();
    const get = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).text();
    await waitFor(async () => /herald_feed_polls_total\{[^}]*result="fetched"/.test(await get('/metrics')), 'a fetched poll in /metrics');
    await waitFor(async () => (await get('/readyz')).includes('failingFeeds'), 'the failing feed in /readyz');

    const metrics = await get('/metrics');
    expect(metrics).toContain('page=2');
    expectRedacted('/metrics', metrics);
    const readyz = await get('/readyz');
    expect(readyz).toContain('page=2');
    expectRedacted('/readyz', readyz);
    const status = await runHerald(['status'], env);
    expect(status.code).toBe(0);
    expectRedacted('herald status', status.stdout + status.stderr);
    const json = await runHerald(['status', '--json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).feeds).toHaveLength(2);
    expectRedacted('herald status --json', json.stdout + json.stderr);
    const config = await runHerald(['config'], env);
    expectRedacted('herald config', config.stdout);
    const doctor = await runHerald(['doctor'], env);
    expectRedacted('herald doctor', doctor.stdout + doctor.stderr);
    expect(herald.stdout()).toMatch(/"feed":"http:\/\/\*\*\*@/);
    expectRedacted('the log', herald.stdout() + herald.stderr());
  });

  it('a REDIS_URL password containing @: herald config, status and doctor never show any part of it', async () => {
    const env = { REDIS_URL: 'redis://:p@ss@w0rd@127.0.0.1:1/0', FEED_URLS: 'https://session.foundation/feed.xml' };
    const outputs = await Promise.all([runHerald(['config'], env), runHerald(['config', '--json'], env), runHerald(['status'], env), runHerald(['doctor'], env)]);
    for (const { stdout, stderr } of outputs) {
      const text = stdout + stderr;
      for (const part of REDIS_PASSWORD_PARTS) expect(text).not.toContain(part);
      expect(text).toContain('redis://***@127.0.0.1:1/0');
    }
  });
});
