import { describe, expect, it } from 'vitest';
import { rss } from '../fakes/feed-builders.ts';
import { useHeraldFleet } from '../helpers/herald-fleet.ts';
import { waitFor } from '../helpers/wait-for.ts';

const item = (n: number) => ({
  title: `Replica post ${n}`,
  link: `https://session.foundation/blog/replica-${n}`,
  pubDate: new Date(Date.now() - n * 60_000),
});

describe('several processes and kills', () => {
  const fleet = useHeraldFleet();
  const start = () => fleet.start();

  it('three processes on one Redis: each feed polled once per interval, each item posted once per platform', async () => {
    const { feed, x, mastodon } = fleet.world;
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
    const { feed, x, mastodon } = fleet.world;
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
    // One more poll once the post exists: the survivor does not post it again.
    await feed.waitForRequests('/rss.xml', feed.requests.length + 1, 10_000);
    expect(x.tweets).toHaveLength(1);
    expect(mastodon.statuses).toHaveLength(1);
  });
});
