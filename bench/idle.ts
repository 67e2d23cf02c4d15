/**
 * Idle cost: what a poll of an unchanged feed (one that answers ETag / Last-Modified) costs —
 * requests, bytes on the wire, parses, Redis commands, CPU — beside a baseline poll that
 * fetches and parses unconditionally (fetch + rss-parser parseString).
 *
 * Part 1 calls pollFeed (src/core/announce/poll-feed.ts) directly with the real dependencies, built
 * as bin/wiring.ts builds them, to isolate one poll. Part 2 runs the whole service
 * (BullMQ job scheduler, poll worker) in this process for a while and divides by the polls, so
 * that the scheduling overhead of a poll shows too.
 *
 *   node bench/idle.ts
 */
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import Parser from 'rss-parser';
import { loadConfig } from '../config/load-config.ts';
import { startService } from '../bin/wiring.ts';
import { createFeedFetcher, USER_AGENT } from '../src/adapters/feed/http-feed-fetcher.ts';
import { createLogger } from '../src/adapters/log/create-logger.ts';
import { createMetrics } from '../src/adapters/metrics/create-metrics.ts';
import { createRedisStores } from '../src/adapters/redis/create-redis-stores.ts';
import { systemClock } from '../src/adapters/system-clock.ts';
import { pollFeed } from '../src/core/announce/poll-feed.ts';
import { rss } from '../test/fakes/feed-builders.ts';
import { testEnvironment } from '../test/helpers/test-environment.ts';
import { type FeedHost, type FeedHostStats, startFeedHost } from './lib/feed-host.ts';
import { sleep } from './lib/processes.ts';
import { benchPrefix, CommandCounter, describeCounts, REDIS_URL, ServerCommandMonitor, total, withPrefixes } from './lib/redis.ts';
import { type BenchResult, printTable, progress, runStandalone } from './lib/report.ts';
import { fmt, medP99, ratio, summarize } from './lib/stats.ts';

const ID = 'idle';
const POLLS = Number(process.env.BENCH_IDLE_POLLS ?? 100);
const SERVICE_SECONDS = Number(process.env.BENCH_IDLE_SERVICE_SECONDS ?? 12);
const FEED_ITEMS = 20;
const TARGET_COMMANDS = 15;

/** rss-parser parses, counted at the prototype Herald's TolerantParser inherits parseString from. */
let parses = 0;
{
  const proto = Parser.prototype as unknown as { parseString(this: unknown, ...args: unknown[]): Promise<unknown> };
  const original = proto.parseString;
  proto.parseString = function (this: unknown, ...args: unknown[]) {
    parses += 1;
    return original.apply(this, args);
  };
}

const silentLog = () =>
  createLogger({
    level: 'info',
    secrets: [],
    destination: new Writable({
      write(_chunk, _encoding, callback) {
        callback();
      },
    }),
  });

function blogFeed(tag: string): string {
  const now = Date.now();
  return rss(
    Array.from({ length: FEED_ITEMS }, (_, i) => ({
      title: `Session update ${i}: onion requests and network improvements`,
      link: `https://session.foundation/blog/${tag}-${i}`,
      guid: `https://session.foundation/blog/${tag}-${i}`,
      pubDate: new Date(now - i * 86_400_000),
      description: `<p>Release notes for update ${i}. Session is an end-to-end encrypted messenger.</p>`,
    })),
  );
}

interface Costs {
  polls: number;
  requests: number;
  statuses: string;
  bytesDown: number;
  connections: number;
  parses: number;
  cpuMs: number;
  wallMs: number[];
}

function costRow(name: string, c: Costs, commands: string, serverCommands: string): string[] {
  const w = summarize(c.wallMs);
  return [
    name,
    fmt(c.requests / c.polls),
    c.statuses,
    fmt(c.bytesDown / c.polls, 0),
    fmt(c.parses / c.polls),
    commands,
    serverCommands,
    fmt(c.cpuMs / c.polls),
    c.wallMs.length > 0 ? medP99(w, 'ms') : '—',
    fmt(c.connections / c.polls),
  ];
}

