/**
 * Throughput and memory: a backlog of 10,000 items × 2 platforms on the publish queues (the
 * service's job options and `announce` data), drained against fakes that answer at once,
 * beside a plain BullMQ worker with a no-op processor on the same Redis in the same run; the
 * resident set size of the draining process after warm-up and at the end.
 *
 *   node bench/throughput.ts
 *
 * Runs, each on a prefix of its own, each worker in a child process:
 *   A. baseline: plain BullMQ workers (no-op processor, concurrency 1 per queue, like Herald's);
 *   B. `node bin/herald.js start` as shipped, on the whole backlog;
 *   C. the same with V8 heap flags (NODE_OPTIONS), on a smaller backlog: what bounds the RSS;
 *   D. the same as B with a CPU profiler and a Redis command counter preloaded into it
 *      (bench/lib/service-probe.ts), on a smaller backlog: where the time of a publish job goes.
 * B, C and D get the probe's heap and GC report, which costs nothing measurable.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from '../config/load-config.ts';
import { announceJobId, type PublishJobData, publishJobOptions, publishQueueName } from '../jobs/queues.ts';
import { itemId } from '../src/core/announce/item-id.ts';
import { attemptsFor } from '../src/core/announce/retry-policy.ts';
import type { Platform } from '../src/domain/platform.ts';
import { startFakeFeed } from '../test/fakes/fake-feed.ts';
import { rss } from '../test/fakes/feed-builders.ts';
import { testEnvironment } from '../test/helpers/test-environment.ts';
import {
  connectionsAccepted,
  directPostRoundTrips,
  FAKE_KEEP_ALIVE_MS,
  type FakeMastodon,
  type FakeX,
  liveEnv,
  startFastMastodon,
  startFastX,
} from './lib/fakes.ts';
import { cpuByLibrary } from './lib/cpu-profile.ts';
import { imageSettings } from './lib/image-settings.ts';
import { type Child, cpuMsOf, forkNode, freePort, ROOT, rssOf, sleep, spawnHeraldStart, waitForReady } from './lib/processes.ts';
import { benchPrefix, describeCounts, REDIS_URL, total, withPrefixes } from './lib/redis.ts';
import { type BenchResult, printTable, progress, type ResultRow, runStandalone } from './lib/report.ts';
import { fmt, MB, medP99, ratio, type Summary } from './lib/stats.ts';
import type { WorkersMessage } from './lib/plain-worker-child.ts';
import type { ProbeReport } from './lib/service-probe.ts';

/** The two platforms with fakes here (Bluesky is a dry run in these runs and gets no jobs, so every job queued is a post that arrives). */
const BENCH_PLATFORMS: readonly Platform[] = ['x', 'mastodon'];

const ID = 'throughput';
const ITEMS = Number(process.env.BENCH_THROUGHPUT_ITEMS ?? 10_000);
const JOBS = ITEMS * BENCH_PLATFORMS.length;
const RUN_CAP_SECONDS = Number(process.env.BENCH_THROUGHPUT_CAP_SECONDS ?? 120);
const HEAP_FLAGS_ITEMS = Number(process.env.BENCH_THROUGHPUT_HEAP_FLAGS_ITEMS ?? 3_000);
const PROFILE_ITEMS = Number(process.env.BENCH_THROUGHPUT_PROFILE_ITEMS ?? 3_000);
/** The image's memory settings (Dockerfile: its CMD's node flags, NODE_OPTIONS, MALLOC_ARENA_MAX), for run C. */
const IMAGE = imageSettings();
const HEAP_FLAGS = IMAGE.env.NODE_OPTIONS ?? '';
const WARMUP_JOBS = 1_000;
const RSS_TARGET = 150 * MB;
const GROWTH_TARGET = 0.1;
const PROBE = new URL('./lib/service-probe.ts', import.meta.url).href;
const PLAIN_CHILD = fileURLToPath(new URL('./lib/plain-worker-child.ts', import.meta.url));

/** The service's environment, production defaults for retries and timeouts, logging at info. */
function serviceEnv(prefix: string, extra: Record<string, string>): Record<string, string> {
  return testEnvironment(prefix, {
    RETRY_BASE_SECONDS: undefined,
    RETRY_MAX_SECONDS: undefined,
    HTTP_TIMEOUT_SECONDS: undefined,
    FEED_TIMEOUT_SECONDS: undefined,
    LOG_LEVEL: 'info',
    FEED_POLL_SECONDS: '300',
    ...extra,
  });
}

