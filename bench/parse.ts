/**
 * Parsing: a 500-item RSS feed through Herald's parseFeed (rss-parser + zod validation +
 * plain-text titles + link normalisation) beside raw rss-parser parseString, per parse.
 *
 *   node bench/parse.ts
 */
import Parser from 'rss-parser';
import { parseFeed } from '../src/core/feed/parse-feed.ts';
import { rss } from '../test/fakes/feed-builders.ts';
import { type BenchResult, printTable, progress, runStandalone } from './lib/report.ts';
import { fmt, minMedMax, ratio, summarize } from './lib/stats.ts';

const ID = 'parse';
const ITEMS = 500;
const WARMUP = Number(process.env.BENCH_PARSE_WARMUP ?? 10);
const RUNS = Number(process.env.BENCH_PARSE_RUNS ?? 100);
const FEED_URL = 'https://session.foundation/rss.xml';

/** A blog-like 500-item feed: titles with entities, links, guids, dates, a paragraph of description. */
export function bigFeed(items: number, now: Date): string {
  return rss(
    Array.from({ length: items }, (_, i) => ({
      title: `Session update ${i}: onion requests & “network” improvements <${i % 7}>`,
      link: `https://session.foundation/blog/update-${i}?utm_source=rss`,
      guid: `https://session.foundation/blog/update-${i}`,
      pubDate: new Date(now.getTime() - i * 3_600_000),
      description: `<p>Release notes for update ${i}. Session is an end-to-end encrypted messenger that minimises sensitive metadata.</p>`,
    })),
    { title: 'Session Technology Foundation', link: 'https://session.foundation' },
  );
}

export async function run(): Promise<BenchResult> {
  const began = Date.now();
  const now = new Date();
  const xml = bigFeed(ITEMS, now);
  const herald = async () => {
    const parsed = await parseFeed(xml, FEED_URL, now);
    if (parsed.items.length !== ITEMS) throw new Error(`parseFeed kept ${parsed.items.length} of ${ITEMS} items`);
  };
  const raw = async () => {
    const parsed = await new Parser().parseString(xml);
    if (parsed.items.length !== ITEMS) throw new Error(`rss-parser read ${parsed.items.length} of ${ITEMS} items`);
  };
  progress(ID, `${ITEMS}-item feed, ${(xml.length / 1024).toFixed(0)} KiB; ${WARMUP} warm-up and ${RUNS} measured parses each, interleaved`);
  for (let i = 0; i < WARMUP; i += 1) {
    await herald();
    await raw();
  }
  const heraldMs: number[] = [];
  const rawMs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    // Interleaved, alternating which goes first, so drifts of a noisy machine hit both alike.
    const order = i % 2 === 0 ? [herald, raw] : [raw, herald];
    for (const fn of order) {
      const start = performance.now();
      await fn();
      (fn === herald ? heraldMs : rawMs).push(performance.now() - start);
    }
    if ((i + 1) % 25 === 0) progress(ID, `${i + 1}/${RUNS} rounds`);
  }
  const h = summarize(heraldMs);
  const r = summarize(rawMs);
  const table = {
    title: `Parse of a ${ITEMS}-item RSS feed (${(xml.length / 1024).toFixed(0)} KiB), ms per parse, ${RUNS} runs each`,
    headers: ['parser', 'min', 'median', 'p99', 'max', 'per item (median)'],
    rows: [
      ['parseFeed (Herald)', fmt(h.min), fmt(h.median), fmt(h.p99), fmt(h.max), `${fmt((h.median / ITEMS) * 1000)} µs`],
      ['rss-parser parseString (baseline)', fmt(r.min), fmt(r.median), fmt(r.p99), fmt(r.max), `${fmt((r.median / ITEMS) * 1000)} µs`],
    ],
  };
  printTable(table);
  return {
    id: ID,
    title: 'Parsing',
    method: [
      `A ${ITEMS}-item RSS 2.0 feed built with \`test/fakes/feed-builders.ts\` \`rss()\` (titles with entities and markup, links with \`utm_*\`, guids, dates, descriptions), parsed in process by \`parseFeed\` (src/feed/parse-feed.ts: rss-parser, zod validation of every item, plain-text titles, link normalisation, newest-first sort) and, as the baseline, by a bare \`new Parser().parseString\` of rss-parser 3.13. ${WARMUP} warm-up parses each, then ${RUNS} measured parses each, interleaved and alternating order.`,
    ],
    results: [
      {
        metric: `parse of a ${ITEMS}-item feed (min / median / max)`,
        result: minMedMax(h, 'ms'),
        baseline: `rss-parser alone: ${minMedMax(r, 'ms')}`,
        ratio: ratio(h.median, r.median),
        target: 'none set (reported)',
        verdict: 'info',
      },
    ],
    tables: [table],
    notes: [
      `Herald's own work on top of rss-parser (validation, cleaning, sorting) costs ${fmt(h.median - r.median)} ms per ${ITEMS}-item parse at the median (${fmt(((h.median - r.median) / ITEMS) * 1000)} µs per item); a conditional GET that gets 304 skips the parse entirely (see the idle benchmark).`,
    ],
    durationMs: Date.now() - began,
  };
}

if (import.meta.main) await runStandalone(run);
