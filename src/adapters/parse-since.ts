import { OperatorError } from '../core/operate/operator-error.ts';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `--since` / `?since=`: a duration back from now (`30m`, `12h`, `7d`) or a date (`2026-03-01`,
 * `2026-03-01T10:00:00Z`), as epoch ms. Absent: everything kept.
 */
export function parseSince(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  const duration = /^(\d+)\s*([mhd])$/i.exec(text);
  if (duration) return now - Number(duration[1]) * UNITS[duration[2]!.toLowerCase()]!;
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new OperatorError(`since must be a duration such as 30m, 12h or 7d, or a date such as 2026-03-01 (got "${text}")`);
  return at;
}
