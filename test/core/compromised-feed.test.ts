import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composePost } from '../../src/core/announce/compose-post.ts';
import { feedId } from '../../src/core/announce/feed-id.ts';
import { pollFeed } from '../../src/core/announce/poll-feed.ts';
import { checkReadiness } from '../../src/core/operate/check-readiness.ts';
import { getStatus } from '../../src/core/operate/get-status.ts';
import { approveItem } from '../../src/core/operate/review-held-item.ts';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';
import { type CoreWorld, coreWorld } from '../helpers/core-world.ts';

const post = (n: number, link = `https://session.foundation/blog/guarded-${n}`, title = `Guarded post ${n}`) => ({
  title,
  link,
  pubDate: new Date(Date.now() - n * 60_000),
});

describe('compromised and hostile feeds', () => {
  let feed: FakeFeed;
  let world: CoreWorld;
  let feedUrl: string;
  const poll = (url = feedUrl, force = false) => pollFeed(url, world.poll, { force });

  beforeEach(async () => {
    feed = await startFakeFeed();
    feedUrl = feed.feedUrl('/rss.xml');
    world = coreWorld({ FEED_URLS: feedUrl });
    feed.setFeed('/rss.xml', rss([post(10)]));
    await poll();
  });
  afterEach(() => feed.close());

  it('holds an item whose link is off the official domains, with one warning, until approved', async () => {
    feed.setFeed('/rss.xml', rss([post(1, 'https://session-foundation.help/claim-airdrop', 'Claim the SESSION airdrop'), post(10)]));
    const result = await poll();
    expect(result.announced).toEqual([]);
    expect(result.held).toEqual([expect.objectContaining({ holdReason: 'offsite-link', link: 'https://session-foundation.help/claim-airdrop' })]);
    await poll(feedUrl, true);
    expect(world.queue.jobs('x')).toEqual([]);
    const warnings = world.logs.filter((l) => l.level === 40 && String(l.msg).includes('held for approval'));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.msg)).toContain(`herald approve ${result.held[0]!.id}`);
    expect(await world.metric('herald_items_held_total{reason="offsite-link"}')).toBe(1);
    expect((await getStatus(world.ctx)).held).toEqual([expect.objectContaining({ key: result.held[0]!.id, reason: 'offsite-link' })]);
  });

  it('holds every new item of a burst', async () => {
    feed.setFeed('/rss.xml', rss([post(1), post(2), post(3), post(4), post(10)]));
    const result = await poll();
    expect(result.announced).toEqual([]);
    expect(result.held.map((i) => i.holdReason)).toEqual(['burst', 'burst', 'burst', 'burst']);
    feed.setFeed('/rss.xml', rss([post(1), post(2), post(3), post(10)]));
    expect((await poll(feedUrl, true)).announced).toEqual([]);
  });

  it('a failing feed is polled less and less often, shows in status and readiness, and never blocks another feed', async () => {
    const goodUrl = feed.feedUrl('/good.xml');
    world = coreWorld({ FEED_URLS: `${feedUrl},${goodUrl}`, FEED_POLL_SECONDS: '60' });
    feed.setFeed('/good.xml', rss([post(20, 'https://session.foundation/blog/good-20')]));
    await poll(goodUrl);
    feed.setFeed('/rss.xml', '<html><body>Site under maintenance</body></html>', { contentType: 'text/html' });
    const gaps: number[] = [];
    for (let failure = 1; failure <= 3; failure++) {
      const failed = await poll();
      expect(failed.result).toBe('failed');
      expect(failed.error).toMatch(/HTML/i);
      gaps.push(failed.nextAttemptAt! - world.clock.now());
      const asked = feed.requests.length;
      world.clock.advance(gaps.at(-1)! - 1);
      expect(await poll()).toMatchObject({ result: 'skipped' });
      expect(feed.requests).toHaveLength(asked);
      world.clock.advance(1);
    }
    expect(gaps).toEqual([60_000, 120_000, 240_000]);
    expect(await world.metric(`herald_feed_errors_total{feed="${feedUrl}",reason="not-xml"}`)).toBe(3);

    const status = await getStatus(world.ctx);
    expect(status.feeds.find((f) => f.url === feedUrl)).toMatchObject({ consecutiveFailures: 3, lastError: expect.stringMatching(/HTML/i) });
    expect(status.feeds.find((f) => f.url === goodUrl)).toMatchObject({ consecutiveFailures: 0 });
    const ready = await checkReadiness({ ...world.stores, config: world.config, started: () => true, storeReachable: async () => true, stoppedWorkers: () => [] });
    expect(ready).toMatchObject({ ready: true, detail: { failingFeeds: [expect.objectContaining({ url: feedUrl, failures: 3 })] } });

    feed.setFeed('/good.xml', rss([post(19, 'https://session.foundation/blog/good-19'), post(20, 'https://session.foundation/blog/good-20')]));
    expect((await poll(goodUrl)).announced).toHaveLength(1);
    feed.setFeed('/rss.xml', rss([post(10)]));
    expect(await poll(feedUrl, true)).toMatchObject({ result: 'fetched' });
    expect((await world.stores.feeds.get(feedId(feedUrl))).consecutiveFailures).toBe(0);
  });

  it('the backoff stops doubling at an hour', async () => {
    world = coreWorld({ FEED_URLS: feedUrl, FEED_POLL_SECONDS: '300' });
    feed.setFeed('/rss.xml', '{"json": true}', { contentType: 'application/json' });
    let last = 0;
    for (let failure = 1; failure <= 6; failure++) {
      const failed = await poll(feedUrl, true);
      last = failed.nextAttemptAt! - world.clock.now();
    }
    expect(last).toBe(3_600_000);
  });

  it('feed text cannot tag accounts or smuggle bidi and zero-width characters into a post', async () => {
    const title = 'Thanks @elonmusk and $SESH holders \u202Egpj.exe\u202C \u200Bupdate';
    feed.setFeed('/rss.xml', rss([post(1, undefined, title), post(10)]));
    // Naming an account that is not official holds the item; approved, it still cannot tag.
    const [held] = (await poll()).held;
    expect(held).toMatchObject({ holdReason: 'text-link', holdDetail: expect.stringContaining('@elonmusk') });
    await approveItem(world.ctx, held!.id);
    const item = await world.stores.items.get(held!.id);
    expect(item?.title).toBe('Thanks elonmusk and SESH holders gpj.exe update');
    for (const platform of ['x', 'mastodon'] as const) {
      const limits = await world.publishers[platform].limits();
      const text = composePost({ title: item!.title, link: item!.link, footer: world.config[platform].footer }, limits).text;
      expect(text.split('\n\n')[0]).toBe('Thanks elonmusk and SESH holders gpj.exe update');
      expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200D\u2060\uFEFF]/);
    }
  });

  it('the hostile corpus fails each poll with a clear message and queues nothing', async () => {
    for (const file of ['entity-bomb.xml', 'external-entity.xml', 'malformed.xml', 'html-page.html', 'json-body.json']) {
      feed.setFeed('/rss.xml', readFileSync(new URL(`../fixtures/hostile/${file}`, import.meta.url)));
      const polled = await poll(feedUrl, true);
      expect(polled.result, file).toBe('failed');
      expect(polled.error, file).toMatch(/.{10,}/);
    }
    feed.setFeed('/rss.xml', rss([post(10)]), { etag: false, lastModified: false });
    expect((await poll(feedUrl, true)).result).toBe('fetched');
    expect(world.queue.jobs('x')).toEqual([]);
    expect(world.queue.jobs('mastodon')).toEqual([]);
  });
});
