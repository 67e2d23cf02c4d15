import { readdirSync, readFileSync } from 'node:fs';
import { explainMention } from '../src/core/mentions/classify-mention.ts';
import type { MentionModel } from '../src/core/mentions/mention-model.ts';

/** One labelled mention from a fixture file (`label<TAB>lang<TAB>text`, `#` comments). */
export interface LabelledMention {
  label: 0 | 1;
  lang: string;
  text: string;
}

/**
 * The training files: what the lexicons and the model may be tuned on (corpus.tsv and train-*.tsv).
 * Every other file there is held out (heldout*.tsv) and is only ever scored.
 */
export function trainingFiles(): string[] {
  return readdirSync(new URL('../test/fixtures/mentions/', import.meta.url))
    .filter((f) => f === 'corpus.tsv' || /^train-[\w-]+\.tsv$/u.test(f))
    .sort();
}

/** A model that never answers: with it, explainMention's `decidedBy` is the lexicon rules' own answer. */
const NO_MODEL: MentionModel = { bits: 1, bias: 0, threshold: 0.5, aloneThreshold: 0.5, scale: 1, weights: new Float32Array(2) };

/** The lexicon rules' own answer, without the model (bin/score-mentions.ts --rules, the trainer's "rules alone"). */
export function rulesSay(text: string): boolean {
  return explainMention(text, NO_MODEL).signals.decidedBy !== 'none';
}

/** Read a labelled mention file from test/fixtures/mentions/ (training, held-out and scoring scripts). */
export function loadMentions(file: string): LabelledMention[] {
  const raw = readFileSync(new URL(`../test/fixtures/mentions/${file}`, import.meta.url), 'utf8');
  const rows: LabelledMention[] = [];
  for (const line of raw.split('\n')) {
    const [label, lang, ...rest] = line.split('\t');
    if ((label !== '0' && label !== '1') || lang === undefined) continue;
    rows.push({ label: label === '1' ? 1 : 0, lang, text: rest.join('\t') });
  }
  return rows;
}

export interface Score {
  lang: string;
  n: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/** Precision and recall per language and overall ("all") of a yes/no classifier. */
export function scoreMentions(rows: readonly LabelledMention[], asks: (text: string) => boolean): Score[] {
  const byLang = new Map<string, LabelledMention[]>();
  for (const row of rows) byLang.set(row.lang, [...(byLang.get(row.lang) ?? []), row]);
  const langs = [...byLang.keys()].sort();
  return [...langs.map((lang) => scoreOf(lang, byLang.get(lang) ?? [], asks)), scoreOf('all', rows, asks)];
}

function scoreOf(lang: string, rows: readonly LabelledMention[], asks: (text: string) => boolean): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const row of rows) {
    const got = asks(row.text);
    if (got && row.label === 1) tp++;
    else if (got) fp++;
    else if (row.label === 1) fn++;
  }
  return { lang, n: rows.length, tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

/** The scores as a Markdown table. */
export function scoreTable(scores: readonly Score[]): string {
  const lines = ['| lang | n | tp | fp | fn | precision | recall |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const s of scores) {
    lines.push(`| ${s.lang} | ${s.n} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} |`);
  }
  return lines.join('\n');
}
