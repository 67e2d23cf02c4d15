import { afterEach, describe, expect, it } from 'vitest';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { type HeraldProcess, runHerald, spawnHerald } from '../helpers/spawn-herald.ts';
import { testPrefix } from '../helpers/redis-prefix.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { freePort, ownRedis } from '../helpers/herald-fleet.ts';

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
const redisWarnings = (out: string) => lines(out).filter((l) => /"level":40/.test(l) && /Redis/.test(l));

/** Every stdout line is a JSON log line, and nothing anywhere looks like a stack trace. */
function expectCleanLog(herald: HeraldProcess): void {
  for (const line of lines(herald.stdout())) expect(() => JSON.parse(line), line).not.toThrow();
  expect(herald.stdout()).not.toContain('    at ');
  expect(herald.stderr()).not.toContain('    at ');
  expect(herald.stderr()).toBe('');
}

describe('Redis trouble is one clear line', () => {
  let world: FakeWorld | undefined;
  let processes: HeraldProcess[] = [];
  let cleanup: Array<() => void> = [];

  afterEach(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    processes = [];
    for (const c of cleanup) c();
    cleanup = [];
    await world?.close();
    world = undefined;
  });

  it('herald start with REDIS_URL at a closed port: one warning, JSON only, /healthz answers throughout', { timeout: 60_000 }, async () => {
    const [redisPort, httpPort] = [await freePort(), await freePort()];
    world = await startFakeWorld();
    const herald = spawnHerald(['start'], world.env({ REDIS_URL: `redis://127.0.0.1:${redisPort}`, HTTP_PORT: String(httpPort), LOG_LEVEL: 'info' }));
    processes.push(herald);
    await waitFor(() => redisWarnings(herald.stdout()).length > 0 || herald.child.exitCode !== null, 'the Redis warning', { timeoutMs: 20_000 });
    // An observation window, not a synchronisation: ioredis retries every 2 s at most, so the
    // window holds several failed attempts (each an 'error'); a slow machine only sees fewer.
    const windowEnds = Date.now() + 10_000;
    let probes = 0;
    while (Date.now() < windowEnds) {
      const health = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
      expect(health.status).toBe(200);
      probes += 1;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(probes).toBeGreaterThan(1);
    expect(herald.child.exitCode).toBeNull();
    const warnings = redisWarnings(herald.stdout());
    expect(warnings.length).toBeGreaterThanOrEqual(1); // the positive control: the outage is reported
    expect(warnings.length).toBeLessThanOrEqual(3);
    expect(warnings[0]).toContain('Redis unreachable');
    expectCleanLog(herald);
  });

  it('a private Redis stopped, then started again: one warning, one recovery line, nothing else about it', { timeout: 90_000 }, async () => {
    const redis = await ownRedis();
    cleanup.push(() => redis.dispose());
    await redis.start();
    world = await startFakeWorld();
    const herald = spawnHerald(['start'], world.env({ REDIS_URL: redis.url, HERALD_PREFIX: testPrefix(), LOG_LEVEL: 'info' }));
    processes.push(herald);
    await herald.port();
    expect(redisWarnings(herald.stdout())).toEqual([]);
    await redis.kill();
    await waitFor(() => redisWarnings(herald.stdout()).length > 0, 'the Redis warning', { timeoutMs: 20_000 });
    await redis.start();
    await waitFor(() => herald.stdout().includes('Redis reachable again'), 'the recovery line', { timeoutMs: 30_000 });
    expect(herald.child.exitCode).toBeNull();
    expect(redisWarnings(herald.stdout())).toHaveLength(1);
    expect(lines(herald.stdout()).filter((l) => l.includes('Redis reachable again'))).toHaveLength(1);
    expectCleanLog(herald);
  });

  it('herald status with Redis down: exactly one line on stderr, a non-zero exit', async () => {
    const port = await freePort();
    const result = await runHerald(['status'], { REDIS_URL: `redis://127.0.0.1:${port}`, FEED_URLS: 'https://session.foundation/feed.xml' });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^herald: Redis at redis:\/\/127\.0\.0\.1:\d+ does not answer/);
  });
});
