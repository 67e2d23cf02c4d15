import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../../config/load-config.ts';
import { createCheckMentionsProcessor } from '../../jobs/check-mentions-job.ts';
import { createPollProcessor } from '../../jobs/poll-feed-job.ts';
import { createPublishProcessor } from '../../jobs/publish-job.ts';
import { enqueueAnnouncements } from '../../jobs/enqueue.ts';
import {
  allQueues,
  createQueues,
  MENTIONS_QUEUE,
  POLL_QUEUE,
  type PublishJobData,
  publishQueueName,
} from '../../jobs/queues.ts';
import { feedId } from '../announce/poll-feed.ts';
import { attemptsFor, backoffDelay } from '../announce/retry-policy.ts';
import { createHttpApp, type Readiness } from '../http/create-http-app.ts';
import { MastodonMentionSource } from '../listen/mastodon-mention-source.ts';
import type { MentionSource } from '../listen/mention-source.ts';
import { XMentionSource } from '../listen/x-mention-source.ts';
import { MastodonPublisher } from '../publish/mastodon-publisher.ts';
import { XPublisher } from '../publish/x-publisher.ts';
import { createOperatorContext } from '../ops/operator-context.ts';
import { createMetrics, type Metrics } from '../metrics/create-metrics.ts';
import { PLATFORMS, type ItemRecord, RedisStore } from '../store/redis-store.ts';
import { createPublishers } from './create-publishers.ts';
import { withDeadline } from './with-deadline.ts';

export const USER_AGENT = 'Herald/0.1 (+https://session.foundation; announcement bot)';

export interface HeraldService {
  /** The port the HTTP server listens on (useful with HTTP_PORT=0). */
  port: number;
  metrics: Metrics;
  readiness(): Promise<Readiness>;
  /** Graceful stop: in-flight jobs finish or go back to the queue; bounded by SHUTDOWN_TIMEOUT_SECONDS. */
  stop(): Promise<void>;
}

export function redisConnection(url: string, log: Logger, name: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: `herald-${name}` });
  let lastWarning = 0;
  redis.on('error', (error: Error) => {
    if (Date.now() - lastWarning > 10_000) {
      lastWarning = Date.now();
      log.warn({ connection: name, error: error.message }, 'Redis unreachable: waiting for it to come back');
    }
  });
  return redis;
}

