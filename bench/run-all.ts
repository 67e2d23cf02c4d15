/**
 * `npm run bench`: runs every benchmark, each in a process of its own (so that one's memory,
 * handles and JIT state do not colour the next), prints their tables as they go, and writes
 * BENCHMARKS.md.
 *
 *   node bench/run-all.ts                 # all, writes BENCHMARKS.md
 *   node bench/run-all.ts latency idle    # some, writes BENCHMARKS.md with only those
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type MachineInfo, machineInfo, ROOT } from './lib/machine.ts';
import { type BenchResult, resultTable, tableMarkdown } from './lib/report.ts';
import { fmt, MB } from './lib/stats.ts';

interface Bench {
  id: string;
  file: string;
  /** Hard limit for the benchmark's process; its own caps keep it well below. */
  timeoutSeconds: number;
}

/** In the order of the issue's list is how BENCHMARKS.md presents them; they run lightest first. */
const BENCHES: Bench[] = [
  { id: 'parse', file: 'parse.ts', timeoutSeconds: 60 },
  { id: 'startup', file: 'startup.ts', timeoutSeconds: 300 },
  { id: 'idle', file: 'idle.ts', timeoutSeconds: 90 },
  { id: 'latency', file: 'latency.ts', timeoutSeconds: 120 },
  { id: 'throughput', file: 'throughput.ts', timeoutSeconds: 600 },
  // Light on the machine but long: it waits for real 30-second polls (24 items, ~6 minutes).
  { id: 'delivery', file: 'delivery.ts', timeoutSeconds: 900 },
];
const PRESENTATION = ['delivery', 'latency', 'idle', 'throughput', 'startup', 'parse'];

interface Outcome {
  bench: Bench;
  result?: BenchResult;
  error?: string;
  wallMs: number;
}