/** Puts `items` announce jobs on each publish queue, with the service's job options. */
async function enqueueBacklog(prefix: string, items: number, tag: string): Promise<number> {
  const start = performance.now();
  const attempts = attemptsFor(loadConfig({ HERALD_PREFIX: prefix }).retry);
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  try {
    for (const platform of BENCH_PLATFORMS) {
      const queue = new Queue<PublishJobData>(publishQueueName(platform), { connection, prefix });
      for (let from = 0; from < items; from += 1000) {
        await queue.addBulk(
          Array.from({ length: Math.min(1000, items - from) }, (_, k) => {
            const n = from + k;
            const link = `https://session.foundation/blog/${tag}-${n}`;
            const id = itemId(link);
            return {
              name: 'announce',
              data: { kind: 'announce', itemId: id, ledgerKey: id, title: `Backlog post ${n}: Session network update ${tag}`, link } satisfies PublishJobData,
              opts: publishJobOptions(announceJobId(id), attempts),
            };
          }),
        );
      }
      await queue.close();
    }
  } finally {
    connection.disconnect();
  }
  return performance.now() - start;
}

interface RunResult {
  name: string;
  jobs: number;
  /** Jobs per second from the first to the last completion (or arrival at the fakes). */
  rate: number;
  /** Process start to the last job, seconds. */
  wallSeconds: number;
  complete: boolean;
  cpuMsPerJob?: number;
  /** RSS when the process reported ready (/readyz, or the workers constructed), and the jobs done by then. */
  rssReady?: number;
  readyJobs?: number;
  rssWarm?: number;
  rssWarmJobs?: number;
  rssEnd?: number;
  peak?: number;
  /** At the end: anonymous memory (V8 heap and the like) and file-backed pages (the node binary). */
  anonEnd?: number;
  fileEnd?: number;
  heapWarm?: number;
  heapEnd?: number;
  /** Live heap (in use after the latest full GC) after warm-up and at the end. */
  liveWarm?: number;
  liveEnd?: number;
  /** Heap in use right after a full GC forced after warm-up and at the end (herald start runs). */
  forcedLiveWarm?: number;
  forcedLiveEnd?: number;
  /** Live heap after the first and the last full GC of the run, and how many full GCs. */
  liveFirst?: number;
  liveLast?: number;
  majorGcs?: number;
  /** The benchmark process's own CPU (the fakes) per job. */
  fakesCpuMsPerJob?: number;
  gcPerThousandJobs?: number;
  gcMsPerJob?: number;
  /** TCP connections the fakes accepted during the run. */
  connections?: number;
  /** herald start: log lines written per job, and "posted" lines not yet read from its stdout when the last post arrived. */
  logLinesPerJob?: number;
  logLagAtEnd?: number;
  /** Redis commands the worker process sent per job (every connection), and by command. */
  commandsPerJob?: number;
  commandsByName?: string;
}

/** Counts the posts arriving at the two fakes from now on, with the first and last arrival time. */
function arrivals(x: FakeX, mastodon: FakeMastodon) {
  let xSeen = x.requests.length;
  let mSeen = mastodon.requests.length;
  let count = 0;
  let first = Number.NaN;
  let last = Number.NaN;
  const take = (at: number) => {
    if (count === 0) first = at;
    last = Math.max(Number.isNaN(last) ? at : last, at);
    count += 1;
  };
  return () => {
    for (; xSeen < x.requests.length; xSeen += 1) {
      const r = x.requests[xSeen]!;
      if (r.method === 'POST' && r.path === '/2/tweets') take(r.at);
    }
    for (; mSeen < mastodon.requests.length; mSeen += 1) {
      const r = mastodon.requests[mSeen]!;
      if (r.method === 'POST' && r.path === '/api/v1/statuses') take(r.at);
    }
    return { count, first, last };
  };
}

/** Samples a child's RSS once a second while `progressOf` says how many jobs are done. */
async function drain(
  name: string,
  child: Child,
  jobs: number,
  capSeconds: number,
  progressOf: () => { count: number; first: number; last: number; heapUsed?: number; live?: number },
  onWarm?: () => void,
): Promise<Omit<RunResult, 'name' | 'jobs' | 'complete' | 'rate' | 'wallSeconds'> & { count: number; first: number; last: number; capped: boolean }> {
  const started = Date.now();
  let rssWarm: number | undefined;
  let rssWarmJobs: number | undefined;
  let heapWarm: number | undefined;
  let liveWarm: number | undefined;
  let rssEnd: number | undefined;
  let peak: number | undefined;
  let anonEnd: number | undefined;
  let fileEnd: number | undefined;
  let lastLog = 0;
  for (;;) {
    const p = progressOf();
    const mem = rssOf(child.pid);
    if (mem) {
      rssEnd = mem.rss;
      peak = mem.peak;
      anonEnd = mem.anon;
      fileEnd = mem.file;
      if (rssWarm === undefined && p.count >= WARMUP_JOBS) {
        rssWarm = mem.rss;
        rssWarmJobs = p.count;
        heapWarm = p.heapUsed;
        liveWarm = p.live;
        onWarm?.();
      }
    }
    const memory = { rssWarm, rssWarmJobs, rssEnd, peak, anonEnd, fileEnd, heapWarm, heapEnd: p.heapUsed, liveWarm, liveEnd: p.live };
    if (p.count >= jobs) return { count: p.count, first: p.first, last: p.last, capped: false, ...memory };
    if (child.child.exitCode !== null) throw new Error(`${name} exited early:\n${child.tail()}`);
    if (Date.now() - started > capSeconds * 1000) {
      progress(ID, `${name}: time cap of ${capSeconds} s reached at ${p.count}/${jobs} jobs`);
      return { count: p.count, first: p.first, last: p.last, capped: true, ...memory };
    }
    if (Date.now() - lastLog >= 5000) {
      lastLog = Date.now();
      progress(ID, `${name}: ${p.count}/${jobs} jobs, RSS ${mem ? fmt(mem.rss / MB) : '?'} MB`);
    }
    await sleep(250);
  }
}

