import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';
import { type FakeMastodon, m429, m5xx } from '../fakes/fake-mastodon.ts';
import { type FakeX, htmlError, x401, x402, x403NoWrite, x429, x5xx, xUsageCapped } from '../fakes/fake-x.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { runHerald } from '../helpers/spawn-herald.ts';
import { startTestService, type TestService, } from '../helpers/start-test-service.ts';
import { waitFor } from '../helpers/wait-for.ts';

const item = (n: number) => ({
  title: `Fault test post ${n}`,
  link: `https://session.foundation/blog/fault-${n}`,
  pubDate: new Date(Date.now() - n * 60_000),
});

describe('rate limits and faults', () => {
  let feed: FakeFeed;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let prefix: string;
  let world: FakeWorld;
  let service: TestService | undefined;
  let env: Record<string, string>;

  beforeEach(async () => {
    world = await startFakeWorld();
    ({ feed, x, mastodon, prefix } = world);
    env = world.env({
      HTTP_TIMEOUT_SECONDS: '1',
    });
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    await world.close();
  });

  /** Starts the service on a one-item feed, then adds `count` new items. */
  async function startAndAdd(count = 1, extraEnv: Record<string, string> = {}) {
    feed.setFeed('/rss.xml', rss([item(10)]));
    service = await startTestService(prefix, { ...env, ...extraEnv });
    await feed.waitForRequests('/rss.xml', 1);
    feed.setFeed('/rss.xml', rss([...Array.from({ length: count }, (_, i) => item(i + 1)), item(10)]));
  }
  const ledger = async (platform: string) =>
    JSON.parse((await runHerald(['status', '--json'], env)).stdout).items.find((i: { link: string }) => i.link === item(1).link)
      ?.platforms[platform];

  it('X 429: no request to X before the reset, Mastodon unaffected, no attempt consumed', async () => {
    x.failNext('POST /2/tweets', x429({ resetInSeconds: 2 }));
    await startAndAdd();
    const [limited] = await x.waitForRequests('POST /2/tweets', 1);
    await mastodon.waitForRequests('POST /api/v1/statuses', 1, 3000);
    const [, retried] = await x.waitForRequests('POST /2/tweets', 2, 8000);
    const reset = Math.floor(limited!.at / 1000) * 1000 + 2000;
    expect(retried!.at).toBeGreaterThanOrEqual(reset);
    expect(x.violations()).toEqual([]);
    expect(x.tweets).toHaveLength(1);
    await waitFor(async () => (await ledger('x'))?.state === 'posted', 'the X ledger to say posted');
  });

  it('X 24-hour cap: waits for the 24-hour reset, not the sooner 15-minute one', async () => {
    x.failNext('POST /2/tweets', x429({ resetInSeconds: 3, userDayCap: true }));
    await startAndAdd();
    const [limited] = await x.waitForRequests('POST /2/tweets', 1);
    const [, retried] = await x.waitForRequests('POST /2/tweets', 2, 10_000);
    expect(retried!.at).toBeGreaterThanOrEqual(Math.floor(limited!.at / 1000) * 1000 + 3000);
    expect(x.violations()).toEqual([]);
  });

  it('Mastodon 429: waits for X-RateLimit-Reset (ISO 8601); X unaffected', async () => {
    mastodon.failNext('POST /api/v1/statuses', m429({ resetInSeconds: 2 }));
    await startAndAdd();
    const [limited] = await mastodon.waitForRequests('POST /api/v1/statuses', 1);
    await x.waitForRequests('POST /2/tweets', 1, 3000);
    const [, retried] = await mastodon.waitForRequests('POST /api/v1/statuses', 2, 8000);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(1000);
    expect(mastodon.violations()).toEqual([]);
    expect(mastodon.statuses).toHaveLength(1);
  });

  it('a 429 without a reset backs off from 60 s', async () => {
    x.failNext('POST /2/tweets', { kind: 'status', status: 429, body: '{"title":"Too Many Requests"}', contentType: 'application/json' });
    await startAndAdd();
    await x.waitForRequests('POST /2/tweets', 1);
    await waitFor(async () => {
      const status = JSON.parse((await runHerald(['status', '--json'], env)).stdout);
      const until = status.platforms.x.rateLimitedUntil;
      return until !== null && Date.parse(until) - Date.now() > 55_000;
    }, 'status to show X rate-limited for about a minute');
    expect(x.requestsTo('POST /2/tweets')).toHaveLength(1);
  });

  it('a success with no calls left pauses X until the reset before the next call', async () => {
    const resetAt = Math.floor(Date.now() / 1000) + 3;
    x.setRateLimit('POST /2/tweets', { remaining: 0, resetAt });
    await startAndAdd(2);
    const [first] = await x.waitForRequests('POST /2/tweets', 1);
    const [, second] = await x.waitForRequests('POST /2/tweets', 2, 10_000);
    expect(first!.at).toBeLessThan(resetAt * 1000);
    expect(second!.at).toBeGreaterThanOrEqual(resetAt * 1000);
    expect(x.requestsTo('POST /2/tweets').filter((r) => r.at < resetAt * 1000)).toHaveLength(1);
    expect(x.violations()).toEqual([]);
  });

  for (const [name, fault, pattern] of [
    ['402 credits depleted', x402(), /credits are depleted \(402\)/],
    ['usage-capped 429', xUsageCapped(), /usage cap reached/],
    ['401', x401(), /X_ACCESS_TOKEN and X_ACCESS_SECRET/],
    ['403 without write permission', x403NoWrite(), /Read and write/],
  ] as const) {
    it(`hard stop (${name}): fails once with an actionable message; herald retry posts it once fixed`, async () => {
      x.failNext('POST /2/tweets', fault);
      await startAndAdd();
      await mastodon.waitForRequests('POST /api/v1/statuses', 1, 3000);
      await waitFor(async () => (await ledger('x'))?.state === 'failed', 'the X ledger to say failed');
      const failed = await ledger('x');
      expect(failed.reason).toMatch(pattern);
      await feed.waitForRequests('/rss.xml', feed.requests.length + 2);
      expect(x.requestsTo('POST /2/tweets')).toHaveLength(1);
      const metrics = await (await fetch(`http://127.0.0.1:${service!.service.port}/metrics`)).text();
      expect(metrics).toMatch(/herald_hard_stops_total\{platform="x",status="\d+"\} 1/);

      const key = JSON.parse((await runHerald(['status', '--json'], env)).stdout).items[0].key;
      const retried = await runHerald(['retry', key, '--platform', 'x'], env);
      expect(retried.code).toBe(0);
      await waitFor(() => x.tweets.length === 1, 'the retried post');
      expect(mastodon.statuses).toHaveLength(1);
    });
  }

  it('transient faults (5xx, an HTML error page) retry and post once', async () => {
    x.failNext('POST /2/tweets', x5xx(502), htmlError(503));
    mastodon.failNext('POST /api/v1/statuses', htmlError(503), m5xx(500));
    await startAndAdd();
    await waitFor(() => x.tweets.length === 1 && mastodon.statuses.length === 1, 'both posts after the retries');
    await feed.waitForRequests('/rss.xml', feed.requests.length + 2);
    expect(x.tweets).toHaveLength(1);
    expect(mastodon.statuses).toHaveLength(1);
  });

  it('a dropped connection after X stored the post: Herald looks, finds it, does not post again', async () => {
    x.failNext('POST /2/tweets', { kind: 'drop-after-commit' });
    await startAndAdd();
    await x.waitForRequests('GET /2/users/:id/tweets', 1, 5000);
    await waitFor(async () => (await ledger('x'))?.state === 'posted', 'the X ledger to say posted');
    expect((await ledger('x')).id).toBe(x.tweets[0]!.id);
    expect(x.requestsTo('POST /2/tweets')).toHaveLength(1);
    expect(x.tweets).toHaveLength(1);
  });

  it('a stall past the timeout after Mastodon stored the post: the same Idempotency-Key, one status', async () => {
    mastodon.failNext('POST /api/v1/statuses', { kind: 'drop-after-commit' });
    await startAndAdd();
    await waitFor(async () => (await ledger('mastodon'))?.state === 'posted', 'the Mastodon ledger to say posted');
    expect(mastodon.statuses).toHaveLength(1);
    expect((await ledger('mastodon')).id).toBe(mastodon.statuses[0]!.id);
  });

  it('a stall past the timeout on X (the post not stored): retried, posted once', async () => {
    x.failNext('POST /2/tweets', { kind: 'stall' });
    await startAndAdd();
    await waitFor(() => x.tweets.length === 1, 'the post after the stall');
    expect(x.requestsTo('POST /2/tweets')).toHaveLength(2);
  });
});
