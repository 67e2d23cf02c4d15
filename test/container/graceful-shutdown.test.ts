/**
 * `docker stop` sends SIGTERM (STOPSIGNAL), waits stop_grace_period, then SIGKILLs. Herald must
 * be gone before that: within SHUTDOWN_TIMEOUT_SECONDS, with the publish in flight either
 * finished or back in the queue, and nothing lost or duplicated once it runs again, also when
 * Redis is already gone. The service runs as a child process (`herald start`), as in the image.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { DEFAULT_MASTODON_TOKEN, type FakeMastodon, startFakeMastodon } from '../fakes/fake-mastodon.ts';
import { type FakeX, startFakeX } from '../fakes/fake-x.ts';
import { rss } from '../fakes/feed-builders.ts';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../helpers/redis-prefix.ts';
import { type HeraldProcess, spawnHerald } from '../helpers/spawn-herald.ts';
import { testEnvironment } from '../helpers/test-environment.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { freePort } from './container-files.ts';

const SHUTDOWN_TIMEOUT_SECONDS = 3;
const DEADLINE_MS = SHUTDOWN_TIMEOUT_SECONDS * 1000;
/**
 * Between process.exit() in the child and its 'exit' event here: scheduling on a busy 2-core
 * machine, not Herald's budget (the child enforces its own deadline and says so in its log).
 */
const EXIT_SLACK_MS = 1000;

const item = (n: number) => ({
  title: `Shutdown test post ${n}`,
  link: `https://session.foundation/blog/shutdown-${n}`,
  pubDate: new Date(),
});

interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
}

async function sigterm(herald: HeraldProcess): Promise<Stopped> {
  const at = Date.now();
  herald.child.kill('SIGTERM');
  const { code, signal } = await Promise.race([
    herald.exited,
    new Promise<never>((_, reject) => {
      setTimeout(() => reject(new Error(`still running ${DEADLINE_MS + 5000} ms after SIGTERM:\n${herald.stdout()}`)), DEADLINE_MS + 5000).unref();
    }),
  ]);
  return { code, signal, ms: Date.now() - at };
}

/** The log messages of a run, in order (pino JSON lines), with the platform when there is one. */
function messages(herald: HeraldProcess): string[] {
  return herald
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: unknown; platform?: unknown })
    .map((entry) => (entry.platform ? `${String(entry.platform)}: ${String(entry.msg)}` : String(entry.msg)));
}

