import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bsky5xx, type FakeBluesky, startFakeBluesky } from '../fakes/fake-bluesky.ts';
import type { FakeFeed, } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';
import { type FakeMastodon, m401, m5xx, } from '../fakes/fake-mastodon.ts';
import { type FakeX, htmlError, x401, x5xx } from '../fakes/fake-x.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { type HeraldProcess, runHerald, spawnHerald } from '../helpers/spawn-herald.ts';
import { testEnvironment } from '../helpers/test-environment.ts';
import { TEST_REDIS_URL } from '../helpers/redis-prefix.ts';
import { waitFor } from '../helpers/wait-for.ts';

const SECRETS = {
  X_APP_KEY: 'xappkey-SECRET-1f7c2a',
  X_APP_SECRET: 'xappsecret-SECRET-9b3e44',
  X_ACCESS_TOKEN: '1000-xaccesstoken-SECRET-5d1a',
  X_ACCESS_SECRET: 'xaccesssecret-SECRET-77e0',
  MASTODON_ACCESS_TOKEN: 'mastodontoken-SECRET-c0ffee',
  ADMIN_TOKEN: 'admintoken-SECRET-0123456789abcdef',
  BLUESKY_APP_PASSWORD: 'blsk-SECRET-a1b2-c3d4',
};

function leaks(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value) || text.includes(encodeURIComponent(value)))
    .map(([name]) => name);
}

describe('secrets never leak', () => {
  let feed: FakeFeed;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let bluesky: FakeBluesky;
  let prefix: string;
  let world: FakeWorld;
  let herald: HeraldProcess | undefined;

  beforeEach(async () => {
    world = await startFakeWorld({ mastodon: { accessToken: SECRETS.MASTODON_ACCESS_TOKEN } });
    ({ feed, x, mastodon, prefix } = world);
    bluesky = await startFakeBluesky({ appPassword: SECRETS.BLUESKY_APP_PASSWORD });
  });
  afterEach(async () => {
    herald?.child.kill('SIGKILL');
    if (herald) await herald.exited;
    herald = undefined;
    await Promise.all([world.close(), bluesky.close()]);
  });

  it('not in any log line or HTTP response, through 401s, 5xx, broken answers and bad config', { timeout: 60_000 }, async () => {
    const env = testEnvironment(prefix, {
      ...SECRETS,
      FEED_URLS: feed.feedUrl('/rss.xml'),
      X_API_BASE_URL: x.url,
      MASTODON_URL: mastodon.url,
      BLUESKY_SERVICE: bluesky.url,
      BLUESKY_IDENTIFIER: bluesky.handle,
      LOG_LEVEL: 'trace',
      BURST_LIMIT: '10',
    });
    const responses: string[] = [];
    feed.setFeed('/rss.xml', rss([{ title: 'Base', link: 'https://session.foundation/blog/base', pubDate: new Date() }]));
    x.failNext('POST /2/tweets', x401(), x5xx(500), htmlError(503), { kind: 'status', status: 200, body: '{not json', contentType: 'application/json' });
    mastodon.failNext('POST /api/v1/statuses', m401(), m5xx(502), { kind: 'drop' });
    bluesky.failNext('POST /xrpc/com.atproto.repo.createRecord', bsky5xx(502), { kind: 'drop' });
    herald = spawnHerald(['start'], env);
    const port = await herald.port();
    await feed.waitForRequests('/rss.xml', 1);
    const items = Array.from({ length: 4 }, (_, i) => ({ title: `Secret test ${i}`, link: `https://session.foundation/blog/secret-${i}`, pubDate: new Date() }));
    feed.setFeed('/rss.xml', rss([...items, { title: 'Base', link: 'https://session.foundation/blog/base', pubDate: new Date() }]));
    await waitFor(() => x.requestsTo('POST /2/tweets').length >= 5 && mastodon.requestsTo('POST /api/v1/statuses').length >= 4, 'the faults to be served', { timeoutMs: 20_000 });
    await waitFor(() => bluesky.requestsTo('POST /xrpc/com.atproto.repo.createRecord').length >= 3, 'the Bluesky faults to be served', { timeoutMs: 20_000 });
    feed.setFeed('/rss.xml', '<rss><channel><item><title>broken', { contentType: 'application/rss+xml' });
    await feed.waitForRequests('/rss.xml', feed.requests.length + 2);

    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${SECRETS.ADMIN_TOKEN}` };
    for (const [path, init] of [
      ['/healthz', {}],
      ['/readyz', {}],
      ['/metrics', {}],
      ['/admin/status', { headers: auth }],
      ['/admin/status', { headers: { authorization: 'Bearer wrong' } }],
      ['/admin/repost', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"item": 42}' }],
      ['/admin/repost', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"item": "nothing-like-this"}' }],
      ['/admin/queues', { headers: auth }],
      ['/nope', {}],
    ] as const) {
      const res = await fetch(`${base}${path}`, init as RequestInit);
      responses.push(`${path} ${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
    }
    // Independent runs, side by side.
    const cli = await Promise.all([
      runHerald(['config'], env),
      runHerald(['config', '--json'], env),
      runHerald(['status', '--json'], env),
      runHerald(['start'], { ...env, FEED_POLL_SECONDS: 'zero' }),
      runHerald(['start'], { ...env, X_ACCESS_SECRET: '', REDIS_URL: 'nope' }),
    ]);
    herald.child.kill('SIGTERM');
    await herald.exited;

    const redis = new Redis(TEST_REDIS_URL);
    const saved = JSON.parse((await redis.get(`${prefix}:session:bluesky:${bluesky.handle}`)) ?? '{}') as { session?: { accessJwt: string; refreshJwt: string } };
    redis.disconnect();
    const tokens = [saved.session?.accessJwt, saved.session?.refreshJwt];
    expect(tokens.every((t) => typeof t === 'string' && t.length > 40)).toBe(true);

    const logs = `${herald.stdout()}\n${herald.stderr()}`;
    for (const token of tokens) expect(logs.includes(token!) || responses.join('\n').includes(token!)).toBe(false);
    expect(logs.split('\n').length).toBeGreaterThan(15);
    expect(logs).toMatch(/X rejected the credentials \(401\)/);
    expect(logs).toMatch(/Mastodon rejected the token \(401\)/);
    expect(leaks(logs)).toEqual([]);
    expect(leaks(responses.join('\n'))).toEqual([]);
    for (const result of cli) expect(leaks(`${result.stdout}\n${result.stderr}`)).toEqual([]);
  });
});
