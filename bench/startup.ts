/**
 * Start-up: `node bin/herald.ts start` until GET /readyz answers 200, beside `node -e 0`
 * (the floor of any Node process on this machine). Also: how much of it is loading the
 * module graph, and how long a SIGTERM stop takes.
 *
 *   node bench/startup.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { startFakeFeed } from '../test/fakes/fake-feed.ts';
import { rss } from '../test/fakes/feed-builders.ts';
import { testEnvironment } from '../test/helpers/test-environment.ts';
import { liveEnv, startFastMastodon, startFastX } from './lib/fakes.ts';
import { freePort, ROOT, rssOf, sleep, spawnHeraldStart, spawnNode, waitForReady } from './lib/processes.ts';
import { benchPrefix, cleanupPrefix } from './lib/redis.ts';
import { type BenchResult, printTable, progress, runStandalone } from './lib/report.ts';
import { fmt, MB, minMedMax, ratio, type Summary, summarize } from './lib/stats.ts';

const ID = 'startup';
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 8);
const BASELINE_RUNS = Number(process.env.BENCH_STARTUP_BASELINE_RUNS ?? 16);
const TARGET_MS = 1500;

/**
 * RSS of an idle `node` process: `script` prints READY when it has done its work (imports),
 * the RSS is read `settleMs` later and the process stopped.
 */
async function idleRss(flags: string[], script: string, settleMs = 300): Promise<number> {
  let ready = false;
  const child = spawnNode([...flags, '-e', `${script}; console.log('READY'); setTimeout(() => {}, 10000);`], {}, (line) => {
    if (line === 'READY') ready = true;
  });
  const deadline = Date.now() + 10_000;
  while (!ready) {
    if (Date.now() > deadline || child.child.exitCode !== null) throw new Error(`idle process did not get ready:\n${child.tail()}`);
    await sleep(10);
  }
  await sleep(settleMs);
  const rss = rssOf(child.pid)?.rss ?? Number.NaN;
  await child.stop();
  return rss;
}

