import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisAuditLog } from '../../src/adapters/redis/redis-audit-log.ts';
import { RedisConfigFingerprints } from '../../src/adapters/redis/redis-config-fingerprints.ts';
import type { FakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { TEST_REDIS_URL } from '../helpers/redis-prefix.ts';
import { type HeraldProcess, runHerald, spawnHerald } from '../helpers/spawn-herald.ts';
import { waitFor } from '../helpers/wait-for.ts';

const item = (n: number) => ({
  title: `Prefix post ${n}`,
  link: `https://session.foundation/blog/prefix-${n}`,
  pubDate: new Date(Date.now() - n * 60_000),
});

describe('one prefix, one configuration (real processes, real Redis)', () => {
  let world: FakeWorld;
  let feed: FakeFeed;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let redis: Redis;
  let processes: HeraldProcess[] = [];

  const start = (env: Record<string, string>) => {
    const herald = spawnHerald(['start'], env);
    processes.push(herald);
    return herald;
  };
  /** Each scheduler's id with the fingerprint it carries. */
  const schedulers = async () => {
    const queues = [new Queue('poll', { connection: redis, prefix: world.prefix }), new Queue('mentions', { connection: redis, prefix: world.prefix })];
    try {
      const found = (await Promise.all(queues.map((q) => q.getJobSchedulers()))).flat();
      return found.map((s) => `${s.key} ${(s.template?.data as { fingerprint?: string } | undefined)?.fingerprint}`).sort();
    } finally {
      await Promise.all(queues.map((q) => q.close()));
    }
  };
  const prints = () => new RedisConfigFingerprints(redis, world.prefix);
  /** A's configuration, then a new item after its baseline poll: posted live on X and Mastodon. */
  const startA = async (extra: Record<string, string> = {}) => {
    feed.setFeed('/rss.xml', rss([item(10)]));
    feed.setFeed('/other.xml', rss([item(20)]));
    const a = start(world.env({ LOG_LEVEL: 'info', ...extra }));
    await a.port();
    await feed.waitForRequests('/rss.xml', 1);
    return a;
  };
  const otherConfiguration = () => world.env({ FEED_URLS: feed.feedUrl('/other.xml'), DRY_RUN: 'true', LOG_LEVEL: 'info' });

  beforeEach(async () => {
    world = await startFakeWorld();
    ({ feed, x, mastodon } = world);
    redis = new Redis(TEST_REDIS_URL);
  });
  afterEach(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    processes = [];
    redis.disconnect();
    await world.close();
  });

  it('B, with other feeds and DRY_RUN=true, refuses to start (exit 2, naming the prefix and the settings); A keeps its schedules and posts live', async () => {
    await startA();
    const before = await schedulers();
    expect(before).toEqual([expect.stringMatching(/^mentions-mastodon [0-9a-f]{16}$/), expect.stringMatching(/^mentions-x [0-9a-f]{16}$/), expect.stringMatching(/^poll-\S+ [0-9a-f]{16}$/)]);

    const b = start(otherConfiguration());
    const { code } = await b.exited;
    expect(code).toBe(2);
    expect(b.stderr()).toMatch(new RegExp(`^herald: HERALD_PREFIX=${world.prefix} is in use by 1 live instance\\(s\\) with another configuration \\(differs in, this instance's vs theirs: FEED_URLS, DRY_RUN/X dry run vs live, DRY_RUN/Mastodon dry run vs live\\); stop those instances first`));
    expect(b.stdout()).not.toMatch(/Herald started/);

    expect(await schedulers()).toEqual(before);
    feed.setFeed('/rss.xml', rss([item(1), item(10)]));
    await waitFor(() => x.tweets.length === 1 && mastodon.statuses.length === 1, 'the new item on X and Mastodon');
    expect(x.tweets[0]?.text).toContain('Prefix post 1');
    expect(feed.requests.filter((r) => r.path === '/other.xml')).toEqual([]);
    expect((await new RedisAuditLog(redis, world.prefix).list()).map((e) => e.action)).toEqual(['config-fingerprint']);
  });

  it('herald doctor says beforehand: ✗ for a configuration that differs from the live instance, ✓ for the same one', async () => {
    await startA();
    const line = async (env: Record<string, string>) => {
      const run = await runHerald(['doctor', '--json'], env);
      return (JSON.parse(run.stdout) as { checks: Array<{ name: string; ok: boolean; detail: string; fix?: string }> }).checks.find((c) => c.name === 'config fingerprint');
    };
    const differs = await line(otherConfiguration());
    expect(differs).toMatchObject({ ok: false, detail: expect.stringMatching(new RegExp(`differs from the 1 live instance\\(s\\) on prefix ${world.prefix} \\(this configuration's vs theirs\\): FEED_URLS, DRY_RUN/X dry run vs live, DRY_RUN/Mastodon dry run vs live$`)) });
    expect(differs?.fix).toMatch(/stop the live instances first/);
    expect(await line(world.env())).toMatchObject({ ok: true, detail: expect.stringMatching(new RegExp(`matches the 1 live instance\\(s\\) on prefix ${world.prefix}$`)) });
  });

  it('a replica with the same configuration joins (positive control)', async () => {
    await startA();
    const replica = start(world.env({ LOG_LEVEL: 'info', FEED_POLL_SECONDS: '2' }));
    const port = await replica.port();
    expect(replica.stdout()).toMatch(/joined 1 live instance\(s\) on prefix/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect((await prints().inspect()).live).toHaveLength(2);
    feed.setFeed('/rss.xml', rss([item(1), item(10)]));
    await waitFor(() => x.tweets.length === 1 && mastodon.statuses.length === 1, 'the new item on X and Mastodon');
  });

  it('after A is killed and its heartbeat has expired, a changed configuration takes over: audited, and only then are A\'s schedules replaced', async () => {
    const a = await startA({ INSTANCE_HEARTBEAT_SECONDS: '1' });
    const from = (await prints().inspect()).recorded!.hash;
    a.child.kill('SIGKILL');
    await a.exited;
    await waitFor(async () => (await prints().inspect()).live.length === 0, "A's entry to expire (3 heartbeats)", { timeoutMs: 15_000 });

    const b = start(otherConfiguration());
    await b.port();
    const to = (await prints().inspect()).recorded!.hash;
    expect(to).not.toBe(from);
    const audit = await new RedisAuditLog(redis, world.prefix).list();
    expect(audit.at(-1)).toMatchObject({ actor: 'herald-service', action: 'config-fingerprint', outcome: 'ok', args: { from, to } });
    expect(audit.at(-1)?.args.changed).toEqual(['FEED_URLS', 'DRY_RUN/X live vs dry run', 'DRY_RUN/Mastodon live vs dry run']);
    // The schedules are B's now: its feed only, no mention checks (a dry run everywhere).
    expect(await schedulers()).toEqual([expect.stringMatching(new RegExp(`^poll-\\S+ ${to}$`))]);
    await feed.waitForRequests('/other.xml', 1);
  });

  it('an instance whose configuration is replaced under it stands down: /readyz 503 with the reason, nothing more posted', async () => {
    const a = await startA({ INSTANCE_HEARTBEAT_SECONDS: '1' });
    const port = await a.port();
    feed.setFeed('/rss.xml', rss([item(1), item(10)]));
    await waitFor(() => x.tweets.length === 1, 'the first new item on X (positive control)');

    await redis.set(`${world.prefix}:fingerprint`, JSON.stringify({ hash: 'ffffffffffffffff', settings: { FEED_URLS: 'https://elsewhere.example/feed' } }));
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 503, '/readyz to say 503');
    const body = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { reason: string };
    expect(body.reason).toMatch(new RegExp(`^the configuration of HERALD_PREFIX=${world.prefix} was replaced by another \\(ffffffffffffffff; differs in, this instance's vs the prefix's: .*FEED_URLS`));
    await waitFor(() => /"level":50[^\n]*was replaced by another/.test(a.stdout()), 'the error in the log');

    const changedAt = Date.now();
    feed.setFeed('/rss.xml', rss([item(2), item(1), item(10)]));
    // A poll due for 3 s (every 1 s while working) that nobody took: the worker stood down.
    const poll = new Queue('poll', { connection: redis, prefix: world.prefix });
    try {
      const overdue = async () => {
        const jobs = await poll.getJobs(['delayed', 'waiting', 'prioritized']);
        return Date.now() > changedAt + 3000 && jobs.some((j) => j.timestamp + (j.delay ?? 0) < Date.now() - 3000);
      };
      await waitFor(overdue, 'a poll job overdue by 3 s, untaken', { timeoutMs: 20_000, intervalMs: 200 });
    } finally {
      await poll.close();
    }
    expect(x.tweets).toHaveLength(1);
  });
});
