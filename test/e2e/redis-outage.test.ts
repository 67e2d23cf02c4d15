import { describe, expect, it } from 'vitest';
import { rss } from '../fakes/feed-builders.ts';
import { ownRedis, useHeraldFleet } from '../helpers/herald-fleet.ts';
import { waitFor } from '../helpers/wait-for.ts';

const item = (n: number) => ({
  title: `Outage post ${n}`,
  link: `https://session.foundation/blog/outage-${n}`,
  pubDate: new Date(Date.now() - n * 60_000),
});

/** How long Redis stays down: 8 s by default, 30 s in `npm run test:chaos` (REDIS_OUTAGE_SECONDS). */
const OUTAGE_SECONDS = Number(process.env.REDIS_OUTAGE_SECONDS ?? 8);

describe('a Redis outage', () => {
  const fleet = useHeraldFleet();

  it(`Redis stopped for ${OUTAGE_SECONDS} s: the service stays up, /readyz says 503, then it resumes; nothing lost`, { timeout: 90_000 + OUTAGE_SECONDS * 1000 }, async () => {
    const { feed, x, mastodon } = fleet.world;
    const redis = await ownRedis();
    try {
      await redis.start();
      fleet.env.REDIS_URL = redis.url;
      feed.setFeed('/rss.xml', rss([item(10)]));
      const herald = fleet.start();
      const httpPort = await herald.port();
      await feed.waitForRequests('/rss.xml', 1);
      feed.setFeed('/rss.xml', rss([item(1), item(10)]));
      await waitFor(() => x.tweets.length === 1 && mastodon.statuses.length === 1, 'the first item');

      await redis.stop();
      const outageStart = Date.now();
      await waitFor(async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 503, '/readyz to say 503');
      const body = (await (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).json()) as { reason: string };
      expect(body.reason).toMatch(/redis/i);
      feed.setFeed('/rss.xml', rss([item(0), item(1), item(10)]));
      await waitFor(() => Date.now() - outageStart >= OUTAGE_SECONDS * 1000, 'the whole outage', { timeoutMs: OUTAGE_SECONDS * 1000 + 5000, intervalMs: 500 });
      expect(herald.child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${httpPort}/healthz`)).status).toBe(200);

      await redis.start();
      await waitFor(async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 200, '/readyz to recover', { timeoutMs: 30_000 });
      await waitFor(() => x.tweets.length === 2 && mastodon.statuses.length === 2, 'the item added during the outage', { timeoutMs: 30_000 });
      // One more poll after the posts: the recovered service does not announce anything again.
      await feed.waitForRequests('/rss.xml', feed.requests.length + 1, 10_000);
      expect(x.tweets).toHaveLength(2);
      expect(mastodon.statuses).toHaveLength(2);
      // The whole outage in a few JSON lines (issue 16): one warning (then one a minute), one
      // recovery line; no stack trace anywhere, however many connections retried how often.
      const lines = herald.stdout().split('\n').filter((l) => l.trim() !== '');
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
      const warnings = lines.filter((l) => /"level":40/.test(l) && /Redis/.test(l));
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      expect(warnings.length).toBeLessThanOrEqual(1 + Math.ceil(OUTAGE_SECONDS / 60));
      expect(lines.filter((l) => l.includes('Redis reachable again'))).toHaveLength(1);
      expect(herald.stdout() + herald.stderr()).not.toContain('    at ');
    } finally {
      redis.dispose();
    }
  });
});
