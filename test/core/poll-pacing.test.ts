import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedId } from '../../src/core/announce/feed-id.ts';
import { MAX_FEED_FLOOR_MS, pollFeed } from '../../src/core/announce/poll-feed.ts';
import { getStatus } from '../../src/core/operate/get-status.ts';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';
import { type CoreWorld, coreWorld } from '../helpers/core-world.ts';

const POLL_MS = 30_000;
const post = (n: number) => ({ title: `Session update ${n}`, link: `https://session.foundation/blog/pacing-${n}`, pubDate: new Date(Date.now() - n * 60_000) });

/**
 * The feed's own pacing headers under the 30-second schedule: `Cache-Control: max-age` and
 * `Retry-After` hold the scheduled polls back (no request at all) until they pass, capped at an
 * hour; without them every tick asks. The scheduler is played by hand on the manual clock.
 */
describe('pollFeed honours the feed\'s Cache-Control max-age and Retry-After', () => {
  let feed: FakeFeed;
  let world: CoreWorld;
  let feedUrl: string;
  const requests = () => feed.requests.filter((r) => r.path === '/rss.xml');
  /** One scheduled tick: the clock moves a poll interval, then the poll job runs. */
  const tick = async (ms = POLL_MS) => {
    world.clock.advance(ms);
    return pollFeed(feedUrl, world.poll);
  };
  /** Ticks until the feed is asked again; how many seconds that took. */
  const secondsUntilNextRequest = async (limitMs = 2 * MAX_FEED_FLOOR_MS) => {
    const before = requests().length;
    let waited = 0;
    while (requests().length === before && waited < limitMs) {
      await tick();
      waited += POLL_MS;
    }
    return { seconds: waited / 1000, asked: requests().length - before };
  };

  beforeEach(async () => {
    feed = await startFakeFeed();
    feedUrl = feed.feedUrl('/rss.xml');
    world = coreWorld({ FEED_URLS: feedUrl, FEED_POLL_SECONDS: '30' });
  });
  afterEach(() => feed.close());

  it('without pacing headers every 30-second tick asks the feed (one conditional GET)', async () => {
    feed.setFeed('/rss.xml', rss([post(1)]));
    await pollFeed(feedUrl, world.poll);
    expect(await secondsUntilNextRequest()).toEqual({ seconds: 30, asked: 1 });
    expect(requests().at(-1)).toMatchObject({ status: 304 });
    expect(requests().at(-1)?.headers['if-none-match']).toBeDefined();
  });

  it('max-age 120 with 30 s polls: no request until 120 s have passed, then one conditional GET', async () => {
    feed.setFeed('/rss.xml', rss([post(1)]), { headers: { 'cache-control': 'public, max-age=120' } });
    await pollFeed(feedUrl, world.poll);
    for (const _ of [30, 60, 90]) expect(await tick()).toMatchObject({ result: 'skipped', skipReason: 'max-age' });
    expect(requests()).toHaveLength(1);
    expect(await tick()).toMatchObject({ result: 'not-modified' });
    expect(requests()).toHaveLength(2);
    expect(requests()[1]?.headers['if-none-match']).toMatch(/^"[0-9a-f]+"$/);
    expect(requests()[1]?.status).toBe(304);
    // The 304 carried max-age again: the next 120 s are quiet too.
    expect(await secondsUntilNextRequest()).toEqual({ seconds: 120, asked: 1 });
  });

  it('a max-age that is a multiple of the interval costs no extra interval when a tick lands a little early', async () => {
    feed.setFeed('/rss.xml', rss([post(1)]), { headers: { 'cache-control': 'max-age=60' } });
    await pollFeed(feedUrl, world.poll);
    expect(await tick(POLL_MS - 5)).toMatchObject({ result: 'skipped', skipReason: 'max-age' });
    expect(await tick(POLL_MS - 5)).toMatchObject({ result: 'not-modified' });
    expect(requests()).toHaveLength(2);
  });

  it('a new post behind max-age is found by the first poll after it expires', async () => {
    feed.setFeed('/rss.xml', rss([post(2)]), { headers: { 'cache-control': 'max-age=90' } });
    await pollFeed(feedUrl, world.poll);
    feed.setFeed('/rss.xml', rss([post(1), post(2)]), { headers: { 'cache-control': 'max-age=90' } });
    expect(await tick()).toMatchObject({ result: 'skipped', announced: [] });
    expect(await tick()).toMatchObject({ result: 'skipped', announced: [] });
    const found = await tick();
    expect(found).toMatchObject({ result: 'fetched' });
    expect(found.announced.map((i) => i.link)).toEqual(['https://session.foundation/blog/pacing-1']);
  });

  it('no-store or no-cache beside max-age mean no floor', async () => {
    feed.setFeed('/rss.xml', rss([post(1)]), { headers: { 'cache-control': 'max-age=600, no-cache' } });
    await pollFeed(feedUrl, world.poll);
    expect(await secondsUntilNextRequest()).toEqual({ seconds: 30, asked: 1 });
  });

  it('a hostile max-age (a year) holds the feed back an hour at most', async () => {
    feed.setFeed('/rss.xml', rss([post(1)]), { headers: { 'cache-control': 'max-age=31536000' } });
    await pollFeed(feedUrl, world.poll);
    expect(await secondsUntilNextRequest()).toEqual({ seconds: MAX_FEED_FLOOR_MS / 1000, asked: 1 });
  });

  it('Retry-After on a 503 is honoured over the shorter backoff, by manual polls too; max-age is not', async () => {
    feed.setFeed('/rss.xml', rss([post(1)]));
    await pollFeed(feedUrl, world.poll);
    feed.failNext('/rss.xml', { kind: 'status', status: 503, headers: { 'retry-after': '600' } });
    expect(await tick()).toMatchObject({ result: 'failed', nextAttemptAt: world.clock.now() + 600_000 });
    expect(await pollFeed(feedUrl, world.poll, { force: true })).toMatchObject({ result: 'skipped', skipReason: 'retry-after' });
    const status = await getStatus(world.ctx);
    expect(status.feeds[0]?.nextPollNotBefore).toEqual({ at: new Date(world.clock.now() + 600_000).toISOString(), reason: 'retry-after' });
    expect(await secondsUntilNextRequest()).toEqual({ seconds: 600, asked: 1 });
    expect(requests().at(-1)?.status).toBe(304);

    // Positive control: a manual poll does go through a max-age floor.
    feed.setFeed('/rss.xml', rss([post(1)]), { headers: { 'cache-control': 'max-age=600' } });
    await tick();
    const before = requests().length;
    expect(await tick()).toMatchObject({ result: 'skipped', skipReason: 'max-age' });
    expect(await pollFeed(feedUrl, world.poll, { force: true })).toMatchObject({ result: 'not-modified' });
    expect(requests()).toHaveLength(before + 1);
  });

  it('Retry-After as an HTTP-date on a 429, and on a 200, holds the scheduled polls back', async () => {
    feed.setFeed('/rss.xml', rss([post(1)]));
    await pollFeed(feedUrl, world.poll);
    feed.failNext('/rss.xml', { kind: 'status', status: 429, headers: { 'retry-after': new Date(Date.now() + 300_000).toUTCString() } });
    expect(await tick()).toMatchObject({ result: 'failed' });
    const afterRateLimit = await secondsUntilNextRequest();
    expect(afterRateLimit.seconds).toBeGreaterThanOrEqual(270);
    expect(afterRateLimit.seconds).toBeLessThanOrEqual(330);

    feed.setFeed('/rss.xml', rss([post(1), post(2)]), { headers: { 'retry-after': '150' } });
    expect(await tick()).toMatchObject({ result: 'fetched' });
    expect(await secondsUntilNextRequest()).toEqual({ seconds: 150, asked: 1 });
  });

  it('a failure keeps the error backoff when it is longer than the feed asked; a success clears both', async () => {
    feed.setFeed('/rss.xml', rss([post(1)]));
    await pollFeed(feedUrl, world.poll);
    for (let i = 0; i < 4; i += 1) feed.failNext('/rss.xml', { kind: 'status', status: 503, headers: { 'retry-after': '10' } });
    expect(await tick()).toMatchObject({ result: 'failed' }); // backoff 30 s
    expect(await secondsUntilNextRequest()).toEqual({ seconds: 30, asked: 1 }); // backoff 60 s
    expect(await secondsUntilNextRequest()).toEqual({ seconds: 60, asked: 1 }); // backoff 120 s
    expect(await secondsUntilNextRequest()).toEqual({ seconds: 120, asked: 1 }); // backoff 240 s
    expect(await secondsUntilNextRequest()).toEqual({ seconds: 240, asked: 1 }); // 304
    const state = await world.stores.feeds.get(feedId(feedUrl));
    expect(state).toMatchObject({ consecutiveFailures: 0 });
    expect(state.retryAfterUntil).toBeUndefined();
    expect(await secondsUntilNextRequest()).toEqual({ seconds: 30, asked: 1 });
  });
});