const statusesOf = (requests: FeedHostStats['requests']) => {
  const counts = new Map<number, number>();
  for (const r of requests) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n}×${status}`).join(', ');
};

/** Runs `poll` `count` times, measuring the feed traffic, parses and CPU it causes. */
async function measurePolls(host: FeedHost, path: string, count: number, poll: () => Promise<void>, between?: (i: number) => Promise<void>) {
  const before = await host.stats();
  const parsesBefore = parses;
  const wallMs: number[] = [];
  let cpuUs = 0;
  for (let i = 0; i < count; i += 1) {
    if (between) await between(i);
    const cpu = process.cpuUsage();
    const start = performance.now();
    await poll();
    wallMs.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuUs += used.user + used.system;
  }
  const after = await host.stats();
  const requests = after.requests.slice(before.requests.length).filter((r) => r.path === path);
  const costs: Costs = {
    polls: count,
    requests: requests.length,
    statuses: statusesOf(requests),
    bytesDown: after.bytesDown - before.bytesDown,
    connections: after.connections - before.connections,
    parses: parses - parsesBefore,
    cpuMs: cpuUs / 1000,
    wallMs,
  };
  return costs;
}

export async function run(): Promise<BenchResult> {
  const began = Date.now();
  const pollPrefix = benchPrefix('idle');
  const servicePrefix = benchPrefix('idle-svc');
  const host = await startFeedHost();
  try {
    return await withPrefixes([pollPrefix, servicePrefix], async () => {
      // --- part 1: pollFeed alone -------------------------------------------------------------
      await host.setFeed('/poll.xml', blogFeed('poll'));
      const feedUrl = host.feedUrl('/poll.xml');
      const config = loadConfig(testEnvironment(pollPrefix, { FEED_URLS: feedUrl, LOG_LEVEL: 'info' }));
      const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      const counter = new CommandCounter().attach(connection);
      const stores = createRedisStores(connection, pollPrefix, systemClock);
      let enqueued = 0;
      const deps = {
        config,
        items: stores.items,
        feeds: stores.feeds,
        fetcher: createFeedFetcher(config.feed),
        queue: {
          announce: async (records: unknown[]) => {
            enqueued += records.length;
          },
        },
        metrics: createMetrics(),
        log: silentLog(),
        clock: systemClock,
      };
      let lastResult = '';
      const herald = async () => {
        const result = await pollFeed(feedUrl, deps);
        lastResult = result.result;
      };
      await herald();
      if (lastResult !== 'fetched') throw new Error(`first poll was ${lastResult}, not fetched`);
      for (let i = 0; i < 5; i += 1) await herald(); // warm-up
      if ((lastResult as string) !== 'not-modified') throw new Error(`an idle poll was ${lastResult}, not not-modified`);

      const monitor = await ServerCommandMonitor.start(pollPrefix);
      counter.reset();
      const heraldCosts = await measurePolls(host, '/poll.xml', POLLS, herald);
      await monitor.sync();
      await monitor.stop();
      const executed = monitor.count(counter.ports);
      const clientCommands = new Map(counter.counts);
      const clientPerPoll = counter.total / POLLS;
      const serverPerPoll = total(executed.ours) / POLLS;
      if ((lastResult as string) !== 'not-modified' || enqueued !== 0) throw new Error('the feed changed during the idle polls');
      connection.disconnect();
      progress(ID, `pollFeed: ${POLLS} idle polls, ${fmt(clientPerPoll)} Redis commands sent per poll (${describeCounts(clientCommands, POLLS)})`);

      // --- baseline: unconditional fetch + parse ------------------------------------------------
      const baseline = async () => {
        const response = await fetch(feedUrl, { headers: { 'user-agent': USER_AGENT } });
        const text = await response.text();
        await new Parser().parseString(text);
      };
      for (let i = 0; i < 5; i += 1) await baseline();
      const baselineCosts = await measurePolls(host, '/poll.xml', POLLS, baseline);
      progress(ID, `baseline: ${POLLS} unconditional fetch + parse polls`);

      // --- part 2: the whole service, idle ------------------------------------------------------
      await host.setFeed('/service.xml', blogFeed('service'));
      const serviceFeed = host.feedUrl('/service.xml');
      const serviceConfig = loadConfig(testEnvironment(servicePrefix, { FEED_URLS: serviceFeed, FEED_POLL_SECONDS: '1', LOG_LEVEL: 'info' }));
      const global = new CommandCounter().attachGlobally();
      const service = await startService(serviceConfig, silentLog());
      let serviceCosts: Costs;
      let serviceCommands: Map<string, number>;
      let serviceExecuted: { ours: Map<string, number>; others: number };
      let othersPerSecond: number;
      try {
        const waitPolls = async (n: number) => {
          const deadline = Date.now() + 15_000;
          for (;;) {
            const stats = await host.stats();
            if (stats.requests.filter((r) => r.path === '/service.xml').length >= n) return;
            if (Date.now() > deadline) throw new Error(`the service did not poll ${n} times within 15 s`);
            await sleep(50);
          }
        };
        await waitPolls(3); // the first poll (baseline of the feed) and two idle ones
        const before = await host.stats();
        const parsesBefore = parses;
        global.reset();
        const serviceMonitor = await ServerCommandMonitor.start(servicePrefix);
        global.reset();
        const cpu = process.cpuUsage();
        const windowStart = Date.now();
        await sleep(SERVICE_SECONDS * 1000);
        const used = process.cpuUsage(cpu);
        await serviceMonitor.sync();
        await serviceMonitor.stop();
        serviceExecuted = serviceMonitor.count(global.ports);
        othersPerSecond = serviceExecuted.others / ((Date.now() - windowStart) / 1000);
        serviceCommands = new Map(global.counts);
        const after = await host.stats();
        const requests = after.requests.slice(before.requests.length).filter((r) => r.path === '/service.xml');
        serviceCosts = {
          polls: Math.max(1, requests.length),
          requests: requests.length,
          statuses: statusesOf(requests),
          bytesDown: after.bytesDown - before.bytesDown,
          connections: after.connections - before.connections,
          parses: parses - parsesBefore,
          cpuMs: (used.user + used.system) / 1000,
          wallMs: [],
        };
      } finally {
        await service.stop();
      }
      progress(ID, `service: ${serviceCosts.polls} scheduled polls in ${SERVICE_SECONDS} s, ${fmt(total(serviceCommands) / serviceCosts.polls)} Redis commands sent per poll`);

      const table = {
        title: 'Cost per poll of an unchanged 20-item feed',
        headers: [
          'poll',
          'requests',
          'statuses',
          'bytes received',
          'parses',
          'Redis commands sent',
          'Redis commands executed (server, incl. Lua)',
          'CPU ms (process, all threads)',
          'wall time',
          'new connections',
        ],
        rows: [
          costRow(
            'pollFeed (conditional GET)',
            heraldCosts,
            fmt(clientPerPoll),
            fmt(serverPerPoll),
          ),
          costRow('baseline: fetch + parseString', baselineCosts, '0', '—'),
          costRow(
            `whole service, scheduled every 1 s (${SERVICE_SECONDS} s window)`,
            serviceCosts,
            fmt(total(serviceCommands) / serviceCosts.polls),
            fmt(total(serviceExecuted.ours) / serviceCosts.polls),
          ),
        ],
      };
      printTable(table);
      const commandTable = {
        title: 'Redis commands sent per poll, by command',
        headers: ['poll', 'commands'],
        rows: [
          ['pollFeed', describeCounts(clientCommands, POLLS)],
          ['whole service (BullMQ scheduling and worker included)', describeCounts(serviceCommands, serviceCosts.polls)],
        ],
      };
      printTable(commandTable);
      const executedTable = {
        title: 'Redis commands executed per poll (server side, Lua included), by command',
        headers: ['poll', 'commands'],
        rows: [
          ['pollFeed', describeCounts(executed.ours, POLLS)],
          ['whole service (BullMQ scheduling and worker included)', describeCounts(serviceExecuted.ours, serviceCosts.polls)],
        ],
      };
      printTable(executedTable);

      const requestsOk = heraldCosts.requests === POLLS;
      const parsesOk = heraldCosts.parses === 0;
      const commandsOk = serverPerPoll <= TARGET_COMMANDS && clientPerPoll <= TARGET_COMMANDS;
      const svcPerPoll = total(serviceCommands) / serviceCosts.polls;
      return {
        id: ID,
        title: 'Idle cost',
        method: [
          `A fake feed server (test/fakes/fake-feed.ts, ETag and Last-Modified on) serves a ${FEED_ITEMS}-item feed from a child process, behind a TCP proxy that counts the bytes on the wire; so the CPU measured here is the poller's alone. **pollFeed**: \`pollFeed\` from src/core/announce/poll-feed.ts with the real dependencies (the Redis stores on their own ioredis connection, metrics, a silent pino logger), called ${POLLS} times back to back after the first (baseline) poll and 5 warm-up polls. Redis commands *sent* are counted on that connection (ioredis \`sendCommand\`; an EVAL counts once). Commands *executed* by the server, those run inside Lua scripts included, are read from MONITOR during the measured polls and attributed exactly although the Redis is shared: a command counts if it came from one of this process's connections (by client port), or ran inside a script and touches a key under this run's prefix. (\`INFO commandstats\` deltas were tried first: the other clients of the shared Redis, hundreds of commands per second, drown a poll's handful.) **Baseline**: the same number of unconditional \`fetch\` + \`new Parser().parseString\` of the same feed. **Whole service**: \`startService\` in this process with FEED_POLL_SECONDS=1, measured over ${SERVICE_SECONDS} s after its first polls; every ioredis connection of the process is counted, BullMQ's included.`,
        ],
        results: [
          {
            metric: 'requests per idle poll',
            result: `${fmt(heraldCosts.requests / POLLS)} (${heraldCosts.statuses}), ${fmt(heraldCosts.bytesDown / POLLS, 0)} bytes`,
            baseline: `${fmt(baselineCosts.requests / POLLS)} (${baselineCosts.statuses}), ${fmt(baselineCosts.bytesDown / POLLS, 0)} bytes`,
            ratio: `bytes ${ratio(heraldCosts.bytesDown, baselineCosts.bytesDown)}`,
            target: '1 request',
            verdict: requestsOk ? 'met' : 'missed',
          },
          {
            metric: 'parses per idle poll',
            result: fmt(heraldCosts.parses / POLLS),
            baseline: fmt(baselineCosts.parses / POLLS),
            ratio: ratio(heraldCosts.parses, baselineCosts.parses),
            target: '0',
            verdict: parsesOk ? 'met' : 'missed',
          },
          {
            metric: 'Redis commands per idle poll (pollFeed)',
            result: `${fmt(clientPerPoll)} sent, ${fmt(serverPerPoll)} executed`,
            baseline: '0 (no state)',
            ratio: '—',
            target: `≤ ${TARGET_COMMANDS}`,
            verdict: commandsOk ? 'met' : 'missed',
          },
          {
            metric: 'Redis commands per idle poll (whole service, scheduling included)',
            result: `${fmt(svcPerPoll)} sent, ${fmt(total(serviceExecuted.ours) / serviceCosts.polls)} executed`,
            baseline: '—',
            ratio: '—',
            target: `(≤ ${TARGET_COMMANDS} is set for the poll itself)`,
            verdict: 'info',
          },
          {
            metric: 'CPU per idle poll',
            result: `${fmt(heraldCosts.cpuMs / POLLS)} ms (whole service: ${fmt(serviceCosts.cpuMs / serviceCosts.polls)} ms)`,
            baseline: `${fmt(baselineCosts.cpuMs / POLLS)} ms`,
            ratio: ratio(heraldCosts.cpuMs, baselineCosts.cpuMs),
            target: 'none set (reported)',
            verdict: 'info',
          },
        ],
        tables: [table, commandTable, executedTable],
        notes: [
          `Shared Redis: other clients ran ${fmt(othersPerSecond)} commands/s during the whole-service window (${fmt(executed.others)} during the ${POLLS} pollFeed polls); MONITOR attributes every command, so they do not enter the figures above.`,
          `The whole service sends ${fmt(svcPerPoll)} commands per poll (and the server runs ${fmt(total(serviceExecuted.ours) / serviceCosts.polls)}) where pollFeed alone sends ${fmt(clientPerPoll)} (${fmt(serverPerPoll)} run): the rest is BullMQ — the scripts (EVALSHA) that move the scheduled poll job to active and to completed and add its next repetition, and the idle workers' blocking waits for work (BZPOPMIN) on the poll, publish and mentions queues. At FEED_POLL_SECONDS=1 a poll interval is a second; the blocking waits and housekeeping recur with time, not with polls, so at the default 30 s they are a larger share per poll and a smaller one per second.`,
          `CPU is \`process.cpuUsage()\` over the polls: every thread of the process, V8's garbage-collector and compiler threads included; the whole service's ${fmt(serviceCosts.cpuMs / serviceCosts.polls)} ms per poll also holds everything else the service does in that second (BullMQ's timers and the workers' wake-ups), so it is an upper bound for the poll.`,
          `Back-to-back polls reuse one keep-alive connection (${fmt(heraldCosts.connections)} new connections in ${POLLS} polls); in production, polls 30 s apart (the default) may each open a new TCP+TLS connection (servers often close idle keep-alive connections sooner), which this local benchmark does not cost.`,
        ],
        durationMs: Date.now() - began,
      };
    });
  } finally {
    await host.close();
  }
}

if (import.meta.main) await runStandalone(run);
