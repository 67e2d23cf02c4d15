/**
 * `herald verify`'s rules scored on the two frozen held-out sets (written without reading the
 * verifier, never edited): no "official" for anything that is not, and high accuracy overall.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { parseSubject } from '../../src/core/mentions/parse-subject.ts';
import { verifySubject } from '../../src/core/mentions/verify-subject.ts';

function score(file: string) {
  const rows = readFileSync(new URL(`../fixtures/verify/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('expected\t'))
    .map((line) => line.split('\t') as [string, string, string]);
  const results = rows.map(([expected, input]) => ({
    expected,
    input,
    got: verifySubject(parseSubject(input) ?? { kind: 'unverifiable', why: 'unreadable' }, DEFAULT_OFFICIAL_CHANNELS).verdict,
  }));
  const wrong = results.filter((r) => r.got !== r.expected);
  return { rows: rows.length, results, wrong, accuracy: 1 - wrong.length / rows.length };
}

describe.each(['heldout.tsv', 'heldout-2.tsv'])('verify on the frozen held-out set %s', (file) => {
  const { rows, results, wrong, accuracy } = score(file);

  it('is a real set: at least 150 cases, half of them tricks', () => {
    expect(rows).toBeGreaterThanOrEqual(150);
    expect(results.filter((r) => r.expected !== 'official').length).toBeGreaterThanOrEqual(rows / 2);
  });

  it('never says "official" about anything that is not', () => {
    const vouched = results.filter((r) => r.got === 'official' && r.expected !== 'official');
    expect(vouched.map((r) => `${r.expected}: ${r.input}`)).toEqual([]);
  });

  it('gets at least 95% of the verdicts right', () => {
    process.stdout.write(`${file}: ${rows} cases, accuracy ${accuracy.toFixed(3)}\n${wrong.map((r) => `  ${r.expected} -> ${r.got}  ${r.input}`).join('\n')}\n`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
