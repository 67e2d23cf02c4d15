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
import { startHttpServer } from '../src/adapters/http/start-http-server.ts';
import { createMetrics, type PrometheusMetrics } from '../src/adapters/metrics/create-metrics.ts';
import { createRedisStores } from '../src/adapters/redis/create-redis-stores.ts';
import { RedisStoreHealth } from '../src/adapters/redis/redis-store-health.ts';
import { redisConnection, shortLivedRedis } from '../src/adapters/redis/redis-connection.ts';
import { systemClock } from '../src/adapters/system-clock.ts';
import { withDeadline } from '../src/adapters/with-deadline.ts';
import { RedisConfigFingerprints } from '../src/adapters/redis/redis-config-fingerprints.ts';
import { configFingerprint } from '../src/core/operate/config-fingerprint.ts';
import { checkFingerprint } from '../src/core/operate/fingerprint-check.ts';
import { holdPrefix, type PrefixHold } from './hold-prefix.ts';
import { stopOnce } from './stop-service.ts';
import { attemptsFor } from '../src/core/announce/retry-policy.ts';
import { checkCredentialsAtStart } from '../src/core/operate/check-credentials-at-start.ts';
import { checkReadiness, type Readiness } from '../src/core/operate/check-readiness.ts';
import { type DoctorDeps, doctorChecks } from '../src/core/operate/doctor-checks.ts';
import type { OperatorContext } from '../src/core/operate/operator-context.ts';
import { OperatorError } from '../src/core/operate/operator-error.ts';
import type { PreviewDeps } from '../src/core/operate/preview-feed.ts';
import { refreshGauges } from '../src/core/operate/refresh-gauges.ts';
import { type DoctorReport, runDoctor } from '../src/core/operate/run-doctor.ts';
import { storeTroubleReporter } from '../src/core/operate/store-trouble.ts';
import type { BudgetDeps } from '../src/core/spend/check-budget.ts';
import { createXSpendRecorder } from '../src/core/spend/record-x-spend.ts';
import { PLATFORMS } from '../src/domain/platform.ts';
import { redactUrl } from '../src/domain/redact-url.ts';

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
  const trouble = storeTroubleReporter(clock, log);
  const connection = redisConnection(config.redisUrl, trouble, 'main');
  const queues = createQueues(connection, config.prefix, trouble.failed);
  const abortInFlight = new AbortController();
  const { ctx, platforms } = operatorContext(config, connection, queues, log, { stopSignal: abortInFlight.signal }, metrics);
  const { stores } = ctx;
  logModes(platforms, log);
  const credentials = checkCredentialsAtStart(platforms.publishers, log);
  let workers: Worker[] = [];
  let started = false;
  let hold: PrefixHold | undefined;
  const readiness = () =>
    checkReadiness({
      config,
      platforms: stores.platforms,
      feeds: stores.feeds,
      started: () => started,
      conflict: () => hold?.conflict(),
      storeReachable: async () => (await withDeadline(connection.ping().catch(() => undefined), 1000)) === 'PONG',
      stoppedWorkers: () => workers.filter((w) => !w.isRunning()).map((w) => w.name),
      credentials: credentials.snapshot,
    });
  const doctor = () => runDoctor(doctorChecks(serviceDoctorDeps(config, connection, ctx.publishers)));
  const server = await serveHttp(config, ctx, queues, metrics, readiness, log, doctor);
  hold = await holdPrefix(config, stores, clock, log, () => {
    for (const w of workers) w.pause().catch((e: Error) => log.warn({ queue: w.name, error: e.message }, 'could not pause the worker'));
  }).catch(async (error: Error) => {
    await server.close();
    await withDeadline(Promise.all(allQueues(queues).map((q) => q.close())), 500);
    connection.disconnect();
    throw error;
  });
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
    trouble,
  });
  await scheduleJobs(queues, config, platforms.mentionSources, { fingerprint: hold.fingerprint.hash, removable: hold.claim.removable });
  started = true;
  // Start-up's compiled code goes to the compile cache (bin/herald.js) now, not only at a clean exit.
  flushCompileCache();
  log.info({ port: server.port, feeds: config.feedUrls.map(redactUrl), pollSeconds: config.feedPollSeconds }, 'Herald started');
  const stop = stopOnce({ config, log, workers, queues, server, connection, abortInFlight, releasePrefix: hold.release });
  return { port: server.port, metrics, readiness, stop };
}

/** A CLI command's connection errors: the command reports a Redis that does not answer in one line itself. */
const ignoreErrors = () => undefined;

/** What one CLI command works on: its own short-lived connection, closed afterwards. */
export async function openOperator(config: Config): Promise<OperatorSession> {
  const redis = shortLivedRedis(config.redisUrl);
  const queues = createQueues(redis, config.prefix, ignoreErrors);
  const log = pino({ level: 'silent' });
  const close = async () => {
    await Promise.all(allQueues(queues).map((q) => q.close())).catch(() => undefined);
    redis.disconnect();
  };
  try {
    await redis.ping();
  } catch {
    await close();
    throw new OperatorError(`Redis at ${redactUrl(config.redisUrl)} does not answer: check REDIS_URL and that Redis runs.`);
  }
  return { ctx: operatorContext(config, redis, queues, log).ctx, close };
}

/**
 * `herald doctor`: its own short-lived Redis connection, and publishers built from whatever
 * credentials are set, even under DRY_RUN (so they can be checked before going live).
 */
export async function doctorDeps(config: Config): Promise<{ deps: DoctorDeps; close(): Promise<void> }> {
  const redis = shortLivedRedis(config.redisUrl);
  const { ctx } = operatorContext(config, redis, createQueues(redis, config.prefix, ignoreErrors), pino({ level: 'silent' }));
  return { deps: serviceDoctorDeps(config, redis, ctx.publishers), close: async () => redis.disconnect() };
}

/** The fingerprint check reads the prefix within 2 s (the service's connection would wait for Redis forever). */
function serviceDoctorDeps(config: Config, redis: Redis, publishers: Platforms['publishers']): DoctorDeps {
  const prints = new RedisConfigFingerprints(redis, config.prefix);
  const inspect = async () => (await withDeadline(prints.inspect(), 2000)) ?? Promise.reject(new Error('no answer within 2 s'));
  const fingerprint = () => checkFingerprint({ inspect }, configFingerprint(config), config.prefix);
  return { config, nodeVersion: process.versions.node, store: new RedisStoreHealth(redis), fetcher: createFeedFetcher(config.feed), publishers, clock: systemClock, fingerprint };
}

/** `herald preview`: the platforms' limits, the feed fetcher and local files. */
export function previewDeps(config: Config): PreviewDeps {
  return {
    publishers: createPlatforms(config, pino({ level: 'silent' })).publishers,
    fetcher: createFeedFetcher(config.feed),
    readFile: (path) => readFile(path, 'utf8'),
  };
}