const rateOf = (count: number, first: number, last: number) => (count > 1 && last > first ? ((count - 1) * 1000) / (last - first) : Number.NaN);

/** The baseline child (plain-worker-child.ts) draining `jobs` jobs under `prefix`. */
async function runPlainWorkers(name: string, prefix: string, jobs: number, capSeconds: number): Promise<RunResult> {
  let latest: Extract<WorkersMessage, { type: 'progress' }> | undefined;
  let ready = false;
  let rssReady: number | undefined;
  const spawned = performance.now();
  const child = forkNode(PLAIN_CHILD, serviceEnv(prefix, {}), (message) => {
    const m = message as WorkersMessage;
    if (m.type === 'ready') {
      ready = true;
      rssReady = rssOf(child.pid)?.rss;
    } else latest = m;
  });
  try {
    const deadline = Date.now() + 15_000;
    while (!ready) {
      if (Date.now() > deadline || child.child.exitCode !== null) throw new Error(`${name} did not start:\n${child.tail()}`);
      await sleep(20);
    }
    const outcome = await drain(name, child, jobs, capSeconds, () => ({
      count: latest?.done ?? 0,
      first: latest?.first ?? Number.NaN,
      last: latest?.last ?? Number.NaN,
      heapUsed: latest?.heapUsed,
      live: latest?.heapAfterMajorGc,
    }));
    if ((latest?.failed ?? 0) > 0) throw new Error(`${name}: ${latest?.failed} jobs failed:\n${child.tail()}`);
    const jobsDone = Math.max(1, outcome.count);
    const commands = new Map(Object.entries(latest?.commands ?? {}));
    return {
      name,
      jobs: outcome.count,
      rate: rateOf(outcome.count, outcome.first, outcome.last),
      wallSeconds: (outcome.last - (performance.timeOrigin + spawned)) / 1000,
      complete: !outcome.capped,
      cpuMsPerJob: latest ? latest.cpuMs / jobsDone : undefined,
      rssReady,
      readyJobs: 0,
      ...memoryOf(outcome),
      gcPerThousandJobs: latest ? (latest.gcCount * 1000) / jobsDone : undefined,
      gcMsPerJob: latest ? latest.gcMs / jobsDone : undefined,
      liveFirst: latest?.firstHeapAfterMajorGc,
      liveLast: latest?.heapAfterMajorGc,
      majorGcs: latest?.majorGcCount,
      commandsPerJob: latest ? total(commands) / jobsDone : undefined,
      commandsByName: latest ? describeCounts(commands, jobsDone) : undefined,
    };
  } finally {
    await child.stop();
  }
}

function memoryOf(outcome: Awaited<ReturnType<typeof drain>>) {
  return {
    rssWarm: outcome.rssWarm,
    rssWarmJobs: outcome.rssWarmJobs,
    rssEnd: outcome.rssEnd,
    peak: outcome.peak,
    anonEnd: outcome.anonEnd,
    fileEnd: outcome.fileEnd,
    heapWarm: outcome.heapWarm,
    heapEnd: outcome.heapEnd,
    liveWarm: outcome.liveWarm,
    liveEnd: outcome.liveEnd,
  };
}

/**
 * `node bin/herald.js start` draining `jobs` jobs under `prefix`, with bench/lib/service-probe.ts
 * preloaded: posts counted at the fakes, RSS and CPU from /proc, heap, GC and (with `commands`)
 * Redis commands from the probe, a CPU profile with `profileFile`.
 */
