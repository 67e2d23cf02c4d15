/**
 * Delivery latency: from the feed response that first carries a new item to the arrival of
 * its post at the fake X and at the fake Mastodon, through the real service
 * (`node bin/herald.ts start`, polling every second), over at least 200 items. Baseline: the
 * fakes' own round trip (a direct POST).
 *
 *   node bench/latency.ts
 */
import { startFakeFeed } from '../test/fakes/fake-feed.ts';
import { type BuiltItem, rss } from '../test/fakes/feed-builders.ts';
import { testEnvironment } from '../test/helpers/test-environment.ts';
import { directPostRoundTrips, liveEnv, startFastMastodon, startFastX } from './lib/fakes.ts';
import { freePort, sleep, spawnHeraldStart, waitForReady } from './lib/processes.ts';
import { benchPrefix, withPrefixes } from './lib/redis.ts';
import { type BenchResult, printTable, progress, runStandalone } from './lib/report.ts';
import { fmt, medP99, ratio, type Summary, summarize } from './lib/stats.ts';

const ID = 'latency';
const ITEMS = Number(process.env.BENCH_LATENCY_ITEMS ?? 200);
const FEEDS = Number(process.env.BENCH_LATENCY_FEEDS ?? 2);
/** New items per feed per poll: BURST_LIMIT (3) holds a poll that finds more. */
const PER_POLL = 3;
const KEEP = 20;
const TARGET_MS = 250;
const ROUND_TIMEOUT_MS = 15_000;
/** Rounds right after start-up (cold JIT, first connections), reported apart. */
const WARMUP_ROUNDS = 2;

interface Sample {
  link: string;
  feed: string;
  /** 1..PER_POLL: position of the item in the batch its poll found. */
  position: number;
  seenAt: number;
  queuedAt?: number;
  x?: number;
  mastodon?: number;
}

