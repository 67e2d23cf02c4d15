import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MASTODON_FOOTER, DEFAULT_X_FOOTER } from '../../config/defaults.ts';
import { attemptPublish } from '../../src/core/publish/attempt-publish.ts';
import { announceJob } from '../../src/core/publish/publish-job.ts';
import type { Item } from '../../src/domain/item.ts';
import { RateLimitedError, TransientError } from '../../src/domain/platform-errors.ts';
import { type FakeMastodon, m429, m5xx, startFakeMastodon } from '../fakes/fake-mastodon.ts';
import { type FakeX, htmlError, startFakeX, x401, x402, x403NoWrite, x429, x5xx, xUsageCapped } from '../fakes/fake-x.ts';
import { type CoreWorld, coreWorld } from '../helpers/core-world.ts';
import { TEST_X_CREDENTIALS } from '../helpers/fake-world.ts';
import { ScriptedPublisher } from '../helpers/scripted-publisher.ts';

const item: Item = {
  id: 'a1b2c3d4e5f60718',
  identity: 'https://session.foundation/blog/fault-1',
  title: 'Session Protocol V2: PFS & more',
  link: 'https://session.foundation/blog/fault-1',
  feedUrl: 'https://session.foundation/rss.xml',
  firstSeenAt: new Date().toISOString(),
  status: 'announced',
};
const job = announceJob(item);