describe('graceful shutdown (SIGTERM, as docker stop sends it)', () => {
  let feed: FakeFeed;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let prefix: string;
  let redis: Redis;
  const running: HeraldProcess[] = [];

  beforeEach(async () => {
    prefix = testPrefix();
    redis = new Redis(TEST_REDIS_URL);
    [feed, x, mastodon] = await Promise.all([startFakeFeed(), startFakeX(), startFakeMastodon()]);
  });
  afterEach(async () => {
    for (const herald of running.splice(0)) herald.child.kill('SIGKILL');
    await Promise.all([feed.close(), x.close(), mastodon.close()]);
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  const environment = (extra: Record<string, string> = {}) =>
    testEnvironment(prefix, {
      FEED_URLS: feed.feedUrl('/rss.xml'),
      X_API_BASE_URL: x.url,
      X_APP_KEY: 'k',
      X_APP_SECRET: 's',
      X_ACCESS_TOKEN: 't',
      X_ACCESS_SECRET: 'ts',
      MASTODON_URL: mastodon.url,
      MASTODON_ACCESS_TOKEN: DEFAULT_MASTODON_TOKEN,
      SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS),
      LOG_LEVEL: 'info',
      ...extra,
    });
  const start = (env: Record<string, string>) => {
    const herald = spawnHerald(['start'], env);
    running.push(herald);
    return herald;
  };

  /** Ledger entries of a platform, by the store's own key layout (`<prefix>:ledger:<platform>`). */
  const ledger = async (platform: 'x' | 'mastodon') => {
    const raw = await redis.hgetall(`${prefix}:ledger:${platform}`);
    return Object.values(raw).map((v) => JSON.parse(v) as { state: string });
  };

  /**
   * X answers the post `delayMs` after receiving it (the tweet is stored at once). Herald gives
   * in-flight jobs SHUTDOWN_TIMEOUT_SECONDS − 2.5 s (start-service.ts; at least 0.5 s, here
   * 0.5 s), then aborts the calls still in flight (the job fails this attempt and goes back to
   * the queue with a retry), and as a last resort forces the workers closed (the job is taken
   * over once its lock expires). The restarted process finds the tweet on the timeline instead
   * of posting again. Either way: in time, exit 0, exactly one post each.
   */
  // The call that should be awaited gets a 3.5-s grace (SHUTDOWN_TIMEOUT_SECONDS=6) so a busy
  // machine cannot make 200 ms look long; the others keep the 0.5-s grace of a 3-s timeout.
  const cases = [
    { delayMs: 200, expected: 'finishes', shutdownSeconds: 6 },
    { delayMs: 600, expected: 'either', shutdownSeconds: SHUTDOWN_TIMEOUT_SECONDS },
    { delayMs: 2500, expected: 'requeued', shutdownSeconds: SHUTDOWN_TIMEOUT_SECONDS },
  ] as const;
  for (const { delayMs, expected, shutdownSeconds } of cases) {
    it(`with a publish in flight (X answers after ${delayMs} ms): exits in time; after a restart nothing is lost or duplicated`, async () => {
      const env = environment({ JOB_LOCK_SECONDS: '2', SHUTDOWN_TIMEOUT_SECONDS: String(shutdownSeconds) });
      feed.setFeed('/rss.xml', rss([item(2)]));
      const first = start(env);
      await first.port();
      await feed.waitForRequests('/rss.xml', 1);

      x.failNext('POST /2/tweets', { kind: 'delay', ms: delayMs });
      feed.setFeed('/rss.xml', rss([item(1), item(2)]));
      const [request] = await x.waitForRequests('POST /2/tweets', 1, 10_000);
      const signalledAfter = Date.now() - request!.at;
      const stopped = await sigterm(first);
      const log = messages(first);
      const forced = log.some((m) => m.startsWith('workers did not finish in time') || m.startsWith('in-flight calls did not finish'));
      const xAtExit = (await ledger('x'))[0]?.state;
      console.info(
        `X delay ${delayMs} ms, SIGTERM ${signalledAfter} ms after the request arrived: exit ${stopped.code ?? stopped.signal} after ${stopped.ms} ms, ${forced ? 'workers forced closed' : 'workers closed gracefully'}, X ledger at exit: ${xAtExit}; log: ${log.filter((m) => /stop|posted|finish|deadline|shutting/.test(m)).join(' | ')}`,
      );
      expect(stopped.signal).toBeNull();
      expect(stopped.code, first.stdout()).toBe(0);
      expect(stopped.ms).toBeLessThan(shutdownSeconds * 1000 + EXIT_SLACK_MS);
      expect(log).not.toContain('shutdown deadline passed: exiting now');
      if (expected === 'finishes') {
        expect(forced, 'the in-flight job should have been awaited').toBe(false);
        expect(xAtExit).toBe('posted');
      }
      if (expected === 'requeued') expect(forced).toBe(true);

      // Restarted: whatever was left (the X job if requeued, the Mastodon post if it had not gone out) completes once.
      const second = start(env);
      await second.port();
      await waitFor(
        async () => {
          const [onX, onMastodon] = await Promise.all([ledger('x'), ledger('mastodon')]);
          return [...onX, ...onMastodon].filter((e) => e.state === 'posted').length === 2;
        },
        'both ledger entries posted',
        { timeoutMs: 15_000 },
      );
      // Every job is settled once both entries are posted; one more poll shows nothing is announced again.
      await feed.waitForRequests('/rss.xml', feed.requests.length + 1, 10_000);
      expect(x.requestsTo('POST /2/tweets'), 'X was asked to post once').toHaveLength(1);
      expect(x.tweets).toHaveLength(1);
      expect(mastodon.statuses).toHaveLength(1);
      const again = await sigterm(second);
      expect(again.code).toBe(0);
    }, 60_000);
  }

  it('with Redis gone: the process still exits within SHUTDOWN_TIMEOUT_SECONDS', async () => {
    const port = await freePort();
    const throwaway: ChildProcess = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: 'ignore' },
    );
    const redisExited = new Promise<void>((resolve) => throwaway.once('exit', () => resolve()));
    try {
      const probe = new Redis(`redis://127.0.0.1:${port}`, { retryStrategy: () => 50, maxRetriesPerRequest: null });
      probe.on('error', () => undefined);
      try {
        await waitFor(async () => (await probe.ping().catch(() => '')) === 'PONG', 'the throwaway redis-server', { timeoutMs: 10_000 });
      } finally {
        probe.disconnect();
      }

      feed.setFeed('/rss.xml', rss([item(2)]));
      const herald = start(environment({ REDIS_URL: `redis://127.0.0.1:${port}` }));
      const httpPort = await herald.port();
      await feed.waitForRequests('/rss.xml', 1);
      expect((await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status).toBe(200);

      throwaway.kill('SIGKILL');
      await redisExited;
      await waitFor(async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 503, '/readyz to notice Redis is gone', {
        timeoutMs: 10_000,
      });

      const stopped = await sigterm(herald);
      const log = messages(herald);
      console.info(
        `Redis gone: exit ${stopped.code ?? stopped.signal} after ${stopped.ms} ms; log: ${log.filter((m) => /stop|finish|deadline|shutting|forcing/.test(m)).join(' | ')}`,
      );
      expect(stopped.signal).toBeNull();
      expect(stopped.ms).toBeLessThan(DEADLINE_MS + EXIT_SLACK_MS);
      expect(stopped.code, herald.stdout()).toBe(0);
    } finally {
      throwaway.kill('SIGKILL');
      await redisExited;
    }
  }, 60_000);
});