export async function run(): Promise<BenchResult> {
  const began = Date.now();
  const prefix = benchPrefix('latency');
  const feed = await startFakeFeed();
  const x = await startFastX();
  const mastodon = await startFastMastodon();
  const feedPaths = Array.from({ length: FEEDS }, (_, i) => `/feed-${i}.xml`);
  const contents = new Map<string, BuiltItem[]>();
  let serial = 0;
  const newItem = (path: string): BuiltItem => {
    serial += 1;
    const link = `https://session.foundation/blog/latency-${prefix}-${serial}`;
    return { title: `Latency probe ${serial} from ${path.slice(1, -4)}`, link, guid: link, pubDate: new Date(), description: 'A post to measure delivery.' };
  };
  for (const path of feedPaths) {
    const items = Array.from({ length: 10 }, () => newItem(path));
    contents.set(path, items);
    feed.setFeed(path, rss(items));
  }

  try {
    return await withPrefixes([prefix], async () => {
      const rttX = await directPostRoundTrips(x, 'x', 200, `rtt-${prefix}`);
      const rttM = await directPostRoundTrips(mastodon, 'mastodon', 200, `rtt-${prefix}`);
      progress(ID, `fake round trips: X ${medP99(rttX, 'ms')}, Mastodon ${medP99(rttM, 'ms')}`);

      const port = await freePort();
      const env = testEnvironment(prefix, {
        ...liveEnv(x, mastodon),
        FEED_URLS: feedPaths.map((p) => feed.feedUrl(p)).join(','),
        FEED_POLL_SECONDS: '1',
        HTTP_PORT: String(port),
        LOG_LEVEL: 'info',
      });
      const queuedAt = new Map<string, number>();
      const problems: string[] = [];
      const child = spawnHeraldStart(env, (line) => {
        if (!line.startsWith('{')) return;
        const record = JSON.parse(line) as { msg?: string; time?: number; level?: number; items?: Array<{ title: string }> };
        if (record.msg?.endsWith('new item(s) queued')) for (const item of record.items ?? []) queuedAt.set(item.title, record.time ?? Number.NaN);
        if ((record.level ?? 0) >= 40) problems.push(record.msg ?? line);
      });
      const samples: Sample[] = [];
      const warmup: Sample[] = [];
      let rounds = 0;
      try {
        await waitForReady(port, child);
        // The first poll of each feed records its items as seen; wait for one more after it.
        const polled = (path: string) => feed.requests.filter((r) => r.path === path).length;
        const deadline = Date.now() + 15_000;
        while (feedPaths.some((p) => polled(p) < 2)) {
          if (Date.now() > deadline) throw new Error(`the feeds were not polled twice within 15 s:\n${child.tail()}`);
          await sleep(20);
        }
        progress(ID, `service ready, feeds baselined; adding ${PER_POLL} items per poll to each of ${FEEDS} feeds until ${ITEMS} items`);

        let xSeen = x.requests.length;
        let mSeen = mastodon.requests.length;
        const byLink = new Map<string, Sample>();
        let nextProgress = 50;
        while (samples.length < ITEMS) {
          const round: Sample[] = [];
          const requestIndex = feed.requests.length;
          for (const path of feedPaths) {
            const added = Array.from({ length: PER_POLL }, () => newItem(path));
            const items = [...added, ...(contents.get(path) ?? [])].slice(0, KEEP);
            contents.set(path, items);
            feed.setFeed(path, rss(items));
            added.forEach((item, i) => {
              const sample: Sample = { link: item.link, feed: path, position: i + 1, seenAt: Number.NaN };
              round.push(sample);
              byLink.set(item.link, sample);
            });
          }
          const roundDeadline = Date.now() + ROUND_TIMEOUT_MS;
          while (round.some((s) => s.x === undefined || s.mastodon === undefined)) {
            for (; xSeen < x.requests.length; xSeen += 1) {
              const r = x.requests[xSeen]!;
              if (r.method !== 'POST' || r.path !== '/2/tweets') continue;
              const text = (r.json as { text?: string } | undefined)?.text ?? '';
              const sample = byLink.get(/https:\/\/\S+/.exec(text)?.[0] ?? '');
              if (sample && sample.x === undefined) sample.x = r.at;
            }
            for (; mSeen < mastodon.requests.length; mSeen += 1) {
              const r = mastodon.requests[mSeen]!;
              if (r.method !== 'POST' || r.path !== '/api/v1/statuses') continue;
              const text = (r.json as { status?: string } | undefined)?.status ?? '';
              const sample = byLink.get(/https:\/\/\S+/.exec(text)?.[0] ?? '');
              if (sample && sample.mastodon === undefined) sample.mastodon = r.at;
            }
            if (problems.length > 0) throw new Error(`the service logged a warning or error: ${problems[0]}`);
            if (Date.now() > roundDeadline) throw new Error(`round not delivered within ${ROUND_TIMEOUT_MS} ms:\n${child.tail()}`);
            await sleep(5);
          }
          for (const sample of round) {
            // The first full answer to this feed after the items were added: the poll that saw them.
            const seen = feed.requests.slice(requestIndex).find((r) => r.path === sample.feed && r.status === 200);
            if (!seen) throw new Error(`no feed response carried ${sample.link}`);
            sample.seenAt = seen.at.getTime();
          }
          rounds += 1;
          if (rounds <= WARMUP_ROUNDS) {
            warmup.push(...round);
            continue;
          }
          samples.push(...round);
          if (samples.length >= nextProgress) {
            const sofar = summarize(samples.map((s) => s.x! - s.seenAt));
            progress(ID, `${samples.length}/${ITEMS} items delivered; to X so far ${medP99(sofar, 'ms')}`);
            nextProgress += 50;
          }
        }
      } finally {
        await child.stop();
      }
      for (const s of [...samples, ...warmup]) s.queuedAt = queuedAt.get(`Latency probe ${s.link.slice(s.link.lastIndexOf('-') + 1)} from ${s.feed.slice(1, -4)}`);

      const toX = summarize(samples.map((s) => s.x! - s.seenAt));
      const toM = summarize(samples.map((s) => s.mastodon! - s.seenAt));
      const withQueued = samples.filter((s) => s.queuedAt !== undefined && Number.isFinite(s.queuedAt));
      const pollPart = summarize(withQueued.map((s) => s.queuedAt! - s.seenAt));
      const publishX = summarize(withQueued.map((s) => s.x! - s.queuedAt!));
      const publishM = summarize(withQueued.map((s) => s.mastodon! - s.queuedAt!));
      const warmX = summarize(warmup.map((s) => s.x! - s.seenAt));
      const warmM = summarize(warmup.map((s) => s.mastodon! - s.seenAt));
      const row = (name: string, s: Summary) => [name, String(s.n), fmt(s.min), fmt(s.median), fmt(s.p99), fmt(s.max)];
      const table = {
        title: `Delivery latency, ms (${samples.length} items, ${FEEDS} feeds polled every second, ${PER_POLL} new items per feed per poll)`,
        headers: ['span', 'n', 'min', 'median', 'p99', 'max'],
        rows: [
          row('feed response → arrival at fake X', toX),
          row('feed response → arrival at fake Mastodon', toM),
          row('  of which: feed response → the poll\'s "queued" log line', pollPart),
          row('  of which: jobs queued → arrival at X', publishX),
          row('  of which: jobs queued → arrival at Mastodon', publishM),
          row(`warm-up (first ${WARMUP_ROUNDS} rounds after start, not above): to X`, warmX),
          row(`warm-up (first ${WARMUP_ROUNDS} rounds after start, not above): to Mastodon`, warmM),
          row('baseline: direct POST round trip to fake X', rttX),
          row('baseline: direct POST round trip to fake Mastodon', rttM),
        ],
      };
      printTable(table);
      const positions = Array.from({ length: PER_POLL }, (_, i) => i + 1);
      const byPosition = {
        title: 'By position of the item among the new items its poll found (publish workers run one job at a time per platform)',
        headers: ['position', 'n', 'to X median', 'to X p99', 'to Mastodon median', 'to Mastodon p99'],
        rows: positions.map((p) => {
          const group = samples.filter((s) => s.position === p);
          const gx = summarize(group.map((s) => s.x! - s.seenAt));
          const gm = summarize(group.map((s) => s.mastodon! - s.seenAt));
          return [String(p), String(group.length), fmt(gx.median), fmt(gx.p99), fmt(gm.median), fmt(gm.p99)];
        }),
      };
      printTable(byPosition);
      const worst = Math.max(toX.p99, toM.p99);
      return {
        id: ID,
        title: 'Delivery latency',
        method: [
          `The fake feed server (test/fakes/fake-feed.ts), fake X and fake Mastodon (test/fakes/, rate limits off) run in the benchmark process; Herald runs as \`node bin/herald.ts start\` in a child process with live credentials for the fakes, ${FEEDS} feeds and FEED_POLL_SECONDS=1. After the first (baseline) poll of each feed, each round adds ${PER_POLL} new items to every feed (BURST_LIMIT=3 would hold a poll that finds more), waits until all of them have arrived at both fakes, then starts the next round, until ${samples.length} items; the first ${WARMUP_ROUNDS} rounds after start-up (${warmup.length} items: cold JIT, first connections) are reported apart. Latency of an item on a platform = the fake's recorded arrival time (\`at\`) of its POST − the time the fake feed served the first 200 response carrying the item; the wait for the next poll is not part of it. The split uses the poll's "new item(s) queued" log line (pino \`time\`, same clock); that line is written after the jobs are added *and* the items recorded as seen, so a post can arrive before it (negative minimum) and the split is approximate. Baseline: 200 sequential direct POSTs (fetch, keep-alive) to each fake, response read — the floor of any client of the fake.`,
        ],
        results: [
          {
            metric: 'delivery latency to X (median, p99)',
            result: medP99(toX, 'ms'),
            baseline: `direct POST round trip: ${medP99(rttX, 'ms')}`,
            ratio: `p99 ${ratio(toX.p99, rttX.p99)}`,
            target: `p99 < ${TARGET_MS} ms`,
            verdict: toX.p99 < TARGET_MS ? 'met' : 'missed',
          },
          {
            metric: 'delivery latency to Mastodon (median, p99)',
            result: medP99(toM, 'ms'),
            baseline: `direct POST round trip: ${medP99(rttM, 'ms')}`,
            ratio: `p99 ${ratio(toM.p99, rttM.p99)}`,
            target: `p99 < ${TARGET_MS} ms`,
            verdict: toM.p99 < TARGET_MS ? 'met' : 'missed',
          },
        ],
        tables: [table, byPosition],
        notes: [
          `The latency is measured up to the arrival of the request at the fake, so it is all Herald's overhead: parsing the feed, the Redis work of the poll, BullMQ handing the job to a publish worker, the ledger writes and building and sending the request. The fake's full round trip (${fmt(rttX.median)} / ${fmt(rttM.median)} ms median) is the floor of the last step.`,
          `Polls of the ${FEEDS} feeds run at the same second, so each poll tick queues ${FEEDS * PER_POLL} posts per platform and the publish worker (concurrency 1 per platform) sends them one after another: the later positions above carry that queueing. ${worst < TARGET_MS ? `Even so the p99 stays under ${TARGET_MS} ms.` : `This queueing is what pushes the p99 over ${TARGET_MS} ms; a higher publish concurrency would shorten it.`}`,
        ],
        durationMs: Date.now() - began,
      };
    });
  } finally {
    await Promise.all([feed.close(), x.close(), mastodon.close()]);
  }
}

if (import.meta.main) await runStandalone(run);
