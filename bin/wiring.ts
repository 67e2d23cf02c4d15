import { readFile } from 'node:fs/promises';
import { flushCompileCache } from 'node:module';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import { BullmqPublishQueue } from '../jobs/bullmq-publish-queue.ts';
import { BullmqQueueControl } from '../jobs/bullmq-queue-control.ts';
import { allQueues, createQueues, type Queues } from '../jobs/queues.ts';
import { limitPublishing, scheduleJobs } from '../jobs/schedule-jobs.ts';
import { startWorkers } from '../jobs/start-workers.ts';
import type { OperatorSession } from '../src/adapters/cli/cli-context.ts';
import { createPlatforms, type PlatformOptions, type Platforms } from '../src/adapters/create-platforms.ts';
import { createFeedFetcher } from '../src/adapters/feed/http-feed-fetcher.ts';
import { createHttpApp } from '../src/adapters/http/create-http-app.ts';
import { type HttpServer, startHttpServer } from '../src/adapters/http/start-http-server.ts';
import { createMetrics, type PrometheusMetrics } from '../src/adapters/metrics/create-metrics.ts';
import { createRedisStores } from '../src/adapters/redis/create-redis-stores.ts';
import { RedisStoreHealth } from '../src/adapters/redis/redis-store-health.ts';
import { redisConnection, shortLivedRedis } from '../src/adapters/redis/redis-connection.ts';
import { systemClock } from '../src/adapters/system-clock.ts';
import { withDeadline } from '../src/adapters/with-deadline.ts';
import { attemptsFor } from '../src/core/announce/retry-policy.ts';
import { checkCredentialsAtStart } from '../src/core/operate/check-credentials-at-start.ts';
import { checkReadiness, type Readiness } from '../src/core/operate/check-readiness.ts';
import { type DoctorDeps, doctorChecks } from '../src/core/operate/doctor-checks.ts';
import type { OperatorContext } from '../src/core/operate/operator-context.ts';
import { OperatorError } from '../src/core/operate/operator-error.ts';
import type { PreviewDeps } from '../src/core/operate/preview-feed.ts';
import { refreshGauges } from '../src/core/operate/refresh-gauges.ts';
import { type DoctorReport, runDoctor } from '../src/core/operate/run-doctor.ts';
import type { BudgetDeps } from '../src/core/spend/check-budget.ts';
import { createXSpendRecorder } from '../src/core/spend/record-x-spend.ts';
import { PLATFORMS } from '../src/domain/platform.ts';

/**
 * The composition root: the one place that knows every adapter. It builds the Redis stores,
 * the BullMQ queues and workers, the platforms and the HTTP server, and hands each part the
 * ports it needs. bin/herald.ts passes `startService`, `openOperator` and `previewDeps` to the CLI.
 */

export interface HeraldService {
  /** The port the HTTP server listens on (useful with HTTP_PORT=0). */
  port: number;
  metrics: PrometheusMetrics;
  readiness(): Promise<Readiness>;
  /** Graceful stop: in-flight jobs finish or go back to the queue; bounded by SHUTDOWN_TIMEOUT_SECONDS. */
  stop(): Promise<void>;
}

/** The platforms as far as credentials go, DRY_RUN aside: what retract (deletions) and doctor talk to. */
function credentialed(config: Config): Config {
  const { x, mastodon, bluesky } = config;
  return {
    ...config,
    x: { ...x, dryRun: x.credentials === undefined },
    mastodon: { ...mastodon, dryRun: mastodon.url === undefined || mastodon.accessToken === undefined },
    bluesky: { ...bluesky, dryRun: bluesky.identifier === undefined || bluesky.appPassword === undefined },
  };
}

/**
 * The operator context on one Redis connection and its queues; X's billable calls count in its
 * spend meter. `platforms` obey DRY_RUN (the workers post through them); the context's publishers
 * use whatever credentials are set, so a post made live can be retracted under DRY_RUN too.
 */
