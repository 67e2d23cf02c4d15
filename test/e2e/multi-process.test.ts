import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { type HeraldProcess, spawnHerald } from '../helpers/spawn-herald.ts';
import { waitFor } from '../helpers/wait-for.ts';

const item = (n: number) => ({
  title: `Replica post ${n}`,
  link: `https://session.foundation/blog/replica-${n}`,
  pubDate: new Date(Date.now() - n * 60_000),
});

describe('several processes and kills', () => {
  let feed: FakeFeed;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let world: FakeWorld;
  let env: Record<string, string>;
  let processes: HeraldProcess[] = [];

  const start = () => {
    const herald = spawnHerald(['start'], env);
    processes.push(herald);
    return herald;
  };

  beforeEach(async () => {
    world = await startFakeWorld();
    ({ feed, x, mastodon } = world);
    env = world.env({
      JOB_LOCK_SECONDS: '1',
      LOG_LEVEL: 'info',
    });
  });
  afterEach(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    processes = [];
    await world.close();
  });

  it('three processes on one Redis: each feed polled once per interval, each item posted once per platform', async () => {
    feed.setFeed('/rss.xml', rss([item(10)]));
    const replicas = [start(), start(), start()];
    await Promise.all(replicas.map((r) => r.port()));
    await feed.waitForRequests('/rss.xml', 2, 10_000);

    const windowStart = Date.now();
    const before = feed.requests.length;
    for (let batch = 0; batch < 3; batch++) {
      const items = Array.from({ length: (batch + 1) * 2 }, (_, i) => item(i + 1));
      feed.setFeed('/rss.xml', rss([...items, item(10)]));
      await waitFor(() => x.tweets.length === (batch + 1) * 2, `batch ${batch + 1} on X`, { timeoutMs: 10_000 });
    }
    await waitFor(() => mastodon.statuses.length === 6, 'six statuses on Mastodon');
    await feed.waitForRequests('/rss.xml', feed.requests.length + 2, 10_000);
    const seconds = (Date.now() - windowStart) / 1000;
    const polls = feed.requests.length - before;
    // One poll per second across all three processes, not three.
    expect(polls).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
    expect(x.tweets).toHaveLength(6);
    expect(mastodon.statuses).toHaveLength(6);
    expect(new Set(x.tweets.map((t) => t.text)).size).toBe(6);
  });

  it('a worker killed (SIGKILL) in the middle of a publish: another process completes it without a duplicate', async () => {
    feed.setFeed('/rss.xml', rss([item(10)]));
    const doomed = start();
    await doomed.port();
    await feed.waitForRequests('/rss.xml', 1);
    x.failNext('POST /2/tweets', { kind: 'delay', ms: 3000 });
    feed.setFeed('/rss.xml', rss([item(1), item(10)]));
    await x.waitForRequests('POST /2/tweets', 1, 5000);
    doomed.child.kill('SIGKILL');
    await doomed.exited;

    const survivor = start();
    await survivor.port();
    await waitFor(() => x.tweets.length >= 1 && mastodon.statuses.length === 1, 'the post to exist on both platforms', {
      timeoutMs: 15_000,
    });
    await feed.waitForRequests('/rss.xml', feed.requests.length + 3, 10_000);
    expect(x.tweets).toHaveLength(1);
    expect(mastodon.statuses).toHaveLength(1);
  });
});
