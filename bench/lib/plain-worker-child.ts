/**
 * Child process of bench/throughput.ts, the baseline: plain BullMQ workers with a no-op
 * processor on the two publish queues of HERALD_PREFIX, concurrency 1 each like Herald's, in a
 * process that loads nothing but bullmq and ioredis (so that its RSS is a BullMQ worker's).
 * Reports progress to the parent over IPC; SIGTERM closes the workers and exits.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
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
      /** The live heap after the first full collection, and how many there were. */
      firstHeapAfterMajorGc: number;
      majorGcCount: number;
      gcCount: number;
      gcMs: number;
      /** Redis commands this process has sent, by command (ioredis `sendCommand`, every connection). */
      commands: Record<string, number>;
    };

const prefix = process.env.HERALD_PREFIX ?? 'herald';
const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });

let gcCount = 0;
let gcMs = 0;
let heapAfterMajorGc = Number.NaN;
let firstHeapAfterMajorGc = Number.NaN;
let majorGcCount = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcCount += 1;
    gcMs += entry.duration;
    if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      heapAfterMajorGc = process.memoryUsage().heapUsed;
      if (majorGcCount === 0) firstHeapAfterMajorGc = heapAfterMajorGc;
      majorGcCount += 1;
    }
  }
}).observe({ entryTypes: ['gc'] });

let done = 0;
let failed = 0;
let first = Number.NaN;
let last = Number.NaN;
const now = () => performance.timeOrigin + performance.now();

const workers = ['publish-x', 'publish-mastodon'].map((name) => {
  const worker = new Worker(name, async () => undefined, { connection, prefix, concurrency: 1 });
  worker.on('completed', () => {
    const t = now();
    if (done === 0) first = t;
    last = t;
    done += 1;
  });
  worker.on('failed', () => {
    failed += 1;
  });
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
    firstHeapAfterMajorGc,
    majorGcCount,
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
  await Promise.all(workers.map((w) => w.close()));
  connection.disconnect();
  process.exit(0);
});
process.on('disconnect', () => process.exit(0));
