/**
 * Child process of bench/throughput.ts: Herald's publish workers on the two publish queues
 * of HERALD_PREFIX, draining a backlog, wired as src/app/start-service.ts wires them (same
 * processor, publishers, store, metrics, logger, connection, worker options, global
 * concurrency 1) but without the rest of the service, so that the publish path can be
 * observed alone: a CPU profile of the draining (start-up excluded) is written to
 * BENCH_PROFILE_FILE when set, and every Redis command the process sends is counted.
 * (The baseline is plain-worker-child.ts.)
 *
 * Reports progress to the parent over IPC; SIGTERM closes the workers and exits.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
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
import { CommandCounter } from './redis.ts';

const commands = new CommandCounter().attachGlobally();

export type WorkersMessage =
  | { type: 'ready' }
  | {
      type: 'progress';
      done: number;
      failed: number;
      first: number;
      last: number;
      /** CPU (user + system) since the workers were created, ms. */
      cpuMs: number;
      heapUsed: number;
      /** V8 heap in use just after the latest full (mark-compact) collection: the live heap. */
      heapAfterMajorGc: number;
      gcCount: number;
      gcMs: number;
      /** Redis commands this process has sent, by command (ioredis `sendCommand`, every connection). */
      commands: Record<string, number>;
    };


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

// The profile starts once every module is loaded, so it shows the work per job, not start-up.
const profileFile = process.env.BENCH_PROFILE_FILE;
const profiler = profileFile ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

// start-service.ts: one publish at a time per platform across replicas.
for (const platform of PLATFORMS) await queues.publish[platform].setGlobalConcurrency(1);

const workers = PLATFORMS.map((platform) => {
  const processor = createPublishProcessor({ publisher: publishers[platform], queue: queues.publish[platform], store, footer: config[platform].footer, metrics, log });
  const worker = new Worker<PublishJobData>(publishQueueName(platform), processor, {
    connection,
    prefix: config.prefix,
    // As start-service.ts (11f52cf): a limiter far above any posting rate, for queue.rateLimit().
    limiter: { max: 10_000, duration: 1000 },
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
  const cpu = process.cpuUsage(cpuAtReady);
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
    commands: Object.fromEntries(commands.counts),
  };
  process.send?.(message);
};
const cpuAtReady = process.cpuUsage();
const timer = setInterval(report, 200);
process.send?.({ type: 'ready' } satisfies WorkersMessage);

process.once('SIGTERM', async () => {
  clearInterval(timer);
  report();
  if (profiler && profileFile) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
  }
  await Promise.all(workers.map((w) => w.close()));
  await Promise.all(Object.values(queues.publish).map((q) => q.close()));
  connection.disconnect();
  process.exit(0);
});
process.on('disconnect', () => process.exit(0));
