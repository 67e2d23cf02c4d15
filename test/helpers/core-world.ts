import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { type Config, type Environment, loadConfig } from '../../config/load-config.ts';
import { createPlatforms } from '../../src/adapters/create-platforms.ts';
import { createFeedFetcher } from '../../src/adapters/feed/http-feed-fetcher.ts';
import { createLogger } from '../../src/adapters/log/create-logger.ts';
import { createMemoryStores } from '../../src/adapters/memory/create-memory-stores.ts';
import { ManualClock } from '../../src/adapters/memory/manual-clock.ts';
import { MemoryPublishQueue } from '../../src/adapters/memory/memory-publish-queue.ts';
import { MemoryQueueControl, type PollOne } from '../../src/adapters/memory/memory-queue-control.ts';
import { createMetrics, type PrometheusMetrics } from '../../src/adapters/metrics/create-metrics.ts';
import type { PollDeps } from '../../src/core/announce/poll-feed.ts';
import type { AnswerDeps } from '../../src/core/listen/answer-mentions.ts';
import type { OperatorContext } from '../../src/core/operate/operator-context.ts';
import type { BudgetDeps } from '../../src/core/spend/check-budget.ts';
import { createXSpendRecorder } from '../../src/core/spend/record-x-spend.ts';
import { type AttemptDeps, attemptPublish, type PublishStep } from '../../src/core/publish/attempt-publish.ts';
import { giveUpPublish } from '../../src/core/publish/give-up-publish.ts';
import type { Platform } from '../../src/domain/platform.ts';
import type { MentionSource } from '../../src/ports/mention-source.ts';
import type { Publisher } from '../../src/ports/publisher.ts';
import type { Stores } from '../../src/ports/stores.ts';
import { type FakeBluesky, type FakeBlueskyOptions, startFakeBluesky } from '../fakes/fake-bluesky.ts';
import { type FakeMastodon, type FakeMastodonOptions, startFakeMastodon } from '../fakes/fake-mastodon.ts';
import { type FakeX, type FakeXOptions, startFakeX } from '../fakes/fake-x.ts';
import { TEST_X_CREDENTIALS } from './fake-world.ts';
import { testEnvironment } from './test-environment.ts';

/**
 * The core on in-memory adapters and a manual clock: what the unit tests of polling,
 * publishing, answering and operating run on. Platform calls go to the fake servers through
 * the real clients (or to a dry run); nothing waits on a real clock or a Redis.
 */
export interface CoreWorld {
  config: Config;
  clock: ManualClock;
  stores: Stores;
  queue: MemoryPublishQueue;
  control: MemoryQueueControl;
  metrics: PrometheusMetrics;
  log: Logger;
  /** Every log line, parsed. */
  logs: Array<Record<string, unknown>>;
  ctx: OperatorContext;
  publishers: Record<Platform, Publisher>;
  /** The live platforms' mention sources (none for a dry run). */
  mentionSources: Partial<Record<Platform, MentionSource>>;
  poll: PollDeps;
  answer: AnswerDeps;
  attempt(platform: Platform): AttemptDeps;
  /** The value of one sample of the metrics, e.g. `herald_posts_total{platform="x",outcome="posted"}`. */
  metric(sample: string): Promise<number | undefined>;
  /**
   * Stands in for the publish worker of a platform: runs each job waiting now once, oldest
   * first, settling it as BullMQ would (a transient fault, a pause or a rate limit leave it
   * waiting; a hard stop fails it, through the ledger as the worker's 'failed' handler does).
   */
  work(platform: Platform): Promise<Array<PublishStep | { kind: 'thrown'; error: Error }>>;
}

function captureLogs(): { destination: Writable; logs: Array<Record<string, unknown>> } {
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { destination, logs };
}