async function timeToExit(args: string[]): Promise<number> {
  const start = performance.now();
  const child = spawnNode(args, {});
  const { code } = await child.exited;
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${code}:\n${child.tail()}`);
  return performance.now() - start;
}

export async function run(): Promise<BenchResult> {
  const began = Date.now();
  const feed = await startFakeFeed();
  feed.setFeed('/rss.xml', rss([{ title: 'Hello', link: 'https://session.foundation/blog/hello', guid: 'hello', pubDate: new Date() }]));
  const x = await startFastX();
  const mastodon = await startFastMastodon();
  try {
    const nodeMs: number[] = [];
    const importMs: number[] = [];
    const readyMs: number[] = [];
    const stopMs: number[] = [];
    const rssReady: number[] = [];
    // What bin/herald.ts imports (it then runs the CLI, which an import-only process must not do).
    const cliModules = [`${ROOT}src/adapters/cli/run-cli.ts`, `${ROOT}bin/wiring.ts`].map((path) => pathToFileURL(path).href);
    // Rounds interleave the baseline, the import-only process and the real start, so that the
    // drift of a noisy machine hits all three alike.
    for (let i = 0; i < RUNS; i += 1) {
      for (let k = 0; k < Math.ceil(BASELINE_RUNS / RUNS); k += 1) nodeMs.push(await timeToExit(['-e', '0']));
      importMs.push(await timeToExit(['--input-type=module', '-e', cliModules.map((m) => `await import(${JSON.stringify(m)})`).join('; ')]));
      const prefix = benchPrefix('startup');
      const port = await freePort();
      const env = testEnvironment(prefix, {
        ...liveEnv(x, mastodon),
        FEED_URLS: feed.feedUrl('/rss.xml'),
        FEED_POLL_SECONDS: '300',
        HTTP_PORT: String(port),
        LOG_LEVEL: 'info',
      });
      try {
        const start = performance.now();
        const child = spawnHeraldStart(env);
        try {
          const ready = await waitForReady(port, child);
          readyMs.push(ready - start);
          await sleep(500);
          rssReady.push(rssOf(child.pid)?.rss ?? Number.NaN);
        } finally {
          const stopStart = performance.now();
          await child.stop();
          stopMs.push(performance.now() - stopStart);
        }
      } finally {
        await cleanupPrefix(prefix);
      }
      progress(ID, `round ${i + 1}/${RUNS}: node -e 0 ${fmt(nodeMs.at(-1) ?? Number.NaN)} ms, import-only ${fmt(importMs.at(-1) ?? Number.NaN)} ms, ready after ${fmt(readyMs.at(-1) ?? Number.NaN)} ms`);
    }
    // Which dependencies weigh most: each imported alone in a fresh process (best of 3).
    const dependencies = Object.keys((JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    const depMs: Array<[string, number]> = [];
    for (const name of dependencies) {
      const times = [];
      for (let i = 0; i < 3; i += 1) times.push(await timeToExit(['--input-type=module', '-e', `await import(${JSON.stringify(name)})`]));
      depMs.push([name, Math.min(...times)]);
    }
    depMs.sort((a, b) => b[1] - a[1]);
    progress(ID, `dependencies imported alone: ${depMs.slice(0, 5).map(([name, ms]) => `${name} ${fmt(ms)} ms`).join(', ')}, …`);
    // Which npm packages the CLI module graph pulls in (what `herald start` loads before starting).
    const lister = spawnNode(['--import', pathToFileURL(`${ROOT}bench/lib/list-packages-hook.ts`).href, '--input-type=module', '-e', cliModules.map((m) => `await import(${JSON.stringify(m)})`).join('; ')], {});
    await lister.exited;
    const loaded = (/PACKAGES (.*)/.exec(lister.tail())?.[1] ?? '').split(' ').filter(Boolean);
    const rssNode = await idleRss([], 'void 0');
    const rssTs = await idleRss(['--input-type=module-typescript'], 'const nothing: number = 0; void nothing');
    // Where the RSS at start comes from: processes that only import part of the graph, then idle.
    const importIdle = (specifiers: string[], flags: string[] = []) =>
      idleRss([...flags, '--input-type=module'], specifiers.map((m) => `await import(${JSON.stringify(m)})`).join('; '));
    const serviceModule = pathToFileURL(`${ROOT}bin/wiring.ts`).href;
    const rssParts: Array<[string, number]> = [
      ['import bullmq + ioredis only', await importIdle(['bullmq', 'ioredis'])],
      ['import bin/wiring.ts (the service\'s module graph)', await importIdle([serviceModule])],
      ['import bin/wiring.ts, --max-semi-space-size=8', await importIdle([serviceModule], ['--max-semi-space-size=8'])],
      ['import src/adapters/cli/run-cli.ts and bin/wiring.ts (what `herald start` loads)', await importIdle(cliModules)],
    ];
    // Parts of the service's graph, each alone (they share dependencies, so they do not add up).
    const parts: Array<[string, string]> = [
      ['src/adapters/http/admin-routes.ts', 'admin API (operator tools, Bull Board if imported statically)'],
      ['jobs/check-mentions-job.ts', 'mention listeners and classifiers'],
      ['jobs/poll-feed-job.ts', 'feed fetch, rss-parser, zod'],
      ['jobs/publish-job.ts', 'compose (twitter-text), publish-once'],
      ['src/adapters/x/x-publisher.ts', 'twitter-api-v2'],
      ['src/adapters/mastodon/mastodon-publisher.ts', 'masto'],
      ['src/adapters/metrics/create-metrics.ts', 'prom-client'],
    ];
    const partRss: Array<[string, string, number]> = [];
    for (const [file, what] of parts) {
      if (!existsSync(`${ROOT}${file}`)) continue;
      partRss.push([file, what, await importIdle([pathToFileURL(`${ROOT}${file}`).href])]);
    }
    partRss.sort((a, b) => b[2] - a[2]);
    // What the service imports statically, read from its source (so the finding follows the code).
    const source = (file: string) => (existsSync(`${ROOT}${file}`) ? readFileSync(`${ROOT}${file}`, 'utf8') : '');
    const importsStatically = (file: string, target: string) => new RegExp(`^import [^;]*from '[./]*${target.replace(/[.]/g, '\\.')}';`, 'm').test(source(file));
    const adminStatic = importsStatically('bin/wiring.ts', 'src/adapters/http/admin-routes.ts') || importsStatically('src/adapters/http/create-http-app.ts', 'admin-routes.ts');
    const mentionsStatic = importsStatically('jobs/start-workers.ts', 'check-mentions-job.ts');
    const staticImports = [
      adminStatic
        ? `The admin API is mounted only when ADMIN_TOKEN is set, yet src/adapters/http/admin-routes.ts is imported statically (by bin/wiring.ts or src/adapters/http/create-http-app.ts), so ${
            /^import [^;]*from '@bull-board\//m.test(source('src/adapters/http/admin-routes.ts')) ? 'Bull Board and the operator tools load' : 'its operator tools load (Bull Board itself is imported lazily)'
          } in every process.`
        : '',
      mentionsStatic ? 'The mention listeners and classifiers (jobs/check-mentions-job.ts) are imported statically too, so they load even where no platform is live.' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const n = summarize(nodeMs);
    const imp = summarize(importMs);
    const ready = summarize(readyMs);
    const stop = summarize(stopMs);
    const row = (name: string, s: Summary) => [name, String(s.n), fmt(s.min), fmt(s.median), fmt(s.max)];
    const table = {
      title: 'Start-up, ms (spawn to the moment named)',
      headers: ['what', 'runs', 'min', 'median', 'max'],
      rows: [
        row('node -e 0 (baseline): spawn to exit', n),
        row('node: import the CLI and the service (module graph only): spawn to exit', imp),
        row('node bin/herald.ts start: spawn to /readyz 200', ready),
        row('SIGTERM to exit (graceful stop)', stop),
      ],
    };
    printTable(table);
    const rss = summarize(rssReady);
    const memoryTable = {
      title: 'Resident set size, idle: 0.3 s after the imports, or 0.5 s after /readyz (MB)',
      headers: ['process', 'RSS'],
      rows: [
        ['node -e (idle)', fmt(rssNode / MB)],
        ['node, a TypeScript one-liner (type stripper loaded)', fmt(rssTs / MB)],
        ...rssParts.map(([name, bytes]) => [name, fmt(bytes / MB)]),
        ['herald start, 0.5 s after /readyz 200 (min / median / max)', minMedMax({ ...rss, min: rss.min / MB, median: rss.median / MB, max: rss.max / MB }, '')],
      ],
    };
    printTable(memoryTable);
    const partsTable = {
      title: `Resident set size after importing one part of the service alone (MB; node with its type stripper: ${fmt(rssTs / MB)}; they share dependencies, so they do not add up)`,
      headers: ['module', 'what it brings', 'RSS', 'over the TypeScript one-liner'],
      rows: partRss.map(([file, what, bytes]) => [file, what, fmt(bytes / MB), `+${fmt((bytes - rssTs) / MB)}`]),
    };
    printTable(partsTable);
    const depTable = {
      title: 'Each dependency imported alone in a fresh process, ms (best of 3, node -e 0 subtracted); they share sub-dependencies, so these do not add up',
      headers: ['package', 'import cost'],
      rows: depMs.map(([name, ms]) => [name, fmt(Math.max(0, ms - n.min))]),
    };
    printTable(depTable);
    return {
      id: ID,
      title: 'Start-up',
      method: [
        `Each run spawns \`node bin/herald.ts start\` with its own HERALD_PREFIX and HTTP port, live credentials for the fake X and Mastodon and one feed on the fake feed server, and polls \`GET /readyz\` every 10 ms from the moment of \`spawn()\` until it answers 200 (Redis reachable, every worker running). ${RUNS} runs; each is stopped with SIGTERM and its keys deleted. Baseline: \`node -e 0\`, spawn to exit, ${nodeMs.length} runs. To show where the time goes, a process that only imports the CLI's module graph (type stripping included) is timed too; the three are interleaved round by round.`,
      ],
      results: [
        {
          metric: 'RSS of herald start, idle after start (min / median / max)',
          result: `${fmt(rss.min / MB)} / ${fmt(rss.median / MB)} / ${fmt(rss.max / MB)} MB`,
          baseline: `node -e: ${fmt(rssNode / MB)} MB; TypeScript one-liner: ${fmt(rssTs / MB)} MB`,
          ratio: ratio(rss.median, rssNode),
          target: '< 150 MB (the memory target, before any work)',
          verdict: rss.max < 150 * MB ? 'met' : 'missed',
        },
        {
          metric: 'start to /readyz 200 (min / median / max)',
          result: minMedMax(ready, 'ms'),
          baseline: `node -e 0: ${minMedMax(n, 'ms')}`,
          ratio: ratio(ready.median, n.median),
          target: `< ${TARGET_MS} ms`,
          verdict: ready.max < TARGET_MS ? 'met' : 'missed',
        },
      ],
      tables: [table, memoryTable, partsTable, depTable],
      notes: [
        `Of the median ${fmt(ready.median)} ms, about ${fmt(imp.median - n.median)} ms is loading and type-stripping the module graph (import-only process minus \`node -e 0\`), and ${fmt(summarize(readyMs.map((r, i) => r - importMs[i]!)).median)} ms (median of the per-round differences) is start-up proper (config, Redis connections, BullMQ workers, job scheduler upsert, HTTP listen) plus the /readyz polling granularity (10 ms).`,
        `**RSS at start, where it comes from** (each step a fresh process, measured once its imports are done): node ${fmt(rssNode / MB)} MB; with its TypeScript stripper ${fmt(rssTs / MB)} MB; importing bullmq + ioredis ${fmt(rssParts[0]![1] / MB)} MB; the service's module graph (bin/wiring.ts) ${fmt(rssParts[1]![1] / MB)} MB; the CLI graph that \`herald start\` loads ${fmt(rssParts[3]![1] / MB)} MB; the running service ${fmt(rss.median / MB)} MB. Heaviest parts, each alone: ${partRss
          .slice(0, 3)
          .map(([file, what, bytes]) => `${file} (${what}) +${fmt((bytes - rssTs) / MB)} MB`)
          .join(', ')}. ${staticImports} Importing them with a dynamic \`import()\` only when configured, and the operator commands only in those commands, is where the ${fmt(Math.max(0, rss.median / MB - 150))} MB that the running service has above the 150 MB target can come from (the parts above are each larger than that, though they share dependencies with what must stay); a build step to JavaScript would save the type stripper's ${fmt((rssTs - rssNode) / MB)} MB. (Capping V8's young generation, \`--max-semi-space-size=8\`, changes the RSS after the imports by ${fmt((rssParts[2]![1] - rssParts[1]![1]) / MB)} MB only.)`,
        `The CLI module graph, which \`herald start\` loads in full before it starts, pulls in ${loaded.length} npm packages: ${loaded.join(', ')}.`,
        `The heaviest dependencies to load, each alone: ${depMs
          .slice(0, 4)
          .map(([name, ms]) => `${name} ${fmt(Math.max(0, ms - n.min))} ms`)
          .join(', ')}. twitter-text 3.1 alone brings core-js 2 polyfills and @babel/runtime. \`herald start\` loads the whole CLI module graph (every operator command and its dependencies) before it starts; importing what only other commands or unused features need (the operator tools, the mention classifiers when mentions are off) lazily, inside those commands, is where start-up time — and resident memory, see the RSS row — can be won.`,
        ...(ready.max < TARGET_MS
          ? []
          : [`The target is missed in ${readyMs.filter((v) => v >= TARGET_MS).length} of ${RUNS} runs (max ${fmt(ready.max)} ms); see the split above for which part dominates.`]),
      ],
      durationMs: Date.now() - began,
    };
  } finally {
    await Promise.all([feed.close(), x.close(), mastodon.close()]);
  }
}

if (import.meta.main) await runStandalone(run);