async function runOne(bench: Bench, dir: string): Promise<Outcome> {
  const resultFile = path.join(dir, `${bench.id}.json`);
  const start = Date.now();
  // Its own process group, so that a timeout also stops what it started (herald, fakes' hosts).
  const child = spawn(process.execPath, [path.join(ROOT, 'bench', bench.file)], {
    cwd: ROOT,
    env: { ...process.env, BENCH_RESULT_FILE: resultFile },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, bench.timeoutSeconds * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  const wallMs = Date.now() - start;
  if (timedOut) return { bench, wallMs, error: `stopped after ${bench.timeoutSeconds} s (time limit)` };
  try {
    return { bench, wallMs, result: JSON.parse(readFileSync(resultFile, 'utf8')) as BenchResult };
  } catch {
    return { bench, wallMs, error: `exited with code ${code} without a result (see the console output)` };
  }
}

function markdown(machine: MachineInfo, outcomes: Outcome[], totalMs: number, startedAt: Date): string {
  const ordered = [...outcomes].sort((a, b) => PRESENTATION.indexOf(a.bench.id) - PRESENTATION.indexOf(b.bench.id));
  const lines: string[] = [];
  lines.push('# Benchmarks', '');
  lines.push(
    `Written by \`npm run bench\` (bench/run-all.ts) on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; do not edit by hand: change bench/ and run it again. Every figure that compares comes with its baseline measured in the same run, on the same machine, and the ratio between them; each benchmark also runs alone (\`node bench/<name>.ts\`).`,
    '',
  );
  lines.push('## Machine', '');
  lines.push('| | |', '| --- | --- |');
  lines.push(`| CPU | ${machine.cpuModel}, ${machine.cores} cores |`);
  lines.push(`| memory | ${machine.memoryGiB} GiB |`);
  lines.push(`| OS | ${machine.os} |`);
  lines.push(`| Node | ${machine.node} |`);
  lines.push(`| Redis | ${machine.redis} on 127.0.0.1:6379, shared with other work (${machine.redisBackground}) |`);
  lines.push(
    `| code measured | commit ${machine.commit}${machine.uncommitted.length > 0 ? `, plus uncommitted changes in the working tree: ${machine.uncommitted.map((f) => `\`${f}\``).join(', ')}` : ''} |`,
  );
  lines.push(`| suite | ${fmt(totalMs / 1000)} s in all |`);
  lines.push(
    `| machine load | 1-minute load average at the start → end of each benchmark (${machine.cores} cores; other people's work included): ${ordered
      .filter((o) => o.result?.load)
      .map((o) => `${o.bench.id} ${o.result!.load!.before.toFixed(1)} → ${o.result!.load!.after.toFixed(1)}`)
      .join(', ')} |`,
  );
  lines.push('');

  lines.push('## Results against targets', '');
  const rows = ordered.flatMap((o) =>
    o.result
      ? o.result.results.map((r) => ({ ...r, metric: `${o.result!.title}: ${r.metric}` }))
      : [{ metric: `${o.bench.id}: not measured`, result: o.error ?? '', baseline: '', ratio: '', target: '', verdict: 'missed' as const }],
  );
  lines.push(tableMarkdown(resultTable('Results against targets', rows), false), '');
  const missed = rows.filter((r) => r.verdict === 'missed');
  if (missed.length > 0) {
    lines.push(
      `${missed.length} of ${rows.filter((r) => r.verdict !== 'info').length} targets missed: ${missed.map((r) => r.metric).join('; ')}. The section of each benchmark below says what was measured as the cause and what would close it.`,
      '',
    );
  }

  for (const [index, o] of ordered.entries()) {
    const title = o.result?.title ?? o.bench.id;
    lines.push(`## ${index + 1}. ${title}`, '');
    if (!o.result) {
      lines.push(`Not measured: ${o.error}.`, '');
      continue;
    }
    lines.push(`\`node bench/${o.bench.file}\` — ${fmt(o.result.durationMs / 1000)} s.`, '');
    for (const paragraph of o.result.method) lines.push(paragraph, '');
    lines.push(tableMarkdown(resultTable('Results', o.result.results)), '');
    for (const table of o.result.tables) lines.push(tableMarkdown(table), '');
    if (o.result.notes.length > 0) {
      lines.push('**Findings**', '');
      for (const note of o.result.notes) lines.push(`- ${note}`);
      lines.push('');
    }
  }

  lines.push('## Running', '');
  lines.push(
    'Needs Redis on 127.0.0.1:6379 (shared use is fine: every benchmark works under a prefix of its own, `bench-<name>-<uuid>`, and deletes its keys at the end) and Node 24. Only 127.0.0.1 is contacted; every loop is bounded in count and time.',
    '',
    '```sh',
    'npm run bench                  # everything (about 10 minutes: delivery waits for real 30-s polls), rewrites BENCHMARKS.md',
    'node bench/run-all.ts idle     # some of them; BENCHMARKS.md then holds only those',
    'node bench/latency.ts          # one, tables on the console only',
    '```',
    '',
    'Knobs (environment): `BENCH_DELIVERY_ITEMS` (24), `BENCH_DELIVERY_SEED` (random, printed), `BENCH_LATENCY_ITEMS` (200), `BENCH_LATENCY_FEEDS` (2), `BENCH_IDLE_POLLS` (100), `BENCH_IDLE_SERVICE_SECONDS` (12), `BENCH_THROUGHPUT_ITEMS` (10000), `BENCH_THROUGHPUT_CAP_SECONDS` (120, per run), `BENCH_THROUGHPUT_HEAP_FLAGS_ITEMS` (3000), `BENCH_THROUGHPUT_PROFILE_ITEMS` (3000), `BENCH_STARTUP_RUNS` (8), `BENCH_PARSE_RUNS` (100).',
    '',
  );
  return `${lines.join('\n').trimEnd()}\n`;
}

const selected = process.argv.slice(2);
const benches = selected.length === 0 ? BENCHES : BENCHES.filter((b) => selected.includes(b.id));
if (benches.length === 0) {
  process.stderr.write(`unknown benchmark(s) ${selected.join(', ')}; known: ${BENCHES.map((b) => b.id).join(', ')}\n`);
  process.exit(2);
}
const startedAt = new Date();
const began = Date.now();
const machine = await machineInfo();
process.stdout.write(
  `Herald benchmarks on ${machine.cpuModel} × ${machine.cores}, ${machine.memoryGiB} GiB, Node ${machine.node}, Redis ${machine.redis}; free memory ${fmt(os.freemem() / MB)} MB\n`,
);
const dir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-'));
const outcomes: Outcome[] = [];
try {
  for (const bench of benches) {
    process.stdout.write(`\n=== ${bench.id} ===\n`);
    const outcome = await runOne(bench, dir);
    outcomes.push(outcome);
    if (outcome.error) process.stdout.write(`!!! ${bench.id}: ${outcome.error}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const totalMs = Date.now() - began;
writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), markdown(machine, outcomes, totalMs, startedAt));
process.stdout.write(`\nBENCHMARKS.md written (${fmt(totalMs / 1000)} s in all).\n`);
process.exitCode = outcomes.some((o) => o.error) ? 1 : 0;