async function runHeraldStart(
  name: string,
  prefix: string,
  jobs: number,
  env: Record<string, string>,
  fakes: { x: FakeX; mastodon: FakeMastodon },
  options: { nodeOptions?: string; nodeFlags?: string[]; extraEnv?: Record<string, string>; commands?: boolean; profileFile?: string } = {},
): Promise<RunResult> {
  const port = await freePort();
  const spawned = Date.now();
  const connectionsBefore = connectionsAccepted(fakes.x) + connectionsAccepted(fakes.mastodon);
  let probe: ProbeReport | undefined;
  const liveHeaps: number[] = [];
  let postedLogged = 0;
  const probeEnv: Record<string, string> = { NODE_OPTIONS: `--import=${PROBE} --expose-gc${options.nodeOptions ? ` ${options.nodeOptions}` : ''}` };
  if (options.commands) probeEnv.BENCH_PROBE_COMMANDS = '1';
  if (options.profileFile) probeEnv.BENCH_PROFILE_FILE = options.profileFile;
  const child = spawnHeraldStart(serviceEnv(prefix, { ...env, ...options.extraEnv, ...probeEnv, HTTP_PORT: String(port) }), (line) => {
    if (line.includes('"msg":"posted"')) postedLogged += 1;
    if (!line.startsWith('BENCH_PROBE ')) return;
    probe = JSON.parse(line.slice('BENCH_PROBE '.length)) as ProbeReport;
    if (probe.liveHeap !== undefined && probe.liveHeap !== liveHeaps.at(-1)) liveHeaps.push(probe.liveHeap);
  }, options.nodeFlags);
  try {
    const seen = arrivals(fakes.x, fakes.mastodon);
    await waitForReady(port, child);
    const rssReady = rssOf(child.pid)?.rss;
    const readyJobs = seen().count;
    const cpuReady = cpuMsOf(child.pid) ?? Number.NaN;
    // The probe's counters (and the profiler) start now.
    child.child.kill('SIGUSR2');
    const fakesCpu = process.cpuUsage();
    // After warm-up, the probe forces a full GC and reports the live heap (again at SIGTERM).
    const outcome = await drain(name, child, jobs, RUN_CAP_SECONDS, () => ({ ...seen(), heapUsed: probe?.heapUsed, live: probe?.heapAfterMajorGc }), () =>
      child.child.kill('SIGHUP'),
    );
    const cpu = process.cpuUsage(fakesCpu);
    const logLagAtEnd = outcome.count - postedLogged;
    const worked = Math.max(1, outcome.count - readyJobs);
    const cpuEnd = cpuMsOf(child.pid) ?? Number.NaN;
    await sleep(600); // one more probe report
    // The live heap at the end: the probe forces a full GC on SIGTERM, before the service stops.
    const stopping = child.stop();
    const deadline = Date.now() + 3000;
    while (liveHeaps.length < 2 && Date.now() < deadline) await sleep(20);
    await stopping;
    const commands = new Map(Object.entries(probe?.commands ?? {}));
    return {
      name,
      jobs: outcome.count,
      rate: rateOf(outcome.count, outcome.first, outcome.last),
      wallSeconds: (outcome.last - spawned) / 1000,
      complete: !outcome.capped,
      cpuMsPerJob: (cpuEnd - cpuReady) / worked,
      rssReady,
      readyJobs,
      ...memoryOf(outcome),
      fakesCpuMsPerJob: (cpu.user + cpu.system) / 1000 / worked,
      connections: connectionsAccepted(fakes.x) + connectionsAccepted(fakes.mastodon) - connectionsBefore,
      gcPerThousandJobs: probe ? (probe.gcCount * 1000) / worked : undefined,
      gcMsPerJob: probe ? probe.gcMs / worked : undefined,
      liveFirst: probe?.firstHeapAfterMajorGc,
      liveLast: probe?.heapAfterMajorGc,
      majorGcs: probe?.majorGcCount,
      forcedLiveWarm: liveHeaps[0],
      forcedLiveEnd: liveHeaps[1],
      logLagAtEnd,
      logLinesPerJob: child.lines() / Math.max(1, outcome.count),
      commandsPerJob: probe && options.commands ? total(commands) / worked : undefined,
      commandsByName: probe && options.commands ? describeCounts(commands, worked) : undefined,
    };
  } finally {
    await child.stop();
  }
}

