import { describe, expect, it } from 'vitest';
import { type LabelledMention, loadMentions, scoreMentions, scoreTable } from '../../bin/mention-corpus.ts';
import { classifyMention } from '../../src/core/mentions/classify-mention.ts';
import { LEXICONS } from '../../config/lexicons.ts';

/**
 * The classifier on the three frozen held-out files (never tuned on, never edited; heldout-2.tsv
 * and heldout-3.tsv were written by people who saw neither the rules nor the other corpora, and
 * heldout-3.tsv was frozen before the last round of training-only changes and scored once after it). Languages Herald has
 * no lexicon for are scored together as "(no lexicon)". Prints figures only, never the lines.
 *
 * Issue 12's gate — precision >= 0.97 and recall >= 0.92 overall, recall >= 0.85 in every
 * language — is NOT met yet (see test/fixtures/mentions/scores.md); it stays below as a todo,
 * and these tests are a ratchet at the figures measured when the lexicon classifier landed, so
 * a change that loses ground on unseen text fails here. Raise the floors as the figures rise;
 * never tune on these files to do it (write fresh training lines instead).
 */
const NO_LEXICON = '(no lexicon)';
const codes = new Set(LEXICONS.map((l) => l.code));

const FILES = [
  { file: 'heldout.tsv', perLanguage: 60, precision: 0.98, recall: 0.88 },
  { file: 'heldout-2.tsv', perLanguage: 40, precision: 0.96, recall: 0.81 },
  { file: 'heldout-3.tsv', perLanguage: 60, precision: 0.97, recall: 0.8 },
] as const;

for (const { file, perLanguage, precision, recall } of FILES) {
  describe(`classifyMention on held-out mentions (test/fixtures/mentions/${file})`, () => {
    const rows: LabelledMention[] = loadMentions(file).map((r) => (codes.has(r.lang) ? r : { ...r, lang: NO_LEXICON }));
    const scores = scoreMentions(rows, (text) => classifyMention(text).asksOfficial);
    const overall = scores.find((s) => s.lang === 'all')!;
    process.stdout.write(`${file}:\n${scoreTable(scores)}\n`);

    it(`holds at least ${perLanguage} lines per language, half of them questions`, () => {
      for (const code of codes) {
        const lines = rows.filter((r) => r.lang === code);
        expect(lines.length, code).toBeGreaterThanOrEqual(perLanguage);
        expect(lines.filter((r) => r.label === 1).length, code).toBeGreaterThanOrEqual(lines.length / 2 - 2);
      }
    });

    it(`keeps the ground it has: precision >= ${precision}, recall >= ${recall} overall (measured when it landed)`, () => {
      expect(overall.precision).toBeGreaterThanOrEqual(precision);
      expect(overall.recall).toBeGreaterThanOrEqual(recall);
    });

    it.todo("issue 12's gate: precision >= 0.97 and recall >= 0.92 overall, recall >= 0.85 in every language");
  });
}
