import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFeed, } from '../fakes/fake-feed.ts';
import type { Fault } from '../fakes/fake-server.ts';
import { rss } from '../fakes/feed-builders.ts';
import { type FakeMastodon, m429, } from '../fakes/fake-mastodon.ts';
import { type FakeX, htmlError, x429 } from '../fakes/fake-x.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { type HeraldProcess, spawnHerald } from '../helpers/spawn-herald.ts';
import { waitFor } from '../helpers/wait-for.ts';

/** 50 items by default; `npm run test:chaos` runs 200 (CHAOS_ITEMS). */
const ITEMS = Number(process.env.CHAOS_ITEMS ?? 50);
const BATCH = 25;

/** A seeded random source, so a failing run can be replayed (the seed is printed). */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const item = (n: number) => ({
  title: `Chaos post number ${n}`,
  link: `https://session.foundation/blog/chaos-${n}`,
  pubDate: new Date(Date.now() - n * 1000),
});

describe(`chaos: ${ITEMS} items, random faults, workers killed and restarted`, () => {
  let feed: FakeFeed;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let world: FakeWorld;
  let processes: HeraldProcess[] = [];

  beforeEach(async () => {
    world = await startFakeWorld({
      x: { rateLimit: { limit: 100_000, windowSeconds: 900, userDayLimit: 100_000, appDayLimit: 100_000 } },
      mastodon: { rateLimit: { limit: 100_000, writeLimit: 100_000 } },
    });
    ({ feed, x, mastodon } = world);
  });
  afterEach(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    processes = [];
    await world.close();
  });

  it('posts every item exactly once per platform, and never calls a platform while it is paused', { timeout: 30_000 + ITEMS * 300 }, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);
    const random = mulberry32(seed);
    const faults = { x: 0, mastodon: 0, kills: 0 };
    const pick = (platform: 'x' | 'mastodon'): Fault | undefined => {
      const r = random();
      if (r > 0.25) return undefined;
      faults[platform] += 1;
      if (r < 0.03) return platform === 'x' ? x429({ resetInSeconds: 1 }) : m429({ resetInSeconds: 1 });
      if (r < 0.08) return { kind: 'drop-after-commit' };
      if (r < 0.12) return { kind: 'drop' };
      if (r < 0.16) return { kind: 'stall' };
      if (r < 0.2) return htmlError(503);
      return { kind: 'status', status: 502, body: '{"title":"Bad Gateway"}', contentType: 'application/json' };
    };
    x.setFaultInjector((_req, route) => (route === 'POST /2/tweets' ? pick('x') : undefined));
    mastodon.setFaultInjector((_req, route) => (route === 'POST /api/v1/statuses' ? pick('mastodon') : undefined));

    const env = world.env({
      BURST_LIMIT: String(BATCH),
      JOB_LOCK_SECONDS: '1',
      HTTP_TIMEOUT_SECONDS: '0.5',
      RETRY_BASE_SECONDS: '0.05',
      RETRY_MAX_SECONDS: '0.5',
      LOG_LEVEL: 'warn',
    });
    const start = () => {
      const p = spawnHerald(['start'], { ...env, LOG_LEVEL: 'info' });
      processes.push(p);
      return p;
    };
    feed.setFeed('/rss.xml', rss([item(0)]));
    const workers = [start(), start(), start()];
    await Promise.all(workers.map((w) => w.port()));
    await feed.waitForRequests('/rss.xml', 1);

    const published: number[] = [];
    let killing = true;
    const chaosMonkey = (async () => {
      while (killing) {
        await new Promise((resolve) => setTimeout(resolve, 1500 + random() * 2500));
        if (!killing) break;
        const index = Math.floor(random() * workers.length);
        workers[index]!.child.kill('SIGKILL');
        await workers[index]!.exited;
        faults.kills += 1;
        workers[index] = start();
        await workers[index]!.port();
      }
    })();

    for (let n = 1; n <= ITEMS; n += BATCH) {
      for (let k = n; k < n + BATCH; k++) published.push(k);
      feed.setFeed('/rss.xml', rss([...published.map(item).reverse(), item(0)]));
      await feed.waitForRequests('/rss.xml', feed.requests.length + 2, 15_000);
    }
    const done = () => {
      const xLinks = new Set(x.tweets.map((t) => t.text.split('\n\n')[1]));
      const mLinks = new Set(mastodon.statuses.map((s) => s.text.split('\n\n')[1]));
      return xLinks.size === ITEMS && mLinks.size === ITEMS;
    };
    await waitFor(done, 'every item on both platforms', { timeoutMs: 60_000, intervalMs: 200 });
    killing = false;
    await chaosMonkey;
    // Let the survivors run a few more polls: nothing else may go out.
    await feed.waitForRequests('/rss.xml', feed.requests.length + 3, 15_000);

    const count = (texts: string[]) => {
      const seen = new Map<string, number>();
      for (const t of texts) seen.set(t.split('\n\n')[1]!, (seen.get(t.split('\n\n')[1]!) ?? 0) + 1);
      return seen;
    };
    const xCounts = count(x.tweets.map((t) => t.text));
    const mCounts = count(mastodon.statuses.map((s) => s.text));
    const duplicates = [...xCounts.values(), ...mCounts.values()].filter((c) => c > 1).length;
    const lost = ITEMS * 2 - xCounts.size - mCounts.size;
    const violations = [...x.violations(), ...mastodon.violations()];
    const gaps = [...x.resetGaps(), ...mastodon.resetGaps()].map((g) => g.gapMs).filter((g): g is number => g !== undefined);
    const report = {
      seed,
      items: ITEMS,
      faultsInjected: faults.x + faults.mastodon,
      faultsX: faults.x,
      faultsMastodon: faults.mastodon,
      workerKills: faults.kills,
      duplicates,
      lost,
      requestsDuringPauses: violations.length,
      largestResetGapMs: gaps.length ? Math.max(...gaps) : null,
      rateLimitsAnnounced: gaps.length,
    };
    process.stdout.write(`chaos report: ${JSON.stringify(report)}\n`);
    expect(report.duplicates).toBe(0);
    expect(report.lost).toBe(0);
    expect(violations).toEqual([]);
  });
});