function operatorContext(config: Config, redis: Redis, queues: Queues, log: Logger, platformOptions: PlatformOptions = {}, metrics?: PrometheusMetrics) {
  const stores = createRedisStores(redis, config.prefix, systemClock);
  const recordSpend = createXSpendRecorder({ meter: stores.spend, prices: config.x.prices, clock: systemClock, log, metrics });
  const options = { ...platformOptions, recordSpend, sessions: stores.sessions };
  const platforms = createPlatforms(config, log, options);
  const operated = config.dryRun ? createPlatforms(credentialed(config), log, options) : platforms;
  const ctx: OperatorContext = {
    config,
    stores,
    queue: new BullmqPublishQueue(queues.publish, attemptsFor(config.retry), systemClock),
    control: new BullmqQueueControl(queues, redis, config.prefix, systemClock),
    clock: systemClock,
    publishers: operated.publishers,
    actor: 'herald-service',
  };
  return { ctx, platforms };
}

/** X's budgets, for the publish and mention workers. */
const budgetOf = (ctx: OperatorContext, log: Logger): BudgetDeps => ({ spend: ctx.stores.spend, prices: ctx.config.x.prices, limits: ctx.config.x.budget, log });

function logModes(platforms: Platforms, log: Logger): void {
  for (const platform of PLATFORMS) {
    const { dryRun } = platforms.publishers[platform];
    log.info({ platform, dryRun }, dryRun ? `${platform}: dry run (posts are logged, not sent)` : `${platform}: live`);
  }
}

/** HTTP first, so /healthz answers (and /readyz says why not ready) while Redis is awaited. */
async function serveHttp(config: Config, ctx: OperatorContext, queues: Queues, metrics: PrometheusMetrics, readiness: () => Promise<Readiness>, log: Logger, doctor: () => Promise<DoctorReport>) {
  const token = config.adminToken;
  const { stores, control } = ctx;
  const app = await createHttpApp({
    readiness,
    metrics,
    refreshGauges: () => refreshGauges({ metrics, control, platforms: stores.platforms, items: stores.items }),
    mount: token
      ? async (hono) => (await import('../src/adapters/http/admin-routes.ts')).mountAdminRoutes(hono, ctx, token, allQueues(queues), { doctor })
      : undefined,
    onError: (error) => log.error({ error: error.message }, 'HTTP request failed'),
    before: config.publicPage.enabled
      ? async (hono) =>
          (await import('../src/adapters/http/public-routes.ts')).mountPublicRoutes(hono, {
            config,
            stores,
            onError: (error) => log.error({ error: error.message }, 'public page request failed'),
          })
      : undefined,
  });
  const server = await startHttpServer(app, config.httpPort);
  if (token) log.info({ url: `http://localhost:${server.port}/admin/login` }, `Bull Board (the queues' dashboard): open http://localhost:${server.port}/admin/login and paste ADMIN_TOKEN (or use HTTP Basic, the token as password)`);
  else log.info('admin API and Bull Board are off: set ADMIN_TOKEN (16 characters or more) to turn them on');
  return server;
}

/** Starts the service: HTTP, then the publish limit, the workers and the schedules. */
export async function startService(config: Config, log: Logger): Promise<HeraldService> {
  const clock = systemClock;
  const metrics = createMetrics();
  const connection = redisConnection(config.redisUrl, log, 'main');
  const queues = createQueues(connection, config.prefix);
  const abortInFlight = new AbortController();
  const { ctx, platforms } = operatorContext(config, connection, queues, log, { stopSignal: abortInFlight.signal }, metrics);
  const { stores } = ctx;
  logModes(platforms, log);
  const credentials = checkCredentialsAtStart(platforms.publishers, log);
  let workers: Worker[] = [];
  let started = false;
  const readiness = () =>
    checkReadiness({
      config,
      platforms: stores.platforms,
      feeds: stores.feeds,
      started: () => started,
      storeReachable: async () => (await withDeadline(connection.ping().catch(() => undefined), 1000)) === 'PONG',
      stoppedWorkers: () => workers.filter((w) => !w.isRunning()).map((w) => w.name),
      credentials: credentials.snapshot,
    });
  const doctor = () => runDoctor(doctorChecks(serviceDoctorDeps(config, connection, ctx.publishers)));
  const server = await serveHttp(config, ctx, queues, metrics, readiness, log, doctor);
  await limitPublishing(queues);
  const common = { metrics, log, clock, budget: budgetOf(ctx, log) };
  workers = startWorkers({
    config,
    connection,
    queues,
    poll: { ...common, config, items: stores.items, feeds: stores.feeds, fetcher: createFeedFetcher(config.feed), queue: ctx.queue },
    publish: { ...common, ledger: stores.ledger, platforms: stores.platforms },
    publishers: platforms.publishers,
    mentions: { ...common, config, platforms: stores.platforms, mentions: stores.mentions, replies: stores.replies, ledger: stores.ledger, queue: ctx.queue },
    mentionSources: platforms.mentionSources,
    log,
  });
  await scheduleJobs(queues, config, platforms.mentionSources);
  started = true;
  // Start-up's compiled code goes to the compile cache (bin/herald.js) now, not only at a clean exit.
  flushCompileCache();
  log.info({ port: server.port, feeds: config.feedUrls, pollSeconds: config.feedPollSeconds }, 'Herald started');
  const stop = stopOnce({ config, log, workers, queues, server, connection, abortInFlight });
  return { port: server.port, metrics, readiness, stop };
}

