import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyMention } from '../../src/core/mentions/classify-mention.ts';

interface Row {
  label: 0 | 1;
  lang: string;
  text: string;
}

const LANGUAGES = ['en', 'es', 'pt', 'fr', 'de', 'it', 'ru', 'tr', 'zh', 'ja'];

function loadCorpus(): Row[] {
  const raw = readFileSync(new URL('../fixtures/mentions/corpus.tsv', import.meta.url), 'utf8');
  const rows: Row[] = [];
  for (const line of raw.split('\n')) {
    const [label, lang, ...rest] = line.split('\t');
    if ((label !== '0' && label !== '1') || lang === undefined) continue;
    rows.push({ label: label === '1' ? 1 : 0, lang, text: rest.join('\t') });
  }
  return rows;
}

describe('classifyMention over the labelled corpus', () => {
  const rows = loadCorpus();
  const results = rows.map((row) => ({ row, got: classifyMention(row.text) }));
  const tp = results.filter((r) => r.row.label === 1 && r.got.asksOfficial).length;
  const fp = results.filter((r) => r.row.label === 0 && r.got.asksOfficial).length;
  const fn = results.filter((r) => r.row.label === 1 && !r.got.asksOfficial).length;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);

  it('is a corpus of at least 240 mentions covering all ten languages', () => {
    expect(rows.length).toBeGreaterThanOrEqual(240);
    for (const lang of LANGUAGES) {
      expect(rows.filter((r) => r.lang === lang && r.label === 1).length, lang).toBeGreaterThan(5);
      expect(rows.filter((r) => r.lang === lang && r.label === 0).length, lang).toBeGreaterThan(5);
    }
  });

  it('has precision >= 0.97 and recall >= 0.90', () => {
    const misses = results
      .filter((r) => r.got.asksOfficial !== (r.row.label === 1))
      .map((r) => `${r.row.label ? 'FN' : 'FP'} ${r.row.lang} ${r.row.text}`);
    process.stdout.write(
      `corpus: ${rows.length} mentions, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (tp ${tp}, fp ${fp}, fn ${fn})\n${misses.join('\n')}\n`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('detects the language of at least 95% of the mentions', () => {
    const wrong = results.filter((r) => r.got.language !== r.row.lang);
    const accuracy = 1 - wrong.length / rows.length;
    process.stdout.write(
      `language detection accuracy ${accuracy.toFixed(3)}\n${wrong.map((r) => `${r.row.lang}->${r.got.language} ${r.row.text}`).join('\n')}\n`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
