/**
 * Child process of bench/throughput.ts: Herald's publish workers on the two publish queues
 * of HERALD_PREFIX, draining a backlog, wired as src/app/start-service.ts wires them (same
 * processor, publishers, store, metrics, logger, connection, lock options, global concurrency
 * 1) except the limiter's `max` (BENCH_LIMITER_MAX): what the service would do with the
 * change proposed in BENCHMARKS.md. (The baseline is plain-worker-child.ts.)
 *
 * Reports progress to the parent over IPC; SIGTERM closes the workers and exits.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { Worker } from 'bullmq';
import { loadConfig, secretValues } from '../../config/load-config.ts';
import { createPublishProcessor } from '../../jobs/publish-job.ts';
import { createQueues, type PublishJobData, publishQueueName } from '../../jobs/queues.ts';
import { backoffDelay } from '../../src/announce/retry-policy.ts';
import { createPublishers } from '../../src/app/create-publishers.ts';
import { redisConnection } from '../../src/app/start-service.ts';
import { createLogger } from '../../src/log/create-logger.ts';
import { createMetrics } from '../../src/metrics/create-metrics.ts';
import { PLATFORMS, RedisStore } from '../../src/store/redis-store.ts';

export type WorkersMessage =
  | { type: 'ready' }
  | {
      type: 'progress';
      done: number;
      failed: number;
      first: number;
      last: number;
      cpuMs: number;
      heapUsed: number;
      /** V8 heap in use just after the latest full (mark-compact) collection: the live heap. */
      heapAfterMajorGc: number;
      gcCount: number;
      gcMs: number;
    };

const limiterMax = Number(process.env.BENCH_LIMITER_MAX ?? 1_000_000);

const config = loadConfig(process.env);
const log = createLogger({ level: config.logLevel, secrets: secretValues(config) });
const connection = redisConnection(config.redisUrl, log, 'main');
const store = new RedisStore(connection, config.prefix);
const queues = createQueues(connection, config.prefix);
const publishers = createPublishers(config, log);
const metrics = createMetrics();
const retry = config.retry;

let gcCount = 0;
let gcMs = 0;
let heapAfterMajorGc = Number.NaN;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcCount += 1;
    gcMs += entry.duration;
    if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) heapAfterMajorGc = process.memoryUsage().heapUsed;
  }
}).observe({ entryTypes: ['gc'] });

let done = 0;
let failed = 0;
let first = Number.NaN;
let last = Number.NaN;
const now = () => performance.timeOrigin + performance.now();

// start-service.ts: one publish at a time per platform across replicas.
for (const platform of PLATFORMS) await queues.publish[platform].setGlobalConcurrency(1);

const workers = PLATFORMS.map((platform) => {
  const processor = createPublishProcessor({ publisher: publishers[platform], queue: queues.publish[platform], store, footer: config[platform].footer, metrics, log });
  const worker = new Worker<PublishJobData>(publishQueueName(platform), processor, {
    connection,
    prefix: config.prefix,
    // start-service.ts: `limiter: { max: 50, duration: 1000 }`; only `max` differs here.
    limiter: { max: limiterMax, duration: 1000 },
    settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, retry) },
    lockDuration: config.jobLockMs,
    stalledInterval: config.jobLockMs,
    maxStalledCount: 10,
    concurrency: 1,
  });
  worker.on('completed', () => {
    const t = now();
    if (done === 0) first = t;
    last = t;
    done += 1;
  });
  worker.on('failed', () => {
    failed += 1;
  });
  worker.on('error', (error) => log.warn({ error: error.message }, 'worker error'));
  return worker;
});

const report = () => {
  const cpu = process.cpuUsage();
  const message: WorkersMessage = {
    type: 'progress',
    done,
    failed,
    first,
    last,
    cpuMs: (cpu.user + cpu.system) / 1000,
    heapUsed: process.memoryUsage().heapUsed,
    heapAfterMajorGc,
    gcCount,
    gcMs,
  };
  process.send?.(message);
};
const timer = setInterval(report, 200);
process.send?.({ type: 'ready' } satisfies WorkersMessage);

process.once('SIGTERM', async () => {
  clearInterval(timer);
  report();
  await Promise.all(workers.map((w) => w.close()));
  await Promise.all(Object.values(queues.publish).map((q) => q.close()));
  connection.disconnect();
  process.exit(0);
});
process.on('disconnect', () => process.exit(0));
