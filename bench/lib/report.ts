import { writeFileSync } from 'node:fs';
import os from 'node:os';

/** One line of the "results against targets" table of BENCHMARKS.md. */
export interface ResultRow {
  metric: string;
  result: string;
  baseline: string;
  /** Result relative to the baseline, measured in the same run. */
  ratio: string;
  target: string;
  /** `met` / `missed` against the target; `info` where the issue sets none. */
  verdict: 'met' | 'missed' | 'info';
}

export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
}

export interface BenchResult {
  id: string;
  title: string;
  /** How it was measured (markdown paragraphs). */
  method: string[];
  results: ResultRow[];
  tables: Table[];
  /** Findings: why a target is missed and what would close it, noise, caveats (markdown). */
  notes: string[];
  durationMs: number;
  /** 1-minute load average of the machine when the benchmark started and ended (other work included). */
  load?: { before: number; after: number };
}

const started = Date.now();

/** A progress line on stdout, prefixed with the benchmark and the seconds since it started. */
export function progress(id: string, message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${id} ${seconds}s] ${message}\n`);
}

/** A table as aligned plain text, for the console. */
export function tableText(table: Table): string {
  const widths = table.headers.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [`  ${table.title}`, `  ${line(table.headers)}`, `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`, ...table.rows.map((r) => `  ${line(r)}`)].join(
    '\n',
  );
}

/** A table as GitHub markdown. */
export function tableMarkdown(table: Table, withTitle = true): string {
  const cellText = (cell: string) => cell.replaceAll('|', '\\|');
  const lines = [
    `| ${table.headers.map(cellText).join(' | ')} |`,
    `| ${table.headers.map(() => '---').join(' | ')} |`,
    ...table.rows.map((r) => `| ${r.map(cellText).join(' | ')} |`),
  ];
  return (withTitle ? `**${table.title}**\n\n` : '') + lines.join('\n');
}

export const RESULT_HEADERS = ['metric', 'result', 'baseline (same run)', 'ratio', 'target', 'verdict'];

export function resultTable(title: string, rows: ResultRow[]): Table {
  const mark = { met: 'met', missed: '**missed**', info: '—' } as const;
  return { title, headers: RESULT_HEADERS, rows: rows.map((r) => [r.metric, r.result, r.baseline, r.ratio, r.target, mark[r.verdict]]) };
}

/** Prints a table as it is produced, so long runs show their figures before they end. */
export function printTable(table: Table): void {
  process.stdout.write(`\n${tableText(table)}\n\n`);
}

/**
 * What every benchmark script does when run by itself: print its results, and when run by
 * bench/run-all.ts (BENCH_RESULT_FILE set) hand them over as JSON.
 */
export async function runStandalone(run: () => Promise<BenchResult>): Promise<void> {
  try {
    const loadBefore = os.loadavg()[0]!;
    const result = await run();
    result.load = { before: loadBefore, after: os.loadavg()[0]! };
    printTable(resultTable(`${result.title}: results`, result.results));
    for (const note of result.notes) process.stdout.write(`  note: ${note}\n`);
    process.stdout.write(`  machine load (1-min average, ${os.availableParallelism()} cores): ${result.load.before.toFixed(2)} at start, ${result.load.after.toFixed(2)} at end\n`);
    const file = process.env.BENCH_RESULT_FILE;
    if (file) writeFileSync(file, JSON.stringify(result, null, 2));
    process.exitCode = 0;
  } catch (error) {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    // Leftover sockets of the fakes or clients must not keep a finished benchmark alive.
    setTimeout(() => process.exit(), 200).unref();
  }
}
