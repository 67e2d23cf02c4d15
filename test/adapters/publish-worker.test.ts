import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../config/load-config.ts';
import { BullmqPublishQueue } from '../../jobs/bullmq-publish-queue.ts';
import { allQueues, createQueues, type Queues } from '../../jobs/queues.ts';
import { limitPublishing } from '../../jobs/schedule-jobs.ts';
import { startWorkers } from '../../jobs/start-workers.ts';
import { createPlatforms } from '../../src/adapters/create-platforms.ts';
import { createFeedFetcher } from '../../src/adapters/feed/http-feed-fetcher.ts';
import { createMetrics } from '../../src/adapters/metrics/create-metrics.ts';
import { createRedisStores } from '../../src/adapters/redis/create-redis-stores.ts';
import { systemClock } from '../../src/adapters/system-clock.ts';
import type { Item } from '../../src/domain/item.ts';
import type { Stores } from '../../src/ports/stores.ts';
import { bsky429, type FakeBluesky, startFakeBluesky } from '../fakes/fake-bluesky.ts';
import { type FakeMastodon, startFakeMastodon } from '../fakes/fake-mastodon.ts';
import { type FakeX, startFakeX, x401, x429, x5xx } from '../fakes/fake-x.ts';
import { blueskyEnvironment } from '../helpers/core-world.ts';
import { TEST_X_CREDENTIALS } from '../helpers/fake-world.ts';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../helpers/redis-prefix.ts';
import { testEnvironment } from '../helpers/test-environment.ts';
import { waitFor } from '../helpers/wait-for.ts';

const item: Item = {
  id: '00000000000000b1',
  identity: 'https://session.foundation/blog/worker-1',
  title: 'Worker post 1',
  link: 'https://session.foundation/blog/worker-1',
  feedUrl: 'https://session.foundation/rss.xml',
  firstSeenAt: new Date().toISOString(),
  status: 'announced',
};

/**
 * The BullMQ side of publishing, on real Redis: what only the queue can do (hold every worker
 * through a rate limit, keep a job's attempts, fail a job for good). The decisions themselves
 * are unit-tested in test/core/attempt-publish.test.ts.
 */
