import { describe, expect, it } from 'vitest';
import { loadMentions, scoreMentions, scoreTable, trainingFiles } from '../../bin/mention-corpus.ts';
import { classifyMention } from '../../src/core/mentions/classify-mention.ts';

const LANGUAGES = ['en', 'es', 'pt', 'fr', 'de', 'it', 'ru', 'tr', 'zh', 'ja', 'ko', 'vi', 'id', 'uk', 'pl', 'ar'];

/** The training lines: what the lexicons and the model may be tuned on (the held-out files are scored by classify-heldout.test.ts). */
const TRAIN = trainingFiles();

describe('classifyMention over the training corpus', () => {
  const rows = TRAIN.flatMap((file) => loadMentions(file));
  const results = rows.map((row) => ({ row, got: classifyMention(row.text) }));
  const scores = scoreMentions(rows, (text) => classifyMention(text).asksOfficial);
  const overall = scores.find((s) => s.lang === 'all')!;

  it('is a training corpus of at least 1,400 mentions covering all sixteen languages', () => {
    expect(rows.length).toBeGreaterThanOrEqual(1_400);
    for (const lang of LANGUAGES) {
      expect(rows.filter((r) => r.lang === lang && r.label === 1).length, lang).toBeGreaterThan(15);
      expect(rows.filter((r) => r.lang === lang && r.label === 0).length, lang).toBeGreaterThan(15);
    }
  });

  it('has precision >= 0.97 and recall >= 0.90', () => {
    const misses = results
      .filter((r) => r.got.asksOfficial !== (r.row.label === 1))
      .map((r) => `${r.row.label ? 'FN' : 'FP'} ${r.row.lang} ${r.row.text}`);
    process.stdout.write(`train:\n${scoreTable(scores)}\n${misses.join('\n')}\n`);
    expect(overall.precision).toBeGreaterThanOrEqual(0.97);
    expect(overall.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('detects the language of at least 95% of the mentions (the reply is written in it)', () => {
    const wrong = results.filter((r) => r.got.language !== r.row.lang);
    const accuracy = 1 - wrong.length / rows.length;
    process.stdout.write(
      `language detection accuracy ${accuracy.toFixed(3)}\n${wrong.map((r) => `${r.row.lang}->${r.got.language} ${r.row.text}`).join('\n')}\n`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