export function coreWorld(env: Environment = {}, options: { pollOne?: PollOne } = {}): CoreWorld {
  const config = loadConfig(testEnvironment('unit', env));
  const clock = new ManualClock(Date.now());
  const stores = createMemoryStores(clock);
  const queue = new MemoryPublishQueue(clock);
  const control = new MemoryQueueControl(queue, options.pollOne);
  const metrics = createMetrics();
  const { destination, logs } = captureLogs();
  const log = createLogger({ level: 'debug', secrets: [], destination });
  const recordSpend = createXSpendRecorder({ meter: stores.spend, prices: config.x.prices, clock, log, metrics });
  const { publishers, mentionSources } = createPlatforms(config, log, { recordSpend, sessions: stores.sessions });
  const budget: BudgetDeps = { spend: stores.spend, prices: config.x.prices, limits: config.x.budget, log };
  const common = { metrics, log, clock, budget };
  const attempt = (platform: Platform): AttemptDeps => ({
    ...common,
    publisher: publishers[platform],
    ledger: stores.ledger,
    platforms: stores.platforms,
    footer: config[platform].footer,
    replyLinks: config.publicPage?.replyCheckUrl === undefined ? [] : [config.publicPage.replyCheckUrl],
    channels: config.officialChannels,
  });
  const world: CoreWorld = {
    config,
    clock,
    stores,
    queue,
    control,
    metrics,
    log,
    logs,
    ctx: { config, stores, queue, control, clock, publishers, actor: 'test-operator' },
    publishers,
    mentionSources,
    poll: { ...common, config, items: stores.items, feeds: stores.feeds, fetcher: createFeedFetcher(config.feed), queue },
    answer: { ...common, config, platforms: stores.platforms, mentions: stores.mentions, replies: stores.replies, ledger: stores.ledger, queue },
    attempt,
    metric: async (sample) => {
      const text = await metrics.registry.metrics();
      const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
      return line === undefined ? undefined : Number(line.slice(sample.length + 1));
    },
    work: async (platform) => {
      const steps = [];
      for (const { id } of queue.jobs(platform, 'waiting')) {
        const job = queue.take(platform, id);
        if (job) steps.push(await runJob(platform, job.id, job.data, world));
      }
      return steps;
    },
  };
  return world;
}

async function runJob(platform: Platform, jobId: string, data: Parameters<typeof attemptPublish>[0], world: CoreWorld) {
  try {
    const step = await attemptPublish(data, world.attempt(platform));
    if (step.kind === 'hard-stop') {
      world.queue.settle(platform, jobId, 'failed');
      await giveUpPublish(data.ledgerKey, platform, { attemptsMade: 1, message: step.message }, { ...world, ledger: world.stores.ledger });
    } else if (step.kind === 'rate-limited') {
      world.queue.settle(platform, jobId, 'waiting', { ...data, rateLimitHits: step.rateLimitHits });
    } else {
      world.queue.settle(platform, jobId, step.kind === 'paused' || step.kind === 'deferred' ? 'waiting' : 'completed');
    }
    return step;
  } catch (error) {
    world.queue.settle(platform, jobId, 'waiting');
    return { kind: 'thrown' as const, error: error as Error };
  }
}

export interface CoreWorldWithFakes {
  world: CoreWorld;
  x: FakeX;
  mastodon: FakeMastodon;
  bluesky: FakeBluesky;
  close(): Promise<void>;
}

/** Herald's Bluesky settings for a fake PDS (its handle and app password). */
export function blueskyEnvironment(bluesky: FakeBluesky): Record<string, string> {
  return { BLUESKY_SERVICE: bluesky.url, BLUESKY_IDENTIFIER: bluesky.handle, BLUESKY_APP_PASSWORD: bluesky.appPassword };
}

/** A core world whose publishers talk to a fake X, Mastodon and Bluesky through the real clients. */
export async function coreWorldWithFakes(
  env: Environment = {},
  fakes: { x?: FakeXOptions; mastodon?: FakeMastodonOptions; bluesky?: FakeBlueskyOptions } = {},
): Promise<CoreWorldWithFakes> {
  const [x, mastodon, bluesky] = await Promise.all([startFakeX(fakes.x), startFakeMastodon(fakes.mastodon), startFakeBluesky(fakes.bluesky)]);
  const world = coreWorld({
    X_API_BASE_URL: x.url,
    ...TEST_X_CREDENTIALS,
    MASTODON_URL: mastodon.url,
    MASTODON_ACCESS_TOKEN: mastodon.accessToken,
    ...blueskyEnvironment(bluesky),
    // Patient: on a busy 2-core machine a local fake can take longer than half a second to answer,
    // and a timeout then retries (a different bill, a different ledger). A test about timeouts
    // sets its own (attempt-publish: 0.5 s with a stall that never answers).
    HTTP_TIMEOUT_SECONDS: '10',
    ...env,
  });
  return { world, x, mastodon, bluesky, close: async () => void (await Promise.all([x.close(), mastodon.close(), bluesky.close()])) };
}
