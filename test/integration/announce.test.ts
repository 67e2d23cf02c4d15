import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MASTODON_FOOTER, DEFAULT_X_FOOTER } from '../../config/defaults.ts';
import type { FakeFeed, } from '../fakes/fake-feed.ts';
import { atom, rss } from '../fakes/feed-builders.ts';
import type { FakeMastodon, } from '../fakes/fake-mastodon.ts';
import { type FakeX, x5xx } from '../fakes/fake-x.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { waitFor } from '../helpers/wait-for.ts';

const SESSION_FIXTURE = readFileSync(new URL('../fixtures/feeds/getsession-rss.xml', import.meta.url), 'utf8');

const post = (n: number, overrides: { title?: string; guid?: string; link?: string } = {}) => ({
  title: overrides.title ?? `Session update number ${n}`,
  link: overrides.link ?? `https://session.foundation/blog/update-${n}`,
  guid: overrides.guid ?? `https://session.foundation/blog/update-${n}`,
  pubDate: new Date(Date.now() - n * 3_600_000),
});

describe('announcing new feed posts', () => {
  let feed: FakeFeed;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let prefix: string;
  let world: FakeWorld;
  let running: TestService[] = [];

  const liveEnv = (extra: Record<string, string> = {}) => world.env(extra);
  const start = async (env: Record<string, string>) => {
    const service = await startTestService(prefix, env);
    running.push(service);
    return service;
  };
  const feedPolls = () => feed.requests.filter((r) => r.path === '/rss.xml').length;
  /** Waits until the feed has been polled `count` more times (each poll is a request). */
  const morePolls = async (count: number) => {
    const target = feedPolls() + count;
    await feed.waitForRequests('/rss.xml', target, 10_000);
  };
  const posts = () => ({ x: x.requestsTo('POST /2/tweets').length, mastodon: mastodon.requestsTo('POST /api/v1/statuses').length });

  beforeEach(async () => {
    world = await startFakeWorld();
    ({ feed, x, mastodon, prefix } = world);
  });

  afterEach(async () => {
    for (const service of running) await service.stop();
    running = [];
    await world.close();
  });

  it('posts nothing on the first poll, then each new item exactly once per platform with the footer', async () => {
    feed.setFeed('/rss.xml', rss([post(2), post(3)]));
    await start(liveEnv());
    await morePolls(2);
    expect(posts()).toEqual({ x: 0, mastodon: 0 });

    const added = Date.now();
    feed.setFeed('/rss.xml', rss([post(1, { title: 'Session Protocol V2: PFS & more' }), post(2), post(3)]));
    const [tweet] = await x.waitForRequests('POST /2/tweets', 1, 5000);
    const [status] = await mastodon.waitForRequests('POST /api/v1/statuses', 1, 5000);
    expect(Math.max(tweet!.at, status!.at) - added).toBeLessThan(3000 + 1000);

    const link = 'https://session.foundation/blog/update-1';
    expect((tweet!.json as { text: string }).text).toBe(`Session Protocol V2: PFS & more\n\n${link}\n\n${DEFAULT_X_FOOTER}`);
    expect((status!.json as { status: string }).status).toBe(`Session Protocol V2: PFS & more\n\n${link}\n\n${DEFAULT_MASTODON_FOOTER}`);
    expect(status!.headers['idempotency-key']).toMatch(/^herald-/);

    await morePolls(3);
    expect(posts()).toEqual({ x: 1, mastodon: 1 });
  });

  it('posts nothing more after a restart of the service', async () => {
    feed.setFeed('/rss.xml', rss([post(2)]));
    const first = await start(liveEnv());
    await morePolls(1);
    feed.setFeed('/rss.xml', rss([post(1), post(2)]));
    await x.waitForRequests('POST /2/tweets', 1, 5000);
    await mastodon.waitForRequests('POST /api/v1/statuses', 1, 5000);
    await first.stop();
    running = [];

    await start(liveEnv());
    await morePolls(3);
    expect(posts()).toEqual({ x: 1, mastodon: 1 });
  });

  it('reads Atom feeds', async () => {
    feed.setFeed('/rss.xml', atom([post(2)]), { contentType: 'application/atom+xml' });
    await start(liveEnv());
    await morePolls(1);
    feed.setFeed('/rss.xml', atom([post(1), post(2)]), { contentType: 'application/atom+xml' });
    const [tweet] = await x.waitForRequests('POST /2/tweets', 1, 5000);
    expect((tweet!.json as { text: string }).text).toContain('https://session.foundation/blog/update-1');
    await mastodon.waitForRequests('POST /api/v1/statuses', 1, 5000);
  });

  it('takes the real Session feed as a baseline and announces what is added to it', async () => {
    feed.setFeed('/rss.xml', SESSION_FIXTURE);
    await start(liveEnv());
    await morePolls(2);
    expect(posts()).toEqual({ x: 0, mastodon: 0 });
    const added = SESSION_FIXTURE.replace(
      '<item>',
      `<item><title>A brand new Session post</title><link>https://getsession.org/blog/brand-new</link><guid>https://getsession.org/blog/brand-new</guid><pubDate>${new Date().toUTCString()}</pubDate></item><item>`,
    );
    feed.setFeed('/rss.xml', added);
    const [tweet] = await x.waitForRequests('POST /2/tweets', 1, 5000);
    expect((tweet!.json as { text: string }).text).toMatch(/^A brand new Session post\n\nhttps:\/\/getsession.org\/blog\/brand-new\n\n/);
    await morePolls(2);
    expect(posts()).toEqual({ x: 1, mastodon: 1 });
  });

  it('does not announce an edited title again', async () => {
    feed.setFeed('/rss.xml', rss([post(1)]));
    await start(liveEnv());
    await morePolls(1);
    feed.setFeed('/rss.xml', rss([post(1, { title: 'Session update number 1 (corrected)' })]));
    await morePolls(3);
    expect(posts()).toEqual({ x: 0, mastodon: 0 });
  });

  it('announces the same link in two feeds once', async () => {
    feed.setFeed('/rss.xml', rss([post(2)]));
    feed.setFeed('/atom.xml', atom([post(2)]));
    await start(liveEnv({ FEED_URLS: `${feed.feedUrl('/rss.xml')},${feed.feedUrl('/atom.xml')}` }));
    await morePolls(1);
    await feed.waitForRequests('/atom.xml', 1);
    feed.setFeed('/rss.xml', rss([post(1), post(2)]));
    feed.setFeed('/atom.xml', atom([post(1, { guid: 'tag:session.foundation,2026:update-1' }), post(2)]));
    await x.waitForRequests('POST /2/tweets', 1, 5000);
    await morePolls(3);
    await feed.waitForRequests('/atom.xml', feed.requests.filter((r) => r.path === '/atom.xml').length + 2);
    expect(posts()).toEqual({ x: 1, mastodon: 1 });
  });

  it('retries a 5xx and still posts exactly once', async () => {
    feed.setFeed('/rss.xml', rss([post(2)]));
    await start(liveEnv());
    await morePolls(1);
    x.failNext('POST /2/tweets', x5xx(503));
    feed.setFeed('/rss.xml', rss([post(1), post(2)]));
    await waitFor(() => x.tweets.length === 1, 'the tweet to be stored after the retry');
    await mastodon.waitForRequests('POST /api/v1/statuses', 1, 5000);
    await morePolls(3);
    expect(x.tweets).toHaveLength(1);
    expect(mastodon.statuses).toHaveLength(1);
  });

  it('dry run: logs the exact post, records it, sends nothing', async () => {
    feed.setFeed('/rss.xml', rss([post(2)]));
    const service = await start({ ...liveEnv(), DRY_RUN: 'true' });
    await morePolls(1);
    feed.setFeed('/rss.xml', rss([post(1), post(2)]));
    await waitFor(
      () => service.logs.filter((l) => l.dryRun === true && typeof l.text === 'string').length >= 2,
      'two dry-run log lines',
    );
    const texts = service.logs.filter((l) => l.dryRun === true).map((l) => l.text as string);
    expect(texts).toContain(`Session update number 1\n\nhttps://session.foundation/blog/update-1\n\n${DEFAULT_X_FOOTER}`);
    expect(texts).toContain(`Session update number 1\n\nhttps://session.foundation/blog/update-1\n\n${DEFAULT_MASTODON_FOOTER}`);
    expect(x.requests).toHaveLength(0);
    expect(mastodon.requestsTo('POST /api/v1/statuses')).toHaveLength(0);
  });
});
