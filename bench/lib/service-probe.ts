/**
 * Preloaded into `node bin/herald.ts start` by bench/throughput.ts
 * (`NODE_OPTIONS=--import …/service-probe.ts`), to see inside the real service without changing
 * it. Every 500 ms it writes one stdout line `BENCH_PROBE {json}` with the V8 heap in use, the
 * heap in use after the latest full (mark-compact) collection, the collections so far and,
 * with BENCH_PROBE_COMMANDS=1, the Redis commands the process has sent (every ioredis
 * connection, BullMQ's included). SIGUSR2 starts the measurement: counters go back to zero and,
 * with BENCH_PROFILE_FILE set, the V8 CPU profiler starts; on SIGTERM the profile is written
 * there (the service's own SIGTERM handling then runs as usual). With `--expose-gc`, SIGHUP
 * and SIGTERM first force a full collection and report the live heap it leaves (`liveHeap`),
 * an exact figure where the GC observer's can lag behind allocation.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { CommandCounter } from './redis.ts';

export interface ProbeReport {
  /** Since SIGUSR2 (or since start-up, before it). */
  gcCount: number;
  gcMs: number;
  cpuMs: number;
  commands: Record<string, number>;
  heapUsed: number;
  heapAfterMajorGc: number;
  /** The live heap after the first and the latest full collection since SIGUSR2, and how many there were. */
  firstHeapAfterMajorGc: number;
  majorGcCount: number;
  /** Heap in use right after a forced full collection (SIGHUP, SIGTERM; needs --expose-gc). */
  liveHeap?: number;
}

const counter = process.env.BENCH_PROBE_COMMANDS === '1' ? new CommandCounter().attachGlobally() : undefined;
const profileFile = process.env.BENCH_PROFILE_FILE;
let session: Session | undefined;

let gcCount = 0;
let gcMs = 0;
let heapAfterMajorGc = Number.NaN;
let firstHeapAfterMajorGc = Number.NaN;
let majorGcCount = 0;
let cpuStart = process.cpuUsage();
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

let liveHeap: number | undefined;
const forceGc = () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  // Twice: objects with finalizers or weak callbacks go only in the second collection.
  gc();
  gc();
  liveHeap = process.memoryUsage().heapUsed;
};

const report = () => {
  const cpu = process.cpuUsage(cpuStart);
  const line: ProbeReport = {
    gcCount,
    gcMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    commands: counter ? Object.fromEntries(counter.counts) : {},
    heapUsed: process.memoryUsage().heapUsed,
    heapAfterMajorGc,
    firstHeapAfterMajorGc,
    majorGcCount,
    liveHeap,
  };
  process.stdout.write(`BENCH_PROBE ${JSON.stringify(line)}\n`);
};
setInterval(report, 500).unref();

process.on('SIGUSR2', () => {
  gcCount = 0;
  gcMs = 0;
  majorGcCount = 0;
  firstHeapAfterMajorGc = Number.NaN;
  cpuStart = process.cpuUsage();
  counter?.reset();
  if (profileFile && !session) {
    session = new Session();
    session.connect();
    // Same-thread inspector sessions answer synchronously.
    session.post('Profiler.enable');
    session.post('Profiler.start');
  }
  report();
});

process.on('SIGHUP', () => {
  forceGc();
  report();
});

process.prependListener('SIGTERM', () => {
  forceGc();
  report();
  if (session && profileFile) {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(profileFile, JSON.stringify(result.profile));
    });
    session = undefined;
  }
});
