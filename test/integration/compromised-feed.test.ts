import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { runHerald } from '../helpers/spawn-herald.ts';
import { startTestService, type TestService, } from '../helpers/start-test-service.ts';
import { waitFor } from '../helpers/wait-for.ts';

const post = (n: number, link = `https://session.foundation/blog/guarded-${n}`, title = `Guarded post ${n}`) => ({
  title,
  link,
  pubDate: new Date(Date.now() - n * 60_000),
});

describe('compromised and hostile feeds', () => {
  let feed: FakeFeed;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let prefix: string;
  let world: FakeWorld;
  let service: TestService | undefined;
  let env: Record<string, string>;

  const status = async () => JSON.parse((await runHerald(['status', '--json'], env)).stdout);
  const polls = (path = '/rss.xml') => feed.requests.filter((r) => r.path === path).length;

  beforeEach(async () => {
    world = await startFakeWorld();
    ({ feed, x, mastodon, prefix } = world);
    env = world.env({
      });
    feed.setFeed('/rss.xml', rss([post(10)]));
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    await world.close();
  });

  it('holds an item whose link is off the official domains until an operator approves it', async () => {
    service = await startTestService(prefix, env);
    await feed.waitForRequests('/rss.xml', 1);
    feed.setFeed('/rss.xml', rss([post(1, 'https://session-foundation.help/claim-airdrop', 'Claim the SESSION airdrop'), post(10)]));
    await feed.waitForRequests('/rss.xml', polls() + 3);
    expect(x.tweets).toHaveLength(0);
    const held = (await status()).held;
    expect(held).toEqual([expect.objectContaining({ reason: 'offsite-link', link: 'https://session-foundation.help/claim-airdrop' })]);
    const warnings = service.logs.filter((l) => l.level === 40 && String(l.msg).includes('held for approval'));
    expect(warnings).toHaveLength(1);
    const metrics = await (await fetch(`http://127.0.0.1:${service.service.port}/metrics`)).text();
    expect(metrics).toMatch(/herald_items_held 1/);

    const approved = await runHerald(['approve', held[0].key], env);
    expect(approved.code).toBe(0);
    await waitFor(() => x.tweets.length === 1 && mastodon.statuses.length === 1, 'the approved item to go out');
  });

  it('holds every new item of a burst; reject drops one for good', async () => {
    service = await startTestService(prefix, env);
    await feed.waitForRequests('/rss.xml', 1);
    feed.setFeed('/rss.xml', rss([post(1), post(2), post(3), post(4), post(10)]));
    await feed.waitForRequests('/rss.xml', polls() + 3);
    expect(x.tweets).toHaveLength(0);
    const held = (await status()).held;
    expect(held).toHaveLength(4);
    expect(held.every((h: { reason: string }) => h.reason === 'burst')).toBe(true);
    const rejected = await runHerald(['reject', held[0].key], env);
    expect(rejected.code).toBe(0);
    expect((await status()).held).toHaveLength(3);
    await feed.waitForRequests('/rss.xml', polls() + 2);
    expect(x.tweets).toHaveLength(0);
  });

  it('an empty feed is never read as "all posts deleted"', async () => {
    service = await startTestService(prefix, env);
    await feed.waitForRequests('/rss.xml', 1);
    feed.setFeed('/rss.xml', rss([]));
    await feed.waitForRequests('/rss.xml', polls() + 2);
    feed.setFeed('/rss.xml', rss([post(10)]));
    await feed.waitForRequests('/rss.xml', polls() + 2);
    expect(x.tweets).toHaveLength(0);
  });

  it('a failing feed backs off, shows in status and /readyz, and does not block another feed', async () => {
    feed.setFeed('/good.xml', rss([post(20, 'https://session.foundation/blog/good-20')]));
    env.FEED_URLS = `${feed.feedUrl('/rss.xml')},${feed.feedUrl('/good.xml')}`;
    feed.setFeed('/rss.xml', '<html><body>Site under maintenance</body></html>', { contentType: 'text/html' });
    service = await startTestService(prefix, env);
    await feed.waitForRequests('/good.xml', 1);
    await waitFor(async () => (await status()).feeds.find((f: { url: string }) => f.url.endsWith('/rss.xml'))?.consecutiveFailures >= 2, 'two failures recorded', { timeoutMs: 15_000 });
    const failing = (await status()).feeds.find((f: { url: string }) => f.url.endsWith('/rss.xml'));
    expect(failing.lastError).toMatch(/HTML/i);
    expect(Date.parse(failing.nextAttemptAt)).toBeGreaterThan(Date.now() - 1000);
    // The failing feed is asked less and less often: the gaps between its polls double.
    await feed.waitForRequests('/rss.xml', 4, 15_000);
    const at = feed.requests.filter((r) => r.path === '/rss.xml').map((r) => r.at.getTime());
    expect(at[3]! - at[2]!).toBeGreaterThan(1.5 * (at[2]! - at[1]!));
    const ready = (await (await fetch(`http://127.0.0.1:${service.service.port}/readyz`)).json()) as { failingFeeds: Array<{ url: string }> };
    expect(ready.failingFeeds.map((f) => f.url)).toEqual([feed.feedUrl('/rss.xml')]);

    feed.setFeed('/good.xml', rss([post(19, 'https://session.foundation/blog/good-19'), post(20, 'https://session.foundation/blog/good-20')]));
    await waitFor(() => x.tweets.length === 1, 'the healthy feed to keep announcing');
    const metrics = await (await fetch(`http://127.0.0.1:${service.service.port}/metrics`)).text();
    expect(metrics).toMatch(/herald_feed_errors_total\{feed="[^"]+\/rss\.xml",reason="not-xml"\} \d+/);
  });

  it('feed text cannot tag accounts or smuggle bidi and zero-width characters into a post', async () => {
    service = await startTestService(prefix, env);
    await feed.waitForRequests('/rss.xml', 1);
    const title = 'Thanks @elonmusk and $SESH holders \u202Egpj.exe\u202C \u200Bupdate';
    feed.setFeed('/rss.xml', rss([post(1, undefined, title), post(10)]));
    await waitFor(() => x.tweets.length === 1 && mastodon.statuses.length === 1, 'the post');
    for (const text of [x.tweets[0]!.text, mastodon.statuses[0]!.text]) {
      const head = text.split('\n\n')[0]!;
      expect(head).toBe('Thanks elonmusk and SESH holders gpj.exe update');
      expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200D\u2060\uFEFF]/);
    }
  });

  it('the hostile corpus never crashes the service nor posts anything', { timeout: 90_000 }, async () => {
    service = await startTestService(prefix, env);
    await feed.waitForRequests('/rss.xml', 1);
    for (const file of ['entity-bomb.xml', 'external-entity.xml', 'malformed.xml', 'html-page.html', 'json-body.json']) {
      feed.setFeed('/rss.xml', readFileSync(new URL(`../fixtures/hostile/${file}`, import.meta.url)));
      const run = await runHerald(['poll', '--json'], env);
      expect(run.code, file).toBe(1);
      const polled = JSON.parse(run.stdout).feeds[0];
      expect(polled.result, file).toBe('failed');
      expect(polled.error, file).toMatch(/.{10,}/);
    }
    feed.setFeed('/rss.xml', rss([post(10)]));
    const healthy = JSON.parse((await runHerald(['poll', '--json'], env)).stdout).feeds[0];
    expect(healthy.result).toBe('fetched');
    expect(x.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(mastodon.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect((await fetch(`http://127.0.0.1:${service.service.port}/healthz`)).status).toBe(200);
  });
});