export async function run(): Promise<BenchResult> {
  const began = Date.now();
  const prefixes = {
    plain: benchPrefix('tp-plain'),
    service: benchPrefix('tp-service'),
    flags: benchPrefix('tp-flags'),
    profiled: benchPrefix('tp-prof'),
  };
  const feed = await startFakeFeed();
  feed.setFeed('/rss.xml', rss([{ title: 'Hello', link: 'https://session.foundation/blog/hello', guid: 'hello', pubDate: new Date() }]));
  const x = await startFastX();
  const mastodon = await startFastMastodon();
  const fakes = { x, mastodon };
  const live = { ...liveEnv(x, mastodon), FEED_URLS: feed.feedUrl('/rss.xml') };
  try {
    return await withPrefixes(Object.values(prefixes), async () => {
      // --- A. baseline: plain BullMQ workers ------------------------------------------------------
      let enqueueMs = await enqueueBacklog(prefixes.plain, ITEMS, prefixes.plain);
      progress(ID, `A. plain: ${JOBS} jobs enqueued in ${fmt(enqueueMs / 1000)} s`);
      const plain = await runPlainWorkers('A. plain BullMQ worker, no-op', prefixes.plain, JOBS, 60);
      progress(ID, `A. plain: ${fmt(plain.rate)} jobs/s`);

      const rttFresh = {
        x: await directPostRoundTrips(x, 'x', 100, `fresh-${prefixes.plain}`),
        mastodon: await directPostRoundTrips(mastodon, 'mastodon', 100, `fresh-${prefixes.plain}`),
      };

      // --- B. herald start, as shipped ---------------------------------------------------------------
      enqueueMs = await enqueueBacklog(prefixes.service, ITEMS, prefixes.service);
      progress(ID, `B. herald start: ${JOBS} jobs enqueued in ${fmt(enqueueMs / 1000)} s`);
      const service = await runHeraldStart('B. herald start (as shipped)', prefixes.service, JOBS, live, fakes);
      progress(ID, `B. herald start: ${fmt(service.rate)} jobs/s over ${service.jobs} jobs`);

      const storedPosts = x.tweets.length;
      const rttLoaded = {
        x: await directPostRoundTrips(x, 'x', 100, `loaded-${prefixes.plain}`),
        mastodon: await directPostRoundTrips(mastodon, 'mastodon', 100, `loaded-${prefixes.plain}`),
      };

      // --- C. herald start with V8 heap flags, smaller backlog ------------------------------------
      await enqueueBacklog(prefixes.flags, HEAP_FLAGS_ITEMS, prefixes.flags);
      const { MALLOC_ARENA_MAX } = IMAGE.env;
      const flags = await runHeraldStart('C. herald start, image settings', prefixes.flags, HEAP_FLAGS_ITEMS * BENCH_PLATFORMS.length, live, fakes, {
        nodeOptions: HEAP_FLAGS,
        nodeFlags: IMAGE.nodeFlags,
        extraEnv: MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX } : {},
      });
      progress(ID, `C. heap flags: ${fmt(flags.rate)} jobs/s, RSS ${fmt((flags.rssEnd ?? Number.NaN) / MB)} MB at the end`);

      // --- D. the publish workers under a CPU profiler and a command counter -----------------------
      await enqueueBacklog(prefixes.profiled, PROFILE_ITEMS, prefixes.profiled);
      const profileDir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-profile-'));
      let profile: Array<{ category: string; ms: number }>;
      let profiled: RunResult;
      try {
        const profileFile = path.join(profileDir, 'publish.cpuprofile');
        profiled = await runHeraldStart('D. herald start, profiled', prefixes.profiled, PROFILE_ITEMS * BENCH_PLATFORMS.length, live, fakes, {
          commands: true,
          profileFile,
        });
        profile = cpuByLibrary(profileFile, ROOT);
      } finally {
        rmSync(profileDir, { recursive: true, force: true });
      }
      progress(ID, `D. profiled: ${profiled.jobs} jobs`);

      return report({ plain, service, flags, profiled, profile, rttFresh, rttLoaded, storedPosts, began });
    });
  } finally {
    await Promise.all([feed.close(), x.close(), mastodon.close()]);
  }
}

