// Train and cross-validate a character n-gram logistic regression on the TRAIN mentions only
// (corpus.tsv, train-extra.tsv, train-more.tsv), and measure whether it helps the lexicon rules:
//   node bin/train-mention-model.ts            (5-fold cross-validation table)
// Deterministic: a fixed seed orders the folds and the stochastic gradient steps. The measured
// answer (test/fixtures/mentions/scores.md) was no: beside the rules it costs precision for the
// recall it adds, so Herald ships no model; run this again when the corpus grows.
import { classifyMention } from '../src/core/mentions/classify-mention.ts';
import { mentionClauses } from '../src/core/mentions/mention-clauses.ts';
import { type LabelledMention, loadMentions } from './mention-corpus.ts';

const BUCKETS = 1 << 14;
const EPOCHS = 12;
const RATE = 0.2;
const L2 = 1e-5;
const FOLDS = 5;
const SEED = 12;

/** Hashed character 2–4-grams of the normalised mention (FNV-1a). */
function features(text: string): number[] {
  const { clauses } = mentionClauses(text);
  const s = ` ${clauses.map((c) => `${c.text}${c.marked ? ' ?' : ''}`).join(' | ')} `;
  const out = new Set<number>();
  for (let n = 2; n <= 4; n++) {
    for (let i = 0; i + n <= s.length; i++) {
      let h = 2166136261 ^ n;
      for (let j = i; j < i + n; j++) h = Math.imul(h ^ s.charCodeAt(j), 16777619);
      out.add((h >>> 0) % BUCKETS);
    }
  }
  return [...out];
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Model {
  bias: number;
  weights: Float64Array;
}

function train(rows: readonly LabelledMention[], seed: number): Model {
  const next = random(seed);
  const data = rows.map((r) => ({ x: features(r.text), y: r.label }));
  const model: Model = { bias: 0, weights: new Float64Array(BUCKETS) };
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const { x, y } of shuffled(data, next)) {
      const p = score(model, x);
      const g = (p - y) * RATE;
      model.bias -= g;
      for (const f of x) model.weights[f] = model.weights[f]! * (1 - L2) - g;
    }
  }
  return model;
}

function score(model: Model, x: readonly number[]): number {
  let z = model.bias;
  for (const f of x) z += model.weights[f]!;
  return 1 / (1 + Math.exp(-z));
}

function prf(pairs: ReadonlyArray<{ got: boolean; want: boolean }>): string {
  const tp = pairs.filter((p) => p.got && p.want).length;
  const fp = pairs.filter((p) => p.got && !p.want).length;
  const fn = pairs.filter((p) => !p.got && p.want).length;
  return `P ${(tp / Math.max(1, tp + fp)).toFixed(3)} R ${(tp / Math.max(1, tp + fn)).toFixed(3)} (fp ${fp}, fn ${fn})`;
}

const rows = ['corpus.tsv', 'train-extra.tsv', 'train-more.tsv'].flatMap((f) => loadMentions(f));
const order = shuffled(rows, random(SEED));
const results: Array<{ want: boolean; rules: boolean; p: number }> = [];
for (let k = 0; k < FOLDS; k++) {
  const test = order.filter((_, i) => i % FOLDS === k);
  const model = train(
    order.filter((_, i) => i % FOLDS !== k),
    SEED + k,
  );
  for (const r of test) results.push({ want: r.label === 1, rules: classifyMention(r.text).asksOfficial, p: score(model, features(r.text)) });
}
const lines = [`${FOLDS}-fold cross-validation on ${rows.length} train mentions (the rules were tuned on all of them: their figure is optimistic)`];
lines.push(`rules alone:                 ${prf(results.map((r) => ({ got: r.rules, want: r.want })))}`);
for (const t of [0.5, 0.8, 0.9, 0.95, 0.98]) {
  lines.push(`model alone (p >= ${t}):      ${prf(results.map((r) => ({ got: r.p >= t, want: r.want })))}`);
  lines.push(`rules or model (p >= ${t}):   ${prf(results.map((r) => ({ got: r.rules || r.p >= t, want: r.want })))}`);
}
for (const t of [0.02, 0.05, 0.1]) {
  lines.push(`rules unless model p < ${t}:  ${prf(results.map((r) => ({ got: r.rules && r.p >= t, want: r.want })))}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
