import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedId } from '../../src/core/announce/feed-id.ts';
import { pollFeed } from '../../src/core/announce/poll-feed.ts';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { atom, rss } from '../fakes/feed-builders.ts';
import { type CoreWorld, coreWorld } from '../helpers/core-world.ts';

const SESSION_FIXTURE = readFileSync(new URL('../fixtures/feeds/getsession-rss.xml', import.meta.url), 'utf8');

const post = (n: number, overrides: { title?: string; guid?: string; link?: string } = {}) => ({
  title: overrides.title ?? `Session update number ${n}`,
  link: overrides.link ?? `https://session.foundation/blog/update-${n}`,
  guid: overrides.guid ?? `https://session.foundation/blog/update-${n}`,
  pubDate: new Date(Date.now() - n * 3_600_000),
});

describe('pollFeed', () => {
  let feed: FakeFeed;
  let world: CoreWorld;
  let feedUrl: string;
  const poll = (url = feedUrl, force = false) => pollFeed(url, world.poll, { force });
  const queued = (platform: 'x' | 'mastodon' = 'x') => world.queue.jobs(platform).map((j) => j.data);

  beforeEach(async () => {
    feed = await startFakeFeed();
    feedUrl = feed.feedUrl('/rss.xml');
    world = coreWorld({ FEED_URLS: feedUrl });
  });
  afterEach(() => feed.close());

  it('records the first poll as a baseline, then queues each new item once per platform', async () => {
    feed.setFeed('/rss.xml', rss([post(2), post(3)]));
    expect(await poll()).toMatchObject({ result: 'fetched', found: 2, baseline: 2, announced: [] });
    expect(queued()).toEqual([]);

    feed.setFeed('/rss.xml', rss([post(1, { title: 'Session Protocol V2: PFS & more' }), post(2), post(3)]));
    const second = await poll();
    expect(second.announced.map((i) => i.title)).toEqual(['Session Protocol V2: PFS & more']);
    expect(queued('x')).toEqual([expect.objectContaining({ kind: 'announce', title: 'Session Protocol V2: PFS & more', link: 'https://session.foundation/blog/update-1' })]);
    expect(queued('mastodon')).toHaveLength(1);

    await poll();
    feed.setFeed('/rss.xml', rss([post(1), post(2), post(3)]), { etag: false, lastModified: false });
    expect((await poll()).announced).toEqual([]);
    expect(queued('x')).toHaveLength(1);
  });

  it('asks again conditionally: an unchanged feed is one request and no parse', async () => {
    feed.setFeed('/rss.xml', rss([post(1)]));
    await poll();
    expect(await poll()).toMatchObject({ result: 'not-modified' });
    expect(feed.requests.at(-1)?.headers['if-none-match']).toBeDefined();
    expect(feed.requests.at(-1)?.status).toBe(304);
    expect((await world.stores.feeds.get(feedId(feedUrl))).lastSuccessAt).toBe(world.clock.now());
  });

  it('reads Atom feeds', async () => {
    feed.setFeed('/rss.xml', atom([post(2)]), { contentType: 'application/atom+xml' });
    await poll();
    feed.setFeed('/rss.xml', atom([post(1), post(2)]), { contentType: 'application/atom+xml' });
    expect((await poll()).announced.map((i) => i.link)).toEqual(['https://session.foundation/blog/update-1']);
  });

  it('takes the real Session feed as a baseline and announces what is added to it', async () => {
    feed.setFeed('/rss.xml', SESSION_FIXTURE);
    const first = await poll();
    expect(first.found).toBeGreaterThan(5);
    expect(first.announced).toEqual([]);
    const added = SESSION_FIXTURE.replace(
      '<item>',
      `<item><title>A brand new Session post</title><link>https://getsession.org/blog/brand-new</link><guid>https://getsession.org/blog/brand-new</guid><pubDate>${new Date().toUTCString()}</pubDate></item><item>`,
    );
    feed.setFeed('/rss.xml', added);
    expect((await poll()).announced.map((i) => i.title)).toEqual(['A brand new Session post']);
  });

  it('does not announce an edited title again', async () => {
    feed.setFeed('/rss.xml', rss([post(1)]));
    await poll();
    feed.setFeed('/rss.xml', rss([post(1, { title: 'Session update number 1 (corrected)' })]));
    expect(await poll()).toMatchObject({ result: 'fetched', announced: [] });
    expect(queued()).toEqual([]);
  });

  it('announces the same link in two feeds once', async () => {
    const atomUrl = feed.feedUrl('/atom.xml');
    feed.setFeed('/rss.xml', rss([post(2)]));
    feed.setFeed('/atom.xml', atom([post(2)]));
    await poll(feedUrl);
    await poll(atomUrl);
    feed.setFeed('/rss.xml', rss([post(1), post(2)]));
    feed.setFeed('/atom.xml', atom([post(1, { guid: 'tag:session.foundation,2026:update-1' }), post(2)]));
    const [fromRss, fromAtom] = await Promise.all([poll(feedUrl), poll(atomUrl)]);
    expect(fromRss.announced.length + fromAtom.announced.length).toBe(1);
    expect(queued('x')).toHaveLength(1);
    expect((await poll(atomUrl)).announced).toEqual([]);
  });

  it('never reads an empty feed as "all posts deleted", nor takes it as the baseline', async () => {
    feed.setFeed('/rss.xml', rss([]));
    expect(await poll()).toMatchObject({ result: 'fetched', found: 0 });
    expect(world.logs.some((l) => String(l.msg).includes('an empty feed never means'))).toBe(true);
    feed.setFeed('/rss.xml', rss([post(1), post(2)]));
    expect(await poll()).toMatchObject({ baseline: 2, announced: [] });
    feed.setFeed('/rss.xml', rss([]));
    await poll();
    feed.setFeed('/rss.xml', rss([post(1), post(2)]));
    expect((await poll()).announced).toEqual([]);
  });

  it('never overlaps a poll of the same feed; a manual poll waits for the one in progress', async () => {
    feed.setFeed('/rss.xml', rss([post(1)]));
    const release = await world.stores.feeds.lockPoll(feedId(feedUrl), 60_000);
    expect(await poll()).toMatchObject({ result: 'skipped' });
    expect(feed.requests).toHaveLength(0);
    expect(await world.metric(`herald_feed_polls_total{feed="${feedUrl}",result="skipped"}`)).toBe(1);
    await release!();
    const other = await world.stores.feeds.lockPoll(feedId(feedUrl), 3000);
    expect(other).toBeDefined();
    expect(await poll(feedUrl, true)).toMatchObject({ result: 'fetched' });
  });
});
