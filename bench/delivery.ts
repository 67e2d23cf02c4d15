/**
 * Publish → post time at the default settings: from the moment a new item appears in a feed
 * to the arrival of its post at the fake X and the fake Mastodon, through the real service
 * (`node bin/herald.ts start`, FEED_POLL_SECONDS left at its default) in real time, for items
 * published at random moments. Baseline: the theory of a fixed poll interval (the wait for the
 * next poll is uniform over the interval: mean and median interval/2).
 *
 *   node bench/delivery.ts        # ~6 minutes: it waits for real 30-second polls
 */
import { loadConfig } from '../config/load-config.ts';
import { startFakeFeed } from '../test/fakes/fake-feed.ts';
import { type BuiltItem, rss } from '../test/fakes/feed-builders.ts';
import { testEnvironment } from '../test/helpers/test-environment.ts';
import { liveEnv, startFastMastodon, startFastX } from './lib/fakes.ts';
import { freePort, sleep, spawnHeraldStart, waitForReady } from './lib/processes.ts';
import { benchPrefix, withPrefixes } from './lib/redis.ts';
import { type BenchResult, printTable, progress, runStandalone } from './lib/report.ts';
import { fmt, type Summary, summarize } from './lib/stats.ts';

const ID = 'delivery';
const ITEMS = Number(process.env.BENCH_DELIVERY_ITEMS ?? 24);
const FEEDS = 2;
/** Gaps between two items of one feed: uniform in [10, 50] s (mean 30 s; never 4 in one poll, so BURST_LIMIT holds none). */
const GAP_MIN_MS = 10_000;
const GAP_SPAN_MS = 40_000;
const SEED = Number(process.env.BENCH_DELIVERY_SEED ?? Date.now() % 1_000_000);

interface Sample {
  link: string;
  feed: string;
  publishedAt: number;
  /** The first 200 answer of the feed that carried the item: when Herald saw it. */
  seenAt?: number;
  x?: number;
  mastodon?: number;
}

/** mulberry32: a small seeded generator, so a run can be repeated (BENCH_DELIVERY_SEED). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The wait for the next poll of a fixed interval, for a moment uniform over it, in seconds. */
function theory(intervalSeconds: number): Summary {
  return { n: Number.POSITIVE_INFINITY, min: 0, median: intervalSeconds / 2, p99: intervalSeconds * 0.99, max: intervalSeconds, mean: intervalSeconds / 2 };
}