/** The composition root: wires config, Redis, queues, publishers, workers and HTTP together. */
export async function startService(config: Config, log: Logger): Promise<HeraldService> {
  const metrics = createMetrics();
  const connection = redisConnection(config.redisUrl, log, 'main');
  const store = new RedisStore(connection, config.prefix);
  const queues = createQueues(connection, config.prefix);
  const abortInFlight = new AbortController();
  const publishers = createPublishers(config, log, abortInFlight.signal);
  const retry = config.retry;
  const attempts = attemptsFor(retry);

  for (const platform of PLATFORMS) {
    const publisher = publishers[platform];
    log.info({ platform, dryRun: publisher.dryRun }, publisher.dryRun ? `${platform}: dry run (posts are logged, not sent)` : `${platform}: live`);
  }

  const enqueue = (records: ItemRecord[]) => enqueueAnnouncements(queues, records, PLATFORMS, attempts);

  const workerOptions = {
    connection,
    prefix: config.prefix,
    // Needed for queue.rateLimit() to hold back every worker of the queue (BullMQ); the max is
    // far above any real posting rate so that it never throttles by itself.
    limiter: { max: 10_000, duration: 1000 },
    settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, retry) },
    // A worker killed mid-job (SIGKILL, OOM) loses its lock; another worker or replica takes
    // the job over after about this long. The ledger makes the takeover safe.
    lockDuration: config.jobLockMs,
    stalledInterval: config.jobLockMs,
    maxStalledCount: 10,
  };
  // HTTP first, so /healthz answers (and /readyz says why not ready) while Redis is awaited.
  let workers: Worker[] = [];
  let started = false;
  const readiness = async (): Promise<Readiness> => {
    if (!started) return { ready: false, reason: 'starting (waiting for Redis)', detail: {} };
    const pong = await withDeadline(connection.ping().catch(() => undefined), 1000);
    if (pong !== 'PONG') return { ready: false, reason: 'redis unreachable', detail: {} };
    const stopped = workers.filter((w) => !w.isRunning()).map((w) => w.name);
    if (stopped.length > 0) return { ready: false, reason: `workers not running: ${stopped.join(', ')}`, detail: {} };
    const paused: Record<string, unknown> = {};
    for (const platform of PLATFORMS) {
      const pause = await store.getPause(platform);
      if (pause) paused[platform] = pause;
    }
    const failingFeeds = [];
    for (const url of config.feedUrls) {
      const state = await store.getFeedState(feedId(url));
      if (state.consecutiveFailures > 0) {
        failingFeeds.push({ url, failures: state.consecutiveFailures, lastError: state.lastError, nextAttemptAt: state.nextAttemptAt });
      }
    }
    return { ready: true, detail: { paused, failingFeeds } };
  };

  const refreshGauges = async () => {
    for (const queue of allQueues(queues)) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
      for (const [state, count] of Object.entries(counts)) metrics.queueJobs.set({ queue: queue.name, state }, count);
    }
    for (const platform of PLATFORMS) {
      metrics.platformPaused.set({ platform }, (await store.getPause(platform)) ? 1 : 0);
    }
    metrics.itemsHeld.set((await store.latestItems(1000, (r) => r.status === 'held')).length);
  };

  const operator = createOperatorContext(config, connection, queues);
  const adminToken = config.adminToken;
  const app = await createHttpApp({
    readiness,
    metrics,
    refreshGauges,
    mount: adminToken
      ? async (hono) => (await import('../http/admin-routes.ts')).mountAdminRoutes(hono, operator, adminToken)
      : undefined,
    onError: (error) => log.error({ error: error.message }, 'HTTP request failed'),
  });
  const server = serve({ fetch: app.fetch, port: config.httpPort, hostname: '0.0.0.0' });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  // One publish at a time per platform across all replicas: posts keep their order, and no
  // request is in flight when another worker learns of a rate limit.
  for (const platform of PLATFORMS) await queues.publish[platform].setGlobalConcurrency(1);
  const pollWorker = new Worker(
    POLL_QUEUE,
    createPollProcessor({ config, store, enqueue, metrics, log, now: () => new Date(), userAgent: USER_AGENT }),
    { ...workerOptions, concurrency: 4 },
  );
  const publishWorkers = PLATFORMS.map(
    (platform) =>
      new Worker<PublishJobData>(
        publishQueueName(platform),
        createPublishProcessor({
          publisher: publishers[platform],
          queue: queues.publish[platform],
          store,
          footer: config[platform].footer,
          metrics,
          log,
        }),
        { ...workerOptions, concurrency: 1 },
      ),
  );
  // Mentions are read only where the platform is live (a dry run has no credentials to read with).
  const sources: Partial<Record<'x' | 'mastodon', MentionSource>> = {};
  if (publishers.x instanceof XPublisher) sources.x = new XMentionSource(publishers.x);
  if (publishers.mastodon instanceof MastodonPublisher) sources.mastodon = new MastodonMentionSource(publishers.mastodon);
  const mentionsWorker = new Worker(
    MENTIONS_QUEUE,
    createCheckMentionsProcessor(sources, { config, store, queues, attempts, metrics, log, now: Date.now }),
    { ...workerOptions, concurrency: 2 },
  );
  workers = [pollWorker, ...publishWorkers, mentionsWorker] as Worker[];
  for (const worker of workers) {
    worker.on('error', (error) => log.warn({ queue: worker.name, error: error.message }, 'worker error'));
  }
  for (const [index, platform] of PLATFORMS.entries()) {
    publishWorkers[index]!.on('failed', (job: Job<PublishJobData> | undefined, error: Error) => {
      if (!job) return;
      const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (!final) return;
      void store
        .getLedger(job.data.ledgerKey, platform)
        .then((entry) => {
          if (entry?.state === 'posted' || entry?.state === 'failed') return;
          metrics.postsTotal.inc({ platform, outcome: 'failed' });
          return store.setLedger(job.data.ledgerKey, platform, {
            ...entry,
            state: 'failed',
            reason: `gave up after ${job.attemptsMade} attempts: ${error.message}. Run "herald retry ${job.data.ledgerKey} --platform ${platform}" once the cause is fixed.`,
            updatedAt: Date.now(),
          });
        })
        .catch((e: Error) => log.error({ error: e.message }, 'could not record the failure in the ledger'));
      log.error({ ledgerKey: job.data.ledgerKey, platform, error: error.message }, 'publish failed for good');
    });
  }

  // One scheduler per feed, with a stable id: every replica upserts the same one, so each
  // feed is polled once per interval however many replicas run.
  const wanted = new Set(config.feedUrls.map((url) => `poll-${feedId(url)}`));
  for (const scheduler of await queues.poll.getJobSchedulers()) {
    if (scheduler.key.startsWith('poll-') && !wanted.has(scheduler.key)) await queues.poll.removeJobScheduler(scheduler.key);
  }
  for (const feedUrl of config.feedUrls) {
    await queues.poll.upsertJobScheduler(
      `poll-${feedId(feedUrl)}`,
      { every: config.feedPollSeconds * 1000 },
      { name: 'poll', data: { feedUrl }, opts: { removeOnComplete: 50, removeOnFail: 50 } },
    );
  }

  const mentionSchedules = { x: config.mentions.xPollSeconds, mastodon: config.mentions.mastodonPollSeconds };
  for (const platform of PLATFORMS) {
    const id = `mentions-${platform}`;
    if (sources[platform]) {
      await queues.mentions.upsertJobScheduler(
        id,
        { every: mentionSchedules[platform] * 1000 },
        { name: 'check-mentions', data: { platform }, opts: { removeOnComplete: 50, removeOnFail: 50 } },
      );
    } else {
      await queues.mentions.removeJobScheduler(id);
    }
  }

  started = true;
  log.info({ port, feeds: config.feedUrls, pollSeconds: config.feedPollSeconds }, 'Herald started');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info('stopping: letting in-flight jobs finish');
      const graceMs = Math.max(500, config.shutdownTimeoutMs - 2500);
      let closed = await withDeadline(Promise.all(workers.map((w) => w.close())).then(() => true), graceMs);
      if (!closed) {
        // Abort the calls still in flight: their jobs fail this attempt and go back to the
        // queue with a retry; the ledger's attempt time makes the retry look before posting.
        log.warn('in-flight calls did not finish in time: aborting them (their jobs will be retried)');
        abortInFlight.abort();
        closed = await withDeadline(Promise.all(workers.map((w) => w.close())).then(() => true), 1000);
      }
      if (!closed) {
        log.warn('workers did not finish in time: forcing them closed (an unfinished job is taken over by another worker once its lock expires; the ledger keeps it from posting twice)');
        await withDeadline(Promise.all(workers.map((w) => w.close(true))), 500);
      }
      await withDeadline(Promise.all(allQueues(queues).map((q) => q.close())), 500);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as import('node:http').Server).closeAllConnections();
      });
      connection.disconnect();
      log.info('stopped');
    })();
    return stopping;
  };

  return { port, metrics, readiness, stop };
}
