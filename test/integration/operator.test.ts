import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { runHerald } from '../helpers/spawn-herald.ts';
import { startTestService, type TestService, } from '../helpers/start-test-service.ts';
import { waitFor } from '../helpers/wait-for.ts';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const item = (n: number) => ({
  title: `Operator post ${n}`,
  link: `https://session.foundation/blog/operator-${n}`,
  pubDate: new Date(Date.now() - n * 60_000),
});

/** Every non-comment line of Prometheus text exposition format: name{labels} value. */
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?(\d+(\.\d+)?(e[+-]?\d+)?|NaN|\+Inf|-Inf)( \d+)?$/i;

function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    if (!SAMPLE.test(line)) throw new Error(`not Prometheus text: ${line}`);
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('operating Herald', () => {
  let feed: FakeFeed;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let prefix: string;
  let world: FakeWorld;
  let service: TestService | undefined;
  let env: Record<string, string>;

  const base = () => `http://127.0.0.1:${service!.service.port}`;
  const admin = (path: string, init: RequestInit = {}, token: string | null = ADMIN_TOKEN) =>
    fetch(`${base()}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  const herald = (...args: string[]) => runHerald(args, env);

  beforeEach(async () => {
    world = await startFakeWorld();
    ({ feed, x, mastodon, prefix } = world);
    env = world.env({
      ADMIN_TOKEN,
    });
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    await world.close();
  });

  /** A running service that has announced item 1 on both platforms. */
  async function announced() {
    feed.setFeed('/rss.xml', rss([item(2)]));
    service = await startTestService(prefix, env);
    await feed.waitForRequests('/rss.xml', 1);
    feed.setFeed('/rss.xml', rss([item(1), item(2)]));
    await x.waitForRequests('POST /2/tweets', 1, 5000);
    await mastodon.waitForRequests('POST /api/v1/statuses', 1, 5000);
  }

  it('reposts once per chosen platform; within 10 minutes of a post it needs --force', async () => {
    await announced();
    const tooSoon = await herald('repost', 'https://session.foundation/blog/operator-1', '--platform', 'x');
    expect(tooSoon.code).toBe(1);
    expect(tooSoon.stdout).toMatch(/refused.*--force/);

    const forced = await herald('repost', 'https://session.foundation/blog/operator-1', '--platform', 'x', '--force', '--json');
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).platforms).toEqual([expect.objectContaining({ platform: 'x', status: 'enqueued' })]);
    await waitFor(() => x.tweets.length === 2, 'the repost on X');
    expect(x.tweets[1]!.text.startsWith('Reminder: Operator post 1')).toBe(true);

    // A double click: the repost just went out, so the next one is refused again.
    const doubleClick = await herald('repost', 'latest', '--platform', 'x');
    expect(doubleClick.code).toBe(1);

    const mastodonRepost = await herald('repost', 'latest', '--platform', 'mastodon', '--force', '--json');
    expect(mastodonRepost.code).toBe(0);
    await waitFor(() => mastodon.statuses.length === 2, 'the forced repost on Mastodon');
    // Nothing else went out.
    await feed.waitForRequests('/rss.xml', feed.requests.length + 2);
    expect(x.tweets).toHaveLength(2);
    expect(mastodon.statuses).toHaveLength(2);
  });

  it('repost over the admin API, with the same guard', async () => {
    await announced();
    const soon = await admin('/admin/repost', { method: 'POST', body: JSON.stringify({ item: 'latest', platforms: ['mastodon'] }) });
    expect(soon.status).toBe(409);
    const res = await admin('/admin/repost', { method: 'POST', body: JSON.stringify({ item: 'latest', platforms: ['mastodon'], force: true }) });
    expect(res.status).toBe(202);
    await waitFor(() => mastodon.statuses.length === 2, 'the repost on Mastodon');
    const twice = await admin('/admin/repost', { method: 'POST', body: JSON.stringify({ item: 'latest', platforms: ['mastodon'] }) });
    expect(twice.status).toBe(409);
    expect(x.tweets).toHaveLength(1);
  });

  it('pause stops requests to a platform, survives a restart, and resume restarts them', async () => {
    await announced();
    const paused = await herald('pause', '--platform', 'x', '--reason', 'incident 42');
    expect(paused.code).toBe(0);
    const status = JSON.parse((await herald('status', '--json')).stdout);
    expect(status.platforms.x.paused.reason).toBe('incident 42');
    const ready = (await (await fetch(`${base()}/readyz`)).json()) as { paused: { x: { reason: string } } };
    expect(ready.paused.x.reason).toBe('incident 42');

    const xRequests = x.requests.length;
    feed.setFeed('/rss.xml', rss([item(0), item(1), item(2)]));
    await mastodon.waitForRequests('POST /api/v1/statuses', 2, 5000);
    await service!.stop();
    service = await startTestService(prefix, env);
    await feed.waitForRequests('/rss.xml', feed.requests.length + 2);
    expect(x.requests.length).toBe(xRequests);

    expect((await herald('resume', '--platform', 'x')).code).toBe(0);
    await x.waitForRequests('POST /2/tweets', 2, 5000);
    expect(x.tweets.map((t) => t.text.split('\n')[0])).toEqual(['Operator post 1', 'Operator post 0']);
  });

  it('status shows each item per platform with its remote id', async () => {
    await announced();
    const result = await herald('status', '--json');
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    const announcedItem = status.items.find((i: { link: string }) => i.link === 'https://session.foundation/blog/operator-1');
    expect(announcedItem.platforms.x).toMatchObject({ state: 'posted', id: x.tweets[0]!.id });
    expect(announcedItem.platforms.mastodon).toMatchObject({ state: 'posted', id: mastodon.statuses[0]!.id });
    expect(status.queues['publish-x']).toBeDefined();
    const human = await herald('status');
    expect(human.stdout).toContain('Operator post 1');
  });

  it('admin routes need the token', async () => {
    await announced();
    expect((await admin('/admin/status', {}, null)).status).toBe(401);
    expect((await admin('/admin/status', {}, 'wrong-token-wrong-token-wrong')).status).toBe(401);
    expect((await admin('/admin/status')).status).toBe(200);
    expect((await admin('/admin/queues', {}, null)).status).toBe(401);
    const board = await admin('/admin/queues');
    expect(board.status).toBe(200);
    expect(await board.text()).toMatch(/<html/i);
    const big = await admin('/admin/pause', { method: 'POST', body: JSON.stringify({ reason: 'x'.repeat(20_000) }) });
    expect(big.status).toBe(413);
    expect(service!.rawLogs.join('\n')).not.toContain(ADMIN_TOKEN);
  });

  it('admin routes do not exist without ADMIN_TOKEN', async () => {
    const { ADMIN_TOKEN: _omit, ...withoutToken } = env;
    feed.setFeed('/rss.xml', rss([item(1)]));
    service = await startTestService(prefix, withoutToken);
    expect((await admin('/admin/status')).status).toBe(404);
    expect((await admin('/admin/repost', { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('/metrics is Prometheus text and its counters move when posts go out', async () => {
    feed.setFeed('/rss.xml', rss([item(2)]));
    service = await startTestService(prefix, env);
    await feed.waitForRequests('/rss.xml', 1);
    const before = parsePrometheus(await (await fetch(`${base()}/metrics`)).text());
    expect(before.get('herald_posts_total{platform="x",outcome="posted"}') ?? 0).toBe(0);
    feed.setFeed('/rss.xml', rss([item(1), item(2)]));
    await x.waitForRequests('POST /2/tweets', 1, 5000);
    await mastodon.waitForRequests('POST /api/v1/statuses', 1, 5000);
    await waitFor(async () => {
      const m = parsePrometheus(await (await fetch(`${base()}/metrics`)).text());
      return m.get('herald_posts_total{platform="x",outcome="posted"}') === 1 && m.get('herald_posts_total{platform="mastodon",outcome="posted"}') === 1;
    }, 'the posted counters to reach 1');
    const after = parsePrometheus(await (await fetch(`${base()}/metrics`)).text());
    expect(after.get(`herald_feed_polls_total{feed="${feed.feedUrl('/rss.xml')}",result="fetched"}`)).toBeGreaterThanOrEqual(2);
    expect([...after.keys()].some((k) => k.startsWith('herald_feed_poll_duration_seconds_bucket'))).toBe(true);
    expect(after.has('herald_queue_jobs{queue="publish-x",state="completed"}')).toBe(true);
    expect(after.get('herald_platform_paused{platform="x"}')).toBe(0);
    expect(after.has('process_resident_memory_bytes')).toBe(true);
  });

  it('every command has --help and config hides secrets', async () => {
    for (const command of ['start', 'poll', 'preview', 'repost', 'status', 'pause', 'resume', 'retry', 'config', 'approve', 'reject']) {
      const help = await herald(command, '--help');
      expect(help.code, command).toBe(0);
      expect(help.stdout).toMatch(/Usage: herald/);
    }
    const config = await herald('config', '--json');
    expect(config.code).toBe(0);
    for (const secret of [ADMIN_TOKEN, mastodon.accessToken]) expect(config.stdout).not.toContain(secret);
    expect(JSON.parse(config.stdout).adminToken).toBe('***');
  });
});
