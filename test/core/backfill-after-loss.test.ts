import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pollFeed } from '../../src/core/announce/poll-feed.ts';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { type BuiltItem, rss } from '../fakes/feed-builders.ts';
import { type CoreWorld, type CoreWorldWithFakes, coreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';
import { TEST_X_CREDENTIALS } from '../helpers/fake-world.ts';

const post = (n: number, title = `Backfill post ${n}`): BuiltItem => ({
  title,
  link: `https://session.foundation/blog/backfill-${n}`,
  pubDate: new Date(Date.now() - n * 3_600_000),
});

describe('after Redis data loss, a backfilling first poll does not announce again', () => {
  let feed: FakeFeed;
  let feedUrl: string;
  let before: CoreWorldWithFakes;

  /** The same platforms (and their timelines), a Redis that forgot everything, BACKFILL=3. */
  const afterLoss = (): CoreWorld =>
    coreWorld({
      FEED_URLS: feedUrl,
      BACKFILL: '3',
      X_API_BASE_URL: before.x.url,
      ...TEST_X_CREDENTIALS,
      MASTODON_URL: before.mastodon.url,
      MASTODON_ACCESS_TOKEN: before.mastodon.accessToken,
      HTTP_TIMEOUT_SECONDS: '0.5',
    });

  beforeEach(async () => {
    feed = await startFakeFeed();
    feedUrl = feed.feedUrl('/rss.xml');
    before = await coreWorldWithFakes({ FEED_URLS: feedUrl });
    // Herald ran: a baseline, then posts 2 and 3 announced on both platforms.
    feed.setFeed('/rss.xml', rss([post(9)]));
    await pollFeed(feedUrl, before.world.poll);
    feed.setFeed('/rss.xml', rss([post(2), post(3), post(9)]));
    expect((await pollFeed(feedUrl, before.world.poll)).announced).toHaveLength(2);
    await before.world.work('x');
    await before.world.work('mastodon');
    expect(before.x.tweets).toHaveLength(2);
    expect(before.mastodon.statuses).toHaveLength(2);
  });
  afterEach(async () => {
    await feed.close();
    await before.close();
  });

  it('checks each backfilled link on the timeline: what is there is recorded as posted, only the new one goes out', async () => {
    // More than an hour later (Mastodon's idempotency keys expired); an editor touched a title.
    before.mastodon.forgetIdempotencyKeys();
    feed.setFeed('/rss.xml', rss([post(1), post(2, 'Backfill post 2 (updated)'), post(3), post(9)]));
    const world = afterLoss();
    const polled = await pollFeed(feedUrl, world.poll);
    expect(polled.announced.map((i) => i.title)).toEqual(['Backfill post 1', 'Backfill post 2 (updated)', 'Backfill post 3']);
    await world.work('x');
    await world.work('mastodon');

    expect(before.x.tweets).toHaveLength(3);
    expect(before.mastodon.statuses).toHaveLength(3);
    expect(before.x.tweets[2]!.text).toMatch(/^Backfill post 1/);
    for (const platform of ['x', 'mastodon'] as const) {
      const remote = platform === 'x' ? before.x.tweets : before.mastodon.statuses;
      for (const [i, item] of polled.announced.entries()) {
        const entry = await world.stores.ledger.get(item.id, platform);
        expect(entry, `${platform} ${item.title}`).toMatchObject({ state: 'posted' });
        // The old posts are found and recorded with their ids: 2 and 3 were the first two posted.
        if (i > 0) expect(entry?.remoteId).toBe(remote[i - 1]!.id);
      }
    }
  });

  it('only the first poll looks: an item a later poll announces goes out without a timeline read', async () => {
    const world = afterLoss();
    feed.setFeed('/rss.xml', rss([post(9)]));
    await pollFeed(feedUrl, world.poll);
    await world.work('x');
    // Post 9 was a baseline, never posted: looked for once, not there, posted.
    expect(before.x.requestsTo('GET /2/users/:id/tweets')).toHaveLength(1);
    expect(before.x.tweets).toHaveLength(3);
    feed.setFeed('/rss.xml', rss([post(1), post(9)]));
    await pollFeed(feedUrl, world.poll);
    await world.work('x');
    expect(before.x.requestsTo('GET /2/users/:id/tweets')).toHaveLength(1);
    expect(before.x.tweets).toHaveLength(4);
  });
});