describe('the publish workers on BullMQ', () => {
  let x: FakeX;
  let mastodon: FakeMastodon;
  let bluesky: FakeBluesky;
  let prefix: string;
  let redis: Redis;
  let queues: Queues;
  let stores: Stores;
  let config: Config;
  let workers: Worker[] = [];

  /** Workers of this process, publish jobs with a single attempt each (a consumed attempt would fail the job). */
  const start = async () => {
    const log = pino({ level: 'silent' });
    const { publishers } = createPlatforms(config, log, { sessions: stores.sessions });
    const queue = new BullmqPublishQueue(queues.publish, 1, systemClock);
    const common = { metrics: createMetrics(), log, clock: systemClock };
    await limitPublishing(queues);
    workers = startWorkers({
      config,
      connection: redis,
      queues,
      poll: { ...common, config, items: stores.items, feeds: stores.feeds, fetcher: createFeedFetcher(config.feed), queue },
      publish: { ...common, ledger: stores.ledger, platforms: stores.platforms },
      publishers,
      mentions: { ...common, config, platforms: stores.platforms, mentions: stores.mentions, replies: stores.replies, ledger: stores.ledger, queue },
      mentionSources: {},
      log,
      trouble: { failed: () => undefined, recovered: () => undefined },
    });
    return queue;
  };

  beforeEach(async () => {
    [x, mastodon, bluesky] = await Promise.all([startFakeX(), startFakeMastodon(), startFakeBluesky()]);
    prefix = testPrefix();
    config = loadConfig(
      testEnvironment(prefix, {
        X_API_BASE_URL: x.url,
        ...TEST_X_CREDENTIALS,
        MASTODON_URL: mastodon.url,
        MASTODON_ACCESS_TOKEN: mastodon.accessToken,
        ...blueskyEnvironment(bluesky),
      }),
    );
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queues = createQueues(redis, prefix, () => undefined);
    stores = createRedisStores(redis, prefix, systemClock);
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.close(true)));
    workers = [];
    await Promise.all(allQueues(queues).map((q) => q.close()));
    redis.disconnect();
    await Promise.all([x.close(), mastodon.close(), bluesky.close(), cleanupPrefix(prefix)]);
  });

  it('X 429: no request to X before the reset, Mastodon unaffected, no attempt consumed', async () => {
    x.failNext('POST /2/tweets', x429({ resetInSeconds: 1 }));
    const queue = await start();
    await queue.announce([item], ['x', 'mastodon']);
    const [limited] = await x.waitForRequests('POST /2/tweets', 1);
    await mastodon.waitForRequests('POST /api/v1/statuses', 1);
    const [, retried] = await x.waitForRequests('POST /2/tweets', 2);
    expect(retried!.at).toBeGreaterThanOrEqual(Math.floor(limited!.at / 1000) * 1000 + 1000);
    expect(x.violations()).toEqual([]);
    await waitFor(async () => (await stores.ledger.get(item.id, 'x'))?.state === 'posted', 'the X ledger to say posted');
    expect(x.tweets).toHaveLength(1);
  });

  it('Bluesky 429: no request to Bluesky before its ratelimit-reset, X unaffected; the session is kept in Redis', async () => {
    bluesky.failNext('POST /xrpc/com.atproto.repo.createRecord', bsky429({ resetInSeconds: 1 }));
    const queue = await start();
    await queue.announce([item], ['bluesky', 'x']);
    const [limited] = await bluesky.waitForRequests('POST /xrpc/com.atproto.repo.createRecord', 1, 15_000);
    await x.waitForRequests('POST /2/tweets', 1);
    const [, retried] = await bluesky.waitForRequests('POST /xrpc/com.atproto.repo.createRecord', 2, 15_000);
    expect(retried!.at).toBeGreaterThanOrEqual(Math.floor(limited!.at / 1000) * 1000 + 1000);
    expect(bluesky.violations()).toEqual([]);
    await waitFor(async () => (await stores.ledger.get(item.id, 'bluesky'))?.state === 'posted', 'the Bluesky ledger to say posted');
    expect(bluesky.posts).toHaveLength(1);
    expect(bluesky.logins).toBe(1);
    expect(JSON.parse((await stores.sessions.get('bluesky', bluesky.handle))!).session).toMatchObject({ did: bluesky.did });
  });

  it('a hard stop fails the job for good with the reason in the ledger; no retry', async () => {
    x.failNext('POST /2/tweets', x401());
    const queue = await start();
    await queue.announce([item], ['x']);
    await waitFor(async () => (await queues.publish.x.getJobCounts('failed')).failed === 1, 'the job to fail');
    expect(await stores.ledger.get(item.id, 'x')).toMatchObject({ state: 'failed', reason: expect.stringMatching(/X rejected the credentials \(401\)/) });
    expect(x.requestsTo('POST /2/tweets')).toHaveLength(1);
  });

  it('retries that run out leave the ledger failed with the command that tries again', async () => {
    x.failNext('POST /2/tweets', x5xx(503));
    const queue = await start();
    await queue.announce([item], ['x']);
    await waitFor(async () => (await stores.ledger.get(item.id, 'x'))?.state === 'failed', 'the ledger to say failed');
    expect((await stores.ledger.get(item.id, 'x'))?.reason).toBe(
      `gave up after 1 attempts: X answered HTTP 503 while posting. Run "herald retry ${item.id} --platform x" once the cause is fixed.`,
    );
  });

  it('the kill switch puts the job back, delayed, without calling the platform', async () => {
    await stores.platforms.setPause('x', { reason: 'incident', since: Date.now() });
    const queue = await start();
    await queue.announce([item], ['x']);
    await waitFor(async () => (await queues.publish.x.getJobCounts('delayed')).delayed === 1, 'the job to be delayed');
    expect(x.requests).toHaveLength(0);
  });
});
