import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { type HeraldProcess, spawnHerald } from '../helpers/spawn-herald.ts';
import { waitFor } from '../helpers/wait-for.ts';

const item = (n: number) => ({
  title: `Outage post ${n}`,
  link: `https://session.foundation/blog/outage-${n}`,
  pubDate: new Date(Date.now() - n * 60_000),
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** How long Redis stays down: 8 s by default, 30 s in `npm run test:chaos` (REDIS_OUTAGE_SECONDS). */
const OUTAGE_SECONDS = Number(process.env.REDIS_OUTAGE_SECONDS ?? 8);

describe('a Redis outage', () => {
  let feed: FakeFeed;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let world: FakeWorld;
  let env: Record<string, string>;
  let processes: HeraldProcess[] = [];

  const start = () => {
    const herald = spawnHerald(['start'], env);
    processes.push(herald);
    return herald;
  };

  beforeEach(async () => {
    world = await startFakeWorld();
    ({ feed, x, mastodon } = world);
    env = world.env({
      JOB_LOCK_SECONDS: '1',
      LOG_LEVEL: 'info',
    });
  });
  afterEach(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    processes = [];
    await world.close();
  });

  it(`Redis stopped for ${OUTAGE_SECONDS} s: the service stays up, /readyz says 503, then it resumes; nothing lost`, { timeout: 90_000 + OUTAGE_SECONDS * 1000 }, async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'herald-redis-'));
    const redisArgs = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'];
    const startRedis = async () => {
      const redis: ChildProcess = spawn('redis-server', redisArgs, { stdio: 'ignore' });
      await waitFor(async () => {
        const s = (await import('node:net')).connect(port, '127.0.0.1');
        return await new Promise<boolean>((resolve) => {
          s.once('connect', () => {
            s.destroy();
            resolve(true);
          });
          s.once('error', () => resolve(false));
        });
      }, 'redis-server to listen');
      return redis;
    };
    let redis = await startRedis();
    try {
      env.REDIS_URL = `redis://127.0.0.1:${port}`;
      feed.setFeed('/rss.xml', rss([item(10)]));
      const herald = start();
      const httpPort = await herald.port();
      await feed.waitForRequests('/rss.xml', 1);
      feed.setFeed('/rss.xml', rss([item(1), item(10)]));
      await waitFor(() => x.tweets.length === 1 && mastodon.statuses.length === 1, 'the first item');

      redis.kill('SIGTERM');
      await new Promise((resolve) => redis.once('exit', resolve));
      const outageStart = Date.now();
      await waitFor(async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 503, '/readyz to say 503');
      const body = (await (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).json()) as { reason: string };
      expect(body.reason).toMatch(/redis/i);
      feed.setFeed('/rss.xml', rss([item(0), item(1), item(10)]));
      await waitFor(() => Date.now() - outageStart >= OUTAGE_SECONDS * 1000, 'the whole outage', { timeoutMs: OUTAGE_SECONDS * 1000 + 5000, intervalMs: 500 });
      expect(herald.child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${httpPort}/healthz`)).status).toBe(200);

      redis = await startRedis();
      await waitFor(async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 200, '/readyz to recover', { timeoutMs: 30_000 });
      await waitFor(() => x.tweets.length === 2 && mastodon.statuses.length === 2, 'the item added during the outage', { timeoutMs: 30_000 });
      await feed.waitForRequests('/rss.xml', feed.requests.length + 2, 10_000);
      expect(x.tweets).toHaveLength(2);
      expect(mastodon.statuses).toHaveLength(2);
      // The whole outage in a few JSON lines (issue 16): one warning (then one a minute), one
      // recovery line; no stack trace anywhere, however many connections retried how often.
      const lines = herald.stdout().split('\n').filter((l) => l.trim() !== '');
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
      const warnings = lines.filter((l) => /"level":40/.test(l) && /Redis/.test(l));
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      expect(warnings.length).toBeLessThanOrEqual(1 + Math.ceil(OUTAGE_SECONDS / 60));
      expect(lines.filter((l) => l.includes('Redis reachable again'))).toHaveLength(1);
      expect(herald.stdout() + herald.stderr()).not.toContain('    at ');
    } finally {
      redis.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
