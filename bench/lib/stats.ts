/** Order statistics of a sample: what every benchmark figure is reported as. */
export interface Summary {
  n: number;
  min: number;
  median: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile (p in 0..100) of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n: 0, min: Number.NaN, median: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN };
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {
    n,
    min: sorted[0]!,
    median,
    p99: percentile(sorted, 99),
    max: sorted[n - 1]!,
    mean: sorted.reduce((sum, v) => sum + v, 0) / n,
  };
}

/** A number with a sensible number of digits for a table. */
export function fmt(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return '—';
  if (digits !== undefined) return value.toFixed(digits);
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** `median (p99 x)`, the form used for latency-like figures. */
export function medP99(s: Summary, unit: string): string {
  return `${fmt(s.median)} ${unit} (p99 ${fmt(s.p99)})`;
}

/** `min / median / max`, the form used for repeated whole runs. */
export function minMedMax(s: Summary, unit: string): string {
  return `${fmt(s.min)} / ${fmt(s.median)} / ${fmt(s.max)} ${unit}`;
}

/** `×1.23`: how many times the baseline. */
export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return '—';
  return `×${fmt(value / baseline)}`;
}

export const MB = 1024 * 1024;