export async function run(): Promise<BenchResult> {
  const began = Date.now();
  const prefix = benchPrefix('delivery');
  const next = random(SEED);
  const feed = await startFakeFeed();
  const x = await startFastX();
  const mastodon = await startFastMastodon();
  const paths = Array.from({ length: FEEDS }, (_, i) => `/delivery-${i}.xml`);
  const contents = new Map<string, BuiltItem[]>();
  let serial = 0;
  const newItem = (path: string): BuiltItem => {
    serial += 1;
    const link = `https://session.foundation/blog/delivery-${prefix}-${serial}`;
    return { title: `Delivery probe ${serial} from ${path.slice(1, -4)}`, link, guid: link, pubDate: new Date(), description: 'A post to measure publish → post time.' };
  };
  for (const path of paths) {
    contents.set(path, [newItem(path), newItem(path)]);
    feed.setFeed(path, rss(contents.get(path)!));
  }
  // The default, not a value of ours: FEED_POLL_SECONDS is left unset (testEnvironment sets 1).
  const env = testEnvironment(prefix, { ...liveEnv(x, mastodon), FEED_URLS: paths.map((p) => feed.feedUrl(p)).join(','), FEED_POLL_SECONDS: undefined, LOG_LEVEL: 'info' });
  const pollSeconds = loadConfig(env).feedPollSeconds;
  const intervalMs = pollSeconds * 1000;

  try {
    return await withPrefixes([prefix], async () => {
      const port = await freePort();
      const problems: string[] = [];
      const child = spawnHeraldStart({ ...env, HTTP_PORT: String(port) }, (line) => {
        if (line.startsWith('{') && ((JSON.parse(line) as { level?: number }).level ?? 0) >= 40) problems.push(line);
      });
      const samples: Sample[] = [];
      try {
        await waitForReady(port, child);
        const polled = (path: string) => feed.requests.filter((r) => r.path === path).length;
        const deadline = Date.now() + intervalMs + 15_000;
        while (paths.some((p) => polled(p) < 1)) {
          if (Date.now() > deadline) throw new Error(`the feeds were not polled within ${intervalMs / 1000 + 15} s:\n${child.tail()}`);
          await sleep(50);
        }
        progress(ID, `service ready (FEED_POLL_SECONDS=${pollSeconds}, its default), feeds baselined; publishing ${ITEMS} items at random moments (seed ${SEED})`);
        const perFeed = Math.ceil(ITEMS / FEEDS);
        const due = paths.flatMap((path) => {
          let at = Date.now() + next() * intervalMs;
          return Array.from({ length: perFeed }, () => {
            const moment = { path, at };
            at += GAP_MIN_MS + next() * GAP_SPAN_MS;
            return moment;
          });
        });
        due.sort((a, b) => a.at - b.at);
        const byLink = new Map<string, Sample>();
        for (const moment of due.slice(0, ITEMS)) {
          while (Date.now() < moment.at) {
            collect(byLink, x, mastodon);
            await sleep(Math.min(50, moment.at - Date.now()));
          }
          const item = newItem(moment.path);
          const items = [item, ...(contents.get(moment.path) ?? [])].slice(0, 20);
          contents.set(moment.path, items);
          feed.setFeed(moment.path, rss(items));
          const sample: Sample = { link: item.link, feed: moment.path, publishedAt: Date.now() };
          samples.push(sample);
          byLink.set(item.link, sample);
          if (samples.length % 6 === 0) progress(ID, `${samples.length}/${ITEMS} published`);
        }
        const lastDeadline = Date.now() + intervalMs + 15_000;
        while (samples.some((s) => s.x === undefined || s.mastodon === undefined)) {
          collect(byLink, x, mastodon);
          if (problems.length > 0) throw new Error(`the service logged a warning or error: ${problems[0]}`);
          if (Date.now() > lastDeadline) throw new Error(`not every item arrived within a poll interval and 15 s of the last:\n${child.tail()}`);
          await sleep(20);
        }
      } finally {
        await child.stop();
      }
      for (const s of samples) s.seenAt = feed.requests.find((r) => r.path === s.feed && r.status === 200 && r.at.getTime() >= s.publishedAt)?.at.getTime();
      return report(samples, intervalMs, pollSeconds, began, feed.requests.filter((r) => r.path === paths[0]).map((r) => r.at.getTime()));
    });
  } finally {
    await Promise.all([feed.close(), x.close(), mastodon.close()]);
  }
}

/** Arrival times of the posts, read off the fakes' request logs by the link in the text. */
function collect(byLink: Map<string, Sample>, x: Awaited<ReturnType<typeof startFastX>>, mastodon: Awaited<ReturnType<typeof startFastMastodon>>): void {
  for (const r of x.requests) {
    if (r.method !== 'POST' || r.path !== '/2/tweets') continue;
    const sample = byLink.get(/https:\/\/\S+/.exec((r.json as { text?: string } | undefined)?.text ?? '')?.[0] ?? '');
    if (sample && sample.x === undefined) sample.x = r.at;
  }
  for (const r of mastodon.requests) {
    if (r.method !== 'POST' || r.path !== '/api/v1/statuses') continue;
    const sample = byLink.get(/https:\/\/\S+/.exec((r.json as { status?: string } | undefined)?.status ?? '')?.[0] ?? '');
    if (sample && sample.mastodon === undefined) sample.mastodon = r.at;
  }
}