describe('attemptPublish: one attempt and the decision the queue acts on', () => {
  let x: FakeX;
  let mastodon: FakeMastodon;
  let world: CoreWorld;
  const attempt = (platform: 'x' | 'mastodon', data = job) => attemptPublish(data, { ...world.attempt(platform), random: () => 0 });
  const ledger = (platform: 'x' | 'mastodon') => world.stores.ledger.get(item.id, platform);

  beforeEach(async () => {
    [x, mastodon] = await Promise.all([startFakeX(), startFakeMastodon()]);
    world = coreWorld({
      X_API_BASE_URL: x.url,
      ...TEST_X_CREDENTIALS,
      MASTODON_URL: mastodon.url,
      MASTODON_ACCESS_TOKEN: mastodon.accessToken,
      HTTP_TIMEOUT_SECONDS: '0.5',
    });
  });
  afterEach(() => Promise.all([x.close(), mastodon.close()]));

  it('posts title, link and the platform footer once; a second attempt calls nothing', async () => {
    expect(await attempt('x')).toMatchObject({ kind: 'done', remoteId: x.tweets[0]?.id });
    expect(await attempt('mastodon')).toMatchObject({ kind: 'done', remoteId: mastodon.statuses[0]?.id });
    const [tweet] = x.requestsTo('POST /2/tweets');
    expect((tweet!.json as { text: string }).text).toBe(`Session Protocol V2: PFS & more\n\n${item.link}\n\n${DEFAULT_X_FOOTER}`);
    const [status] = mastodon.requestsTo('POST /api/v1/statuses');
    expect((status!.json as { status: string }).status).toBe(`Session Protocol V2: PFS & more\n\n${item.link}\n\n${DEFAULT_MASTODON_FOOTER}`);
    expect(status!.headers['idempotency-key']).toBe(`herald-${item.id}`);
    expect(await ledger('x')).toMatchObject({ state: 'posted', remoteId: x.tweets[0]?.id, url: `https://x.com/i/status/${x.tweets[0]?.id}` });

    expect(await attempt('x')).toMatchObject({ kind: 'done', remoteId: x.tweets[0]?.id });
    expect(x.requestsTo('POST /2/tweets')).toHaveLength(1);
    expect(await world.metric('herald_posts_total{platform="x",outcome="already_posted"}')).toBe(1);
    expect(await world.metric('herald_posts_total{platform="x",outcome="posted"}')).toBe(1);
  });

  it('the kill switch: the job waits, and nothing is sent', async () => {
    await world.stores.platforms.setPause('x', { reason: 'incident', since: world.clock.now() });
    expect(await attempt('x')).toEqual({ kind: 'paused' });
    expect(x.requests).toHaveLength(0);
    expect(await attempt('mastodon')).toMatchObject({ kind: 'done' });
  });

  it('X 429: the platform waits for the announced reset; the post was not taken', async () => {
    x.failNext('POST /2/tweets', x429({ resetInSeconds: 300 }));
    const step = await attempt('x');
    const reset = Math.floor(x.requests[0]!.at / 1000) * 1000 + 300_000;
    expect(step).toEqual({ kind: 'rate-limited', holdMs: reset - world.clock.now() + 250, rateLimitHits: 1 });
    expect(await world.stores.platforms.rateLimitedUntil('x')).toBe(reset + 250);
    expect(await ledger('x')).toMatchObject({ state: 'pending' });
    expect((await ledger('x'))?.attemptedAt).toBeUndefined();
    expect(await world.metric('herald_rate_limited_total{platform="x"}')).toBe(1);
    expect(await attempt('mastodon')).toMatchObject({ kind: 'done' });
  });

  it('X 24-hour cap: waits for the 24-hour reset, not the sooner 15-minute one', async () => {
    x.failNext('POST /2/tweets', x429({ resetInSeconds: 3600, userDayCap: true }));
    const step = await attempt('x');
    expect(step.kind).toBe('rate-limited');
    expect(step.kind === 'rate-limited' && step.holdMs).toBeGreaterThan(3_590_000);
  });

  it('Mastodon 429: waits for X-RateLimit-Reset (ISO 8601)', async () => {
    mastodon.failNext('POST /api/v1/statuses', m429({ resetInSeconds: 120 }));
    const step = await attempt('mastodon');
    expect(step.kind).toBe('rate-limited');
    expect(step.kind === 'rate-limited' && step.holdMs).toBeGreaterThan(115_000);
    expect(step.kind === 'rate-limited' && step.holdMs).toBeLessThan(125_000);
  });

  it('a 429 without a reset backs off from a minute, doubling with each hit', async () => {
    const limited = new ScriptedPublisher('x');
    limited.failNext(new RateLimitedError('X rate limit reached while posting', undefined), new RateLimitedError('again', undefined));
    const deps = { ...world.attempt('x'), publisher: limited, random: () => 0 };
    expect(await attemptPublish(job, deps)).toEqual({ kind: 'rate-limited', holdMs: 60_250, rateLimitHits: 1 });
    expect(await attemptPublish({ ...job, rateLimitHits: 1 }, deps)).toEqual({ kind: 'rate-limited', holdMs: 120_250, rateLimitHits: 2 });
    expect(await world.stores.platforms.rateLimitedUntil('x')).toBe(world.clock.now() + 120_250);
    expect(await attemptPublish(job, deps)).toMatchObject({ kind: 'done' });
    expect(limited.posts).toHaveLength(1);
  });

  it('a success with no calls left holds the platform until the reset', async () => {
    const resetAt = Math.floor(Date.now() / 1000) + 600;
    x.setRateLimit('POST /2/tweets', { remaining: 0, resetAt });
    const step = await attempt('x');
    expect(step).toMatchObject({ kind: 'done', holdMs: resetAt * 1000 - world.clock.now() + 250 });
    expect(x.tweets).toHaveLength(1);
  });

  for (const [name, fault, pattern, status] of [
    ['402 credits depleted', x402(), /credits are depleted \(402\)/, '402'],
    ['usage-capped 429', xUsageCapped(), /usage cap reached/, '429'],
    ['401', x401(), /X_ACCESS_TOKEN and X_ACCESS_SECRET/, '401'],
    ['403 without write permission', x403NoWrite(), /Read and write/, '403'],
  ] as const) {
    it(`hard stop (${name}): final, with a message saying what to do`, async () => {
      x.failNext('POST /2/tweets', fault);
      const step = await attempt('x');
      expect(step.kind).toBe('hard-stop');
      expect(step.kind === 'hard-stop' && step.message).toMatch(pattern);
      expect(await ledger('x')).toMatchObject({ state: 'failed', reason: expect.stringMatching(pattern) });
      expect(await world.metric(`herald_hard_stops_total{platform="x",status="${status}"}`)).toBe(1);
      expect(await attempt('mastodon')).toMatchObject({ kind: 'done' });
    });
  }

  it('transient faults (5xx, an HTML error page) are thrown for a backoff; the post goes out once', async () => {
    x.failNext('POST /2/tweets', x5xx(502), htmlError(503));
    mastodon.failNext('POST /api/v1/statuses', htmlError(503), m5xx(500));
    for (const platform of ['x', 'mastodon'] as const) {
      await expect(attempt(platform)).rejects.toBeInstanceOf(TransientError);
      await expect(attempt(platform)).rejects.toBeInstanceOf(TransientError);
      expect(await attempt(platform)).toMatchObject({ kind: 'done' });
    }
    expect(x.tweets).toHaveLength(1);
    expect(mastodon.statuses).toHaveLength(1);
    expect(await world.metric('herald_posts_total{platform="x",outcome="transient_error"}')).toBe(2);
  });

  it('a dropped connection after X stored the post: the retry looks, finds it, posts nothing', async () => {
    x.failNext('POST /2/tweets', { kind: 'drop-after-commit' });
    await expect(attempt('x')).rejects.toThrow(/could not be reached/);
    expect(await ledger('x')).toMatchObject({ state: 'pending', attemptedAt: world.clock.now() });
    expect(await attempt('x')).toMatchObject({ kind: 'done', remoteId: x.tweets[0]!.id });
    expect(x.requestsTo('GET /2/users/:id/tweets')).toHaveLength(1);
    expect(x.requestsTo('POST /2/tweets')).toHaveLength(1);
    expect(await ledger('x')).toMatchObject({ state: 'posted', remoteId: x.tweets[0]!.id });
  });

  it('a dropped connection after Mastodon stored the post: one status, found on the timeline', async () => {
    mastodon.failNext('POST /api/v1/statuses', { kind: 'drop-after-commit' });
    await expect(attempt('mastodon')).rejects.toThrow();
    expect(await attempt('mastodon')).toMatchObject({ kind: 'done', remoteId: mastodon.statuses[0]!.id });
    expect(mastodon.statuses).toHaveLength(1);
  });

  it('a stall past the timeout on X (the post not stored): the retry looks, then posts once', async () => {
    x.failNext('POST /2/tweets', { kind: 'stall' });
    await expect(attempt('x')).rejects.toThrow();
    expect(await attempt('x')).toMatchObject({ kind: 'done' });
    expect(x.requestsTo('POST /2/tweets')).toHaveLength(2);
    expect(x.tweets).toHaveLength(1);
  });

  it('dry run: logs the exact post and records it; nothing is sent', async () => {
    world = coreWorld({ DRY_RUN: 'true' });
    expect(await attempt('x')).toMatchObject({ kind: 'done', remoteId: `dry-run-herald-${item.id}` });
    expect(await attempt('mastodon')).toMatchObject({ kind: 'done' });
    const texts = world.logs.filter((l) => l.dryRun === true).map((l) => l.text);
    expect(texts).toEqual([
      `Session Protocol V2: PFS & more\n\n${item.link}\n\n${DEFAULT_X_FOOTER}`,
      `Session Protocol V2: PFS & more\n\n${item.link}\n\n${DEFAULT_MASTODON_FOOTER}`,
    ]);
    expect(await ledger('x')).toMatchObject({ state: 'posted', dryRun: true });
    expect(x.requests).toHaveLength(0);
    expect(mastodon.requests).toHaveLength(0);
    expect(await world.metric('herald_posts_total{platform="x",outcome="dry_run"}')).toBe(1);
  });
});
