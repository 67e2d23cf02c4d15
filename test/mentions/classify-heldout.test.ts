import { describe, expect, it } from 'vitest';
import { type LabelledMention, loadMentions, scoreMentions, scoreTable } from '../../bin/mention-corpus.ts';
import { LEXICONS } from '../../config/lexicons.ts';
import { classifyMention } from '../../src/core/mentions/classify-mention.ts';

/**
 * The classifier on labelled mentions nothing was tuned on (never edited; written by people who
 * saw neither the rules nor the other corpora). Languages Herald has no lexicon for are scored
 * together as "(no lexicon)". Prints figures only, never the lines.
 *
 * - heldout.tsv and heldout-2.tsv were scored while the rules were built and chose the model's
 *   thresholds: they are development files now.
 * - heldout-3.tsv and heldout-{4,5,6}-*.tsv are held out. heldout-6 was frozen before the last
 *   round of training and scored once, after it: the clean figure. The older ones were each scored
 *   once by an earlier model, and their figures steered where fresh training text was written (see
 *   test/fixtures/mentions/scores.md). Never tune on them; write fresh training lines instead.
 *
 * Issue 12's gate: precision >= 0.97 and recall >= 0.92 overall, recall >= 0.85 in every language
 * with a lexicon. The floors below it are the figures measured when the model landed (a ratchet).
 */
const NO_LEXICON = '(no lexicon)';
const codes = new Set(LEXICONS.map((l) => l.code));
const GATE = { precision: 0.97, recall: 0.92, perLanguage: 0.85 };

interface HeldOutSet {
  name: string;
  files: string[];
  perLanguage: number;
  precision: number;
  recall: number;
  /** Measured against issue 12's gate (it is met there). */
  gate?: true;
  /** Where the gate is not met yet: what was measured (asserted as a floor instead). */
  short?: { lowest: number; said: string };
}

const parts = (name: string, groups: string) => [...groups].map((g) => `${name}-${g}.tsv`);
const SETS: HeldOutSet[] = [
  { name: 'heldout.tsv (development)', files: ['heldout.tsv'], perLanguage: 60, precision: 0.98, recall: 0.97 },
  { name: 'heldout-2.tsv (development)', files: ['heldout-2.tsv'], perLanguage: 40, precision: 0.98, recall: 0.92 },
  {
    name: 'heldout-3.tsv',
    files: ['heldout-3.tsv'],
    perLanguage: 60,
    precision: 0.98,
    recall: 0.9,
    short: { lowest: 0.75, said: 'recall 0.915 overall; es 0.833, ko 0.800' },
  },
  { name: 'heldout-4', files: parts('heldout-4', 'abcd'), perLanguage: 64, precision: 0.98, recall: 0.95, gate: true },
  { name: 'heldout-5', files: parts('heldout-5', 'efgh'), perLanguage: 64, precision: 0.98, recall: 0.95, gate: true },
  { name: 'heldout-6', files: parts('heldout-6', 'ijkl'), perLanguage: 64, precision: 0.98, recall: 0.97, gate: true },
];

for (const set of SETS) {
  describe(`classifyMention on held-out mentions: ${set.name}`, () => {
    const rows: LabelledMention[] = set.files.flatMap((f) => loadMentions(f)).map((r) => (codes.has(r.lang) ? r : { ...r, lang: NO_LEXICON }));
    const scores = scoreMentions(rows, (text) => classifyMention(text).asksOfficial);
    const overall = scores.find((s) => s.lang === 'all')!;
    const byLanguage = scores.filter((s) => codes.has(s.lang));
    process.stdout.write(`${set.name}:\n${scoreTable(scores)}\n`);

    it(`holds at least ${set.perLanguage} lines per language, half of them questions`, () => {
      for (const code of codes) {
        const lines = rows.filter((r) => r.lang === code);
        expect(lines.length, code).toBeGreaterThanOrEqual(set.perLanguage);
        expect(lines.filter((r) => r.label === 1).length, code).toBeGreaterThanOrEqual(lines.length / 2 - 2);
      }
    });

    it(`keeps the ground it has: precision >= ${set.precision}, recall >= ${set.recall} overall`, () => {
      expect(overall.precision).toBeGreaterThanOrEqual(set.precision);
      expect(overall.recall).toBeGreaterThanOrEqual(set.recall);
    });

    if (set.gate) {
      it(`meets issue 12's gate: precision >= ${GATE.precision} and recall >= ${GATE.recall} overall, recall >= ${GATE.perLanguage} in every language`, () => {
        expect(overall.precision).toBeGreaterThanOrEqual(GATE.precision);
        expect(overall.recall).toBeGreaterThanOrEqual(GATE.recall);
        expect(byLanguage).toHaveLength(codes.size);
        for (const s of byLanguage) expect(s.recall, s.lang).toBeGreaterThanOrEqual(GATE.perLanguage);
      });
    }
    if (set.short !== undefined) {
      const { lowest, said } = set.short;
      it(`recall >= ${lowest} in every language (the lowest measured)`, () => {
        for (const s of byLanguage) expect(s.recall, s.lang).toBeGreaterThanOrEqual(lowest);
      });
      it.todo(`issue 12's gate on ${set.name} (${said} when the model landed)`);
    }
  });
}
