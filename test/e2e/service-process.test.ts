import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { runHerald, spawnHerald } from '../helpers/spawn-herald.ts';

const item = (n: number) => ({
  title: `Process test post ${n}`,
  link: `https://session.foundation/blog/process-${n}`,
  pubDate: new Date(),
});

describe('herald start, as a process', () => {
  let feed: FakeFeed;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let world: FakeWorld;

  beforeEach(async () => {
    world = await startFakeWorld();
    ({ feed, x, mastodon } = world);
  });
  afterEach(async () => {
    await world.close();
  });

  it('serves health checks, posts a new item once per platform, and stops on SIGTERM', async () => {
    feed.setFeed('/rss.xml', rss([item(2)]));
    const env = world.env({
      LOG_LEVEL: 'info',
    });
    const herald = spawnHerald(['start'], env);
    try {
      const port = await herald.port();
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      await feed.waitForRequests('/rss.xml', 1);

      feed.setFeed('/rss.xml', rss([item(1), item(2)]));
      const [tweet] = await x.waitForRequests('POST /2/tweets', 1, 10_000);
      const [status] = await mastodon.waitForRequests('POST /api/v1/statuses', 1, 10_000);
      expect(JSON.stringify(tweet!.json)).toContain(item(1).link);
      expect(JSON.stringify(status!.json)).toContain(item(1).link);

      // Exit 0 is the graceful path: past SHUTDOWN_TIMEOUT_SECONDS the process exits 1 by itself.
      herald.child.kill('SIGTERM');
      const { code } = await herald.exited;
      expect(code).toBe(0);
      expect(herald.stdout()).not.toContain('shutdown deadline passed');
      expect(x.tweets).toHaveLength(1);
      expect(mastodon.statuses).toHaveLength(1);
    } finally {
      herald.child.kill('SIGKILL');
    }
  });

  it('refuses to start on bad configuration, naming each variable', async () => {
    const result = await runHerald(['start'], {
      FEED_POLL_SECONDS: 'often',
      X_APP_KEY: 'only-this',
      REDIS_URL: 'localhost',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/FEED_POLL_SECONDS must be a whole number/);
    expect(result.stderr).toMatch(/X credentials are incomplete/);
    expect(result.stderr).toMatch(/REDIS_URL must look like redis:\/\/host:port/);
  });
});