function report(r: {
  plain: RunResult;
  service: RunResult;
  flags: RunResult;
  profiled: RunResult;
  profile: Array<{ category: string; ms: number }>;
  rttFresh: { x: Summary; mastodon: Summary };
  rttLoaded: { x: Summary; mastodon: Summary };
  storedPosts: number;
  began: number;
}): BenchResult {
  const { plain, service, flags, profiled } = r;
  const mb = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : `${fmt(v / MB)} MB`);
  const growth = (run: RunResult) => (run.rssWarm && run.rssEnd ? run.rssEnd / run.rssWarm - 1 : Number.NaN);
  const pct = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${fmt(v * 100)}%` : '—');
  const opt = (v: number | undefined) => (v === undefined ? '—' : fmt(v));
  const runs = [plain, service, flags, profiled];
  const rateTable = {
    title: `Draining the publish queues: ${JOBS} jobs (${ITEMS} items × ${BENCH_PLATFORMS.length} platforms); run C ${HEAP_FLAGS_ITEMS * BENCH_PLATFORMS.length}, run D ${PROFILE_ITEMS * BENCH_PLATFORMS.length}`,
    headers: [
      'run',
      'jobs done',
      'jobs/s',
      'vs plain',
      'process start → last job',
      'CPU ms/job (worker process)',
      'Redis commands sent/job',
      'GCs per 1000 jobs',
      'fakes CPU ms/job',
      'connections to the fakes',
      'complete',
    ],
    rows: runs.map((run) => [
      run.name,
      String(run.jobs),
      run === profiled ? `(${fmt(run.rate)}, profiled)` : fmt(run.rate),
      run === profiled ? '—' : ratio(run.rate, plain.rate),
      `${fmt(run.wallSeconds)} s`,
      opt(run.cpuMsPerJob),
      opt(run.commandsPerJob),
      opt(run.gcPerThousandJobs),
      opt(run.fakesCpuMsPerJob),
      run.connections === undefined ? '—' : String(Math.round(run.connections)),
      run.complete ? 'yes' : 'no: time cap reached',
    ]),
  };
  printTable(rateTable);
  const profileTotal = r.profile.reduce((sum, p) => sum + p.ms, 0);
  const profileTable = {
    title: `Where the CPU of a publish job goes (run D: V8 CPU profile of herald start over ${profiled.jobs} jobs, start-up excluded; each sample counted for the innermost npm package or Herald directory on its stack)`,
    headers: ['library', 'CPU ms per job', 'share'],
    rows: r.profile.slice(0, 14).map((p) => [p.category, fmt(p.ms / Math.max(1, profiled.jobs)), `${fmt((p.ms / profileTotal) * 100)}%`]),
  };
  printTable(profileTable);
  const memoryTable = {
    title: 'Resident set size of the draining process',
    headers: ['run', 'RSS at ready', `RSS after warm-up (≥ ${WARMUP_JOBS} jobs)`, 'RSS at the end', 'jobs at the end', 'growth after warm-up', 'peak (VmHWM)', 'end: anonymous / file-backed'],
    rows: [service, flags, plain].map((run) => [
      run.name,
      run.rssReady === undefined ? '—' : `${mb(run.rssReady)}${run.readyJobs ? ` (jobs done: ${run.readyJobs})` : ''}`,
      mb(run.rssWarm),
      mb(run.rssEnd),
      String(run.jobs),
      pct(growth(run)),
      mb(run.peak),
      `${mb(run.anonEnd)} / ${mb(run.fileEnd)}`,
    ]),
  };
  printTable(memoryTable);
  const heapTable = {
    title: 'V8 heap of the draining process, as the process reports it (for herald start: the preloaded probe)',
    headers: ['run', 'heap used: warm-up → end', 'live heap, forced full GC: after warm-up → end', 'live heap after its own full GCs: first → last', 'full GCs', 'GC ms per job'],
    rows: [service, flags, profiled, plain].map((run) => [
      run.name,
      run.heapWarm === undefined ? '—' : `${mb(run.heapWarm)} → ${mb(run.heapEnd)}`,
      run.forcedLiveWarm === undefined ? '—' : `${mb(run.forcedLiveWarm)} → ${mb(run.forcedLiveEnd)}`,
      run.majorGcs ? `${mb(run.liveFirst)} → ${mb(run.liveLast)}` : 'no full GC',
      run.majorGcs === undefined ? '—' : String(run.majorGcs),
      opt(run.gcMsPerJob),
    ]),
  };
  printTable(heapTable);
  const fakeTable = {
    title: `The fakes' own round trip (direct POST), fresh and after ${r.storedPosts} stored posts`,
    headers: ['fake', 'fresh', 'loaded'],
    rows: [
      ['X', medP99(r.rttFresh.x, 'ms'), medP99(r.rttLoaded.x, 'ms')],
      ['Mastodon', medP99(r.rttFresh.mastodon, 'ms'), medP99(r.rttLoaded.mastodon, 'ms')],
    ],
  };
  printTable(fakeTable);

  const half = plain.rate / 2;
  const memoryOk = (run: RunResult) => (run.peak ?? Number.POSITIVE_INFINITY) < RSS_TARGET && growth(run) < GROWTH_TARGET;
  const results: ResultRow[] = [
    {
      metric: `publish throughput, herald start, ${service.jobs} jobs`,
      result: `${fmt(service.rate)} jobs/s`,
      baseline: `plain BullMQ no-op worker: ${fmt(plain.rate)} jobs/s`,
      ratio: ratio(service.rate, plain.rate),
      target: 'retired (issue 17: one post at a time per platform is a design choice); reported',
      verdict: 'info',
    },
    {
      metric: `RSS of herald start: ready → after warm-up → after ${service.jobs} jobs`,
      result: `${mb(service.rssReady)} → ${mb(service.rssWarm)} → ${mb(service.rssEnd)} (${pct(growth(service))} after warm-up), peak ${mb(service.peak)}`,
      baseline: `plain worker: ${mb(plain.rssReady)} → ${mb(plain.rssWarm)} → ${mb(plain.rssEnd)}`,
      ratio: ratio(service.rssEnd ?? Number.NaN, plain.rssEnd ?? Number.NaN),
      target: '< 150 MB, growth < 10%',
      verdict: memoryOk(service) ? 'met' : 'missed',
    },
    {
      metric: `RSS of herald start with the image's settings (${IMAGE.describe}): ready → after warm-up → after ${flags.jobs} jobs`,
      result: `${mb(flags.rssReady)} → ${mb(flags.rssWarm)} → ${mb(flags.rssEnd)} (${pct(growth(flags))} after warm-up), peak ${mb(flags.peak)}; ${fmt(flags.rate)} jobs/s`,
      baseline: `plain worker: ${mb(plain.rssReady)} → ${mb(plain.rssWarm)} → ${mb(plain.rssEnd)}`,
      ratio: ratio(flags.rssEnd ?? Number.NaN, plain.rssEnd ?? Number.NaN),
      target: '< 150 MB, growth < 10%',
      verdict: memoryOk(flags) ? 'met' : 'missed',
    },
  ];
  const perJobMs = (rate: number) => (BENCH_PLATFORMS.length * 1000) / rate;
  // Read from the service's source, so that the finding follows the code.
  const globalConcurrencyOne = /setGlobalConcurrency\(1\)/.test(readFileSync(path.join(ROOT, 'jobs/schedule-jobs.ts'), 'utf8'));
  const top = r.profile.slice(0, 6).map((p) => `${p.category} ${fmt((p.ms / profileTotal) * 100)}%`).join(', ');
  const notes = [
    `**Throughput: where the time goes** (the ×0.5-of-plain target is retired by issue 17: one post at a time per platform is a design choice; the figure is still reported). ${globalConcurrencyOne ? 'Publish jobs run one at a time per platform by design (start-service.ts sets global concurrency 1 on each publish queue: posts keep their order, no request is in flight when a rate limit is learnt), so each queue drains at 1 / (time of one job).' : 'Each publish queue drains at (its concurrency) / (time of one job).'} The plain worker's job takes ${fmt(perJobMs(plain.rate))} ms per queue; Herald's takes ${fmt(perJobMs(service.rate))} ms: an HTTP exchange with the platform (the fake's own round trip alone is ${fmt(r.rttFresh.x.median)} ms to X, ${fmt(r.rttFresh.mastodon.median)} ms to Mastodon, median, fetch with keep-alive), ${opt(profiled.commandsPerJob)} Redis commands sent per job by the whole service (run D: ${profiled.commandsByName ?? '—'}) against the plain worker's ${opt(plain.commandsPerJob)} (${plain.commandsByName ?? '—'}) — each of Herald's extra ones a round trip the job waits for (kill-switch GET, ledger HGET, HSET \`pending\`, HSET \`posted\`) — and ${opt(service.cpuMsPerJob)} ms of CPU per job in the \`herald start\` process (run B) against ${opt(plain.cpuMsPerJob)} ms in the plain worker's. The retired target, half the plain rate, would leave ${fmt(perJobMs(half))} ms per job, ${perJobMs(half) < Math.min(r.rttFresh.x.median, r.rttFresh.mastodon.median) ? `less than the fake's HTTP round trip alone: at concurrency 1 the target cannot be reached by trimming Herald's work; only concurrent publishing${globalConcurrencyOne ? ' (which the design rules out)' : ''} or a baseline that also makes the HTTP call would bring the ratio near it` : 'which trimming the work per job could approach'}.`,
    `**Throughput: where the CPU goes** (run D profile, by library): ${top}. ${
      (() => {
        const share = (names: string[]) => r.profile.filter((p) => names.includes(p.category)).reduce((sum, p) => sum + p.ms, 0) / profileTotal;
        return `masto and change-case (masto turns every key of every response into camelCase) take ${fmt(share(['masto', 'change-case']) * 100)}% together, twitter-api-v2 (OAuth 1.0a signing included) ${fmt(share(['twitter-api-v2']) * 100)}%, ioredis ${fmt(share(['ioredis']) * 100)}%, bullmq ${fmt(share(['bullmq']) * 100)}%, pino ${fmt(share(['pino', 'sonic-boom']) * 100)}%, Herald's own code ${fmt(share(r.profile.map((p) => p.category).filter((c) => /^(src|jobs|config)\b/.test(c))) * 100)}%.`;
      })()
    } Cheaper per job: read the kill switch and the ledger in one round trip (a pipeline or a small script) and write \`pending\` in the same round trip as that read where the ledger's guarantees allow.`,
    `**Memory: the floor.** \`herald start\` holds ${mb(service.rssReady)} as soon as /readyz answers, before any real work (this run's service has bench/lib/service-probe.ts preloaded, a TypeScript file, so Node's type stripper is loaded whatever the compile cache holds). Of its RSS at the end of run B, ${mb(service.fileEnd)} is file-backed (mostly the node binary's own code pages, shared between processes) and ${mb(service.anonEnd)} anonymous (V8's heap). The start-up benchmark measures the idle floor, with and without the image's settings, and says where it goes.`,
    `**Memory: the growth.** Under a sustained backlog V8's default heap sizing (this machine would allow a heap of gigabytes) collects late, so RSS rises with garbage: run B ${mb(service.rssReady)} at ready → ${mb(service.rssEnd)} after ${service.jobs} jobs; the plain BullMQ worker, which allocates far less per job, ${mb(plain.rssReady)} → ${mb(plain.rssEnd)}. The live heap left by a forced full collection goes ${mb(service.forcedLiveWarm)} after warm-up → ${mb(service.forcedLiveEnd)} after ${service.jobs} jobs (${pct((service.forcedLiveEnd ?? Number.NaN) / (service.forcedLiveWarm ?? Number.NaN) - 1)}): ${(service.forcedLiveEnd ?? 0) / (service.forcedLiveWarm ?? 1) - 1 < GROWTH_TARGET ? 'the growth is garbage waiting for collection, not a leak' : 'the live heap itself grew'}. Logging: ${opt(service.logLinesPerJob)} lines per job on stdout; when the last post arrived, ${service.logLagAtEnd ?? '—'} "posted" lines were still unread by the benchmark (pino's default destination writes asynchronously with an unbounded buffer, so a log reader slower than the posting rate would show up as heap${(service.logLagAtEnd ?? 0) > 1000 ? ', as it does here' : '; here it did not'}). With the image's settings (run C: ${IMAGE.describe}) RSS stays at ${mb(flags.rssEnd)} (${pct(growth(flags))} after warm-up, peak ${mb(flags.peak)}) at ${fmt(flags.rate)} jobs/s (${ratio(flags.rate, service.rate)} run B's rate): the settings remove the growth (the start-up benchmark measures what they do to the idle floor).`,
    `The fakes run in the benchmark process and take ${opt(service.fakesCpuMsPerJob)} ms of CPU per job (run B) on this ${os.availableParallelism()}-core machine, shared with the worker process and Redis; they do not slow down as posts accumulate (direct round trip to the fake X: ${fmt(r.rttFresh.x.median)} ms fresh, ${fmt(r.rttLoaded.x.median)} ms after ${r.storedPosts} stored posts), although the fake X compares each new post with every stored one (duplicate-content check). Connections: test/fakes/fake-server.ts sets \`keepAliveTimeout = 1000\`, i.e. answers \`Keep-Alive: timeout=1\`, and Node's HTTP clients (undici's fetch under masto, http.Agent under twitter-api-v2) subtract a safety margin of a second or more from that hint, so against the fakes as they are every post opens a new TCP connection; bench/lib/fakes.ts gives the fakes a ${FAKE_KEEP_ALIVE_MS / 1000} s keep-alive, as real servers have, and the fakes accepted ${service.connections ?? '—'} connections for the ${service.jobs} posts of run B.`,
  ];
  return {
    id: ID,
    title: 'Throughput and memory',
    method: [
      `${ITEMS} items × ${BENCH_PLATFORMS.length} platforms = ${JOBS} \`announce\` jobs are put on \`publish-x\` and \`publish-mastodon\` with \`publishJobOptions\` (jobs/queues.ts) before the workers start; each run has its own prefix. The fake X and Mastodon (rate limits off, connections kept alive) run in the benchmark process; every worker runs in a child process. Rate = (jobs − 1) / (last − first completion): from the first job done to the last, start-up excluded; for \`herald start\` the completions are the posts' arrivals at the fakes. **A** plain BullMQ workers with a no-op processor, concurrency 1 per queue, in a process that loads only bullmq and ioredis (bench/lib/plain-worker-child.ts; the baseline). **B** \`node bin/herald.ts start\` as shipped, logging at info to a pipe the benchmark drains, on the whole backlog (time cap ${RUN_CAP_SECONDS} s). **C** the same with the image's memory settings as the Dockerfile sets them (${IMAGE.describe}), ${HEAP_FLAGS_ITEMS * BENCH_PLATFORMS.length} jobs. **D** as B, ${PROFILE_ITEMS * BENCH_PLATFORMS.length} jobs, with the V8 CPU profiler and a count of every Redis command the process sends; its rate and heap are affected by them and not compared. B, C and D run with bench/lib/service-probe.ts preloaded (\`NODE_OPTIONS=--import … --expose-gc\`): it reports the V8 heap and the garbage collections of the real service (a GC observer, no measurable cost), forces a full collection (two in a row, for objects with finalizers) after warm-up and at the end to read the live heap, and for D starts the profiler and the command count once /readyz answers, so start-up is left out. RSS of each child from /proc once a second, without forcing a GC; CPU of \`herald start\` from /proc between /readyz and the last job; "after warm-up" is the first sample with ≥ ${WARMUP_JOBS} jobs done.`,
    ],
    results,
    tables: [rateTable, profileTable, memoryTable, heapTable, fakeTable],
    notes,
    durationMs: Date.now() - r.began,
  };
}

if (import.meta.main) await runStandalone(run);