interface Running {
  config: Config;
  log: Logger;
  workers: Worker[];
  queues: Queues;
  server: HttpServer;
  connection: Redis;
  abortInFlight: AbortController;
}

/**
 * The graceful stop (once, however often asked): in-flight jobs get the shutdown timeout minus
 * 2.5 s; then their calls are aborted (the jobs fail this attempt and go back to the queue, and
 * the ledger's attempt time makes the retry look before posting); as a last resort the workers
 * are forced closed (an unfinished job is taken over once its lock expires).
 */
function stopOnce(running: Running): () => Promise<void> {
  const { config, log, workers } = running;
  const closeAll = (force: boolean, ms: number) => withDeadline(Promise.all(workers.map((w) => w.close(force))).then(() => true), ms);
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      log.info('stopping: letting in-flight jobs finish');
      let closed = await closeAll(false, Math.max(500, config.shutdownTimeoutMs - 2500));
      if (!closed) {
        log.warn('in-flight calls did not finish in time: aborting them (their jobs will be retried)');
        running.abortInFlight.abort();
        closed = await closeAll(false, 1000);
      }
      if (!closed) {
        log.warn('workers did not finish in time: forcing them closed (an unfinished job is taken over by another worker once its lock expires; the ledger keeps it from posting twice)');
        await closeAll(true, 500);
      }
      await withDeadline(Promise.all(allQueues(running.queues).map((q) => q.close())), 500);
      await running.server.close();
      running.connection.disconnect();
      log.info('stopped');
    })();
    return stopping;
  };
}

/** What one CLI command works on: its own short-lived connection, closed afterwards. */
export async function openOperator(config: Config): Promise<OperatorSession> {
  const redis = shortLivedRedis(config.redisUrl);
  const queues = createQueues(redis, config.prefix);
  const log = pino({ level: 'silent' });
  const close = async () => {
    await Promise.all(allQueues(queues).map((q) => q.close())).catch(() => undefined);
    redis.disconnect();
  };
  try {
    await redis.ping();
  } catch {
    await close();
    throw new OperatorError(`Redis at ${config.redisUrl.replace(/\/\/[^@/]*@/, '//***@')} does not answer: check REDIS_URL and that Redis runs.`);
  }
  return { ctx: operatorContext(config, redis, queues, log).ctx, close };
}

/**
 * `herald doctor`: its own short-lived Redis connection, and publishers built from whatever
 * credentials are set, even under DRY_RUN (so they can be checked before going live).
 */
export async function doctorDeps(config: Config): Promise<{ deps: DoctorDeps; close(): Promise<void> }> {
  const redis = shortLivedRedis(config.redisUrl);
  const { ctx } = operatorContext(config, redis, createQueues(redis, config.prefix), pino({ level: 'silent' }));
  return { deps: serviceDoctorDeps(config, redis, ctx.publishers), close: async () => redis.disconnect() };
}

/** `fingerprint` is left out: doctor-checks.ts's fingerprintCheckNotConnected stands in until issue 16 provides the check. */
function serviceDoctorDeps(config: Config, redis: Redis, publishers: Platforms['publishers']): DoctorDeps {
  return { config, nodeVersion: process.versions.node, store: new RedisStoreHealth(redis), fetcher: createFeedFetcher(config.feed), publishers, clock: systemClock };
}

/** `herald preview`: the platforms' limits, the feed fetcher and local files. */
export function previewDeps(config: Config): PreviewDeps {
  return {
    publishers: createPlatforms(config, pino({ level: 'silent' })).publishers,
    fetcher: createFeedFetcher(config.feed),
    readFile: (path) => readFile(path, 'utf8'),
  };
}