function report(samples: Sample[], intervalMs: number, pollSeconds: number, began: number, pollTimes: number[]): BenchResult {
  const s = (ms: number) => ms / 1000;
  const toX = summarize(samples.map((v) => s(v.x! - v.publishedAt)));
  const toM = summarize(samples.map((v) => s(v.mastodon! - v.publishedAt)));
  const seen = samples.filter((v) => v.seenAt !== undefined);
  const wait = summarize(seen.map((v) => s(v.seenAt! - v.publishedAt)));
  const overheadX = summarize(seen.map((v) => v.x! - v.seenAt!));
  const gaps = summarize(pollTimes.slice(1).map((t, i) => s(t - pollTimes[i]!)));
  const row = (name: string, v: Summary, unit = 's') => [name, Number.isFinite(v.n) ? String(v.n) : '—', fmt(v.mean), fmt(v.min), fmt(v.median), fmt(v.p99), fmt(v.max), unit];
  const table = {
    title: `Publish → post time at the default FEED_POLL_SECONDS=${pollSeconds} (${samples.length} items, ${FEEDS} feeds, published at random moments)`,
    headers: ['span', 'n', 'mean', 'min', 'median', 'p99', 'max', 'unit'],
    rows: [
      row('item in the feed → post at fake X', toX),
      row('item in the feed → post at fake Mastodon', toM),
      row('  of which: item in the feed → the poll that saw it', wait),
      row('  of which: that poll\'s answer → post at fake X', overheadX, 'ms'),
      row(`theory: wait for the next poll, interval ${pollSeconds} s`, theory(pollSeconds)),
      row('interval between two polls of one feed, as served', gaps),
    ],
  };
  printTable(table);
  const half = s(intervalMs) / 2;
  return {
    id: ID,
    title: 'Publish → post time',
    method: [
      `Real time, no scaling: Herald runs as \`node bin/herald.ts start\` in a child process with FEED_POLL_SECONDS unset (its default, ${pollSeconds} s), ${FEEDS} feeds on the fake feed server (no Cache-Control or Retry-After: no floor) and live credentials for fake X and fake Mastodon (rate limits off), all in the benchmark process. After the first (baseline) poll, each feed gets a new item at random moments (gaps uniform in ${GAP_MIN_MS / 1000}–${(GAP_MIN_MS + GAP_SPAN_MS) / 1000} s, so the moments fall uniformly across the poll interval; seed ${SEED}), ${samples.length} items in all. Publish → post time = the fake's arrival time of the post − the moment the item was put in the feed. The theory is a fixed interval's: the wait for the next poll is uniform over it (mean and median ${fmt(half)} s, max ${fmt(s(intervalMs))} s), plus Herald's overhead.`,
    ],
    results: [
      {
        metric: 'publish → post at X (mean; median, p99)',
        result: `${fmt(toX.mean)} s; ${fmt(toX.median)} s, p99 ${fmt(toX.p99)} s`,
        baseline: `theory at ${pollSeconds} s polls: mean ${fmt(half)} s, max ${fmt(s(intervalMs))} s`,
        ratio: `mean ${fmt(toX.mean / half)}× theory`,
        target: `mean ≈ ${fmt(half)} s (was ≈ 150 s at the old 300 s default)`,
        verdict: Math.abs(toX.mean - half) <= half * 0.4 && toX.max <= s(intervalMs) + 2 ? 'met' : 'missed',
      },
      {
        metric: 'publish → post at Mastodon (mean; median, p99)',
        result: `${fmt(toM.mean)} s; ${fmt(toM.median)} s, p99 ${fmt(toM.p99)} s`,
        baseline: `theory at ${pollSeconds} s polls: mean ${fmt(half)} s`,
        ratio: `mean ${fmt(toM.mean / half)}× theory`,
        target: `mean ≈ ${fmt(half)} s`,
        verdict: Math.abs(toM.mean - half) <= half * 0.4 && toM.max <= s(intervalMs) + 2 ? 'met' : 'missed',
      },
    ],
    tables: [table],
    notes: [
      `Nearly all of it is the wait for the next poll (${fmt(wait.mean)} s mean); from the answer that carried the item to the post at X took ${fmt(overheadX.median)} ms median (p99 ${fmt(overheadX.p99)} ms). With ${samples.length} items the sample mean of a uniform 0–${pollSeconds} s wait has a standard error of about ${fmt(s(intervalMs) / Math.sqrt(12 * samples.length))} s, so the mean is expected within ±${fmt((2 * s(intervalMs)) / Math.sqrt(12 * samples.length))} s of ${fmt(half)} s.`,
      'A feed that sends `Cache-Control: max-age` longer than the interval is polled when it expires instead (capped at an hour): the wait is then uniform over the max-age, as a cache in front of the feed would make it anyway.',
    ],
    durationMs: Date.now() - began,
  };
}

if (import.meta.main) await runStandalone(run);
