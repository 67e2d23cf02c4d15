// Train the mention classifier's model (src/core/mentions/mention-model.ts) on the TRAINING
// mentions only (test/fixtures/mentions/corpus.tsv and train-*.tsv) and measure it:
//   node bin/train-mention-model.ts                       leave-one-round-out figures on the training files
//                                                         (a round's files are left out together), and
//                                                         figures on the development files
//   node bin/train-mention-model.ts --errors              the same, and the training lines the left-out model got wrong
//   node bin/train-mention-model.ts --write               train on every training file, write config/mention-model.{json,weights}
// The development files (heldout.tsv, heldout-2.tsv) were scored while the rules were built, so
// they are no longer held out: they chose the two thresholds (THRESHOLD with the rules' yes,
// ALONE_THRESHOLD without it). heldout-3.tsv and heldout-{4,5,6}-*.tsv are never read here (score
// them with bin/score-mentions.ts, once each, after the work they measure). Deterministic: fixed seeds.
import { writeFileSync } from 'node:fs';
import { encodeMentionModel } from '../config/mention-model.ts';
import { mentionModelFeatures } from '../src/core/mentions/classify-mention.ts';
import { featureIndex, type MentionModel } from '../src/core/mentions/mention-model.ts';
import { type LabelledMention, loadMentions, trainingFiles } from './mention-corpus.ts';

const BITS = 18;
const EPOCHS = 15;
const RATE = 0.1;
const L2 = 1e-6;
const SEEDS = [12, 13, 14, 15, 16];
const THRESHOLDS = [0.5, 0.8, 0.9, 0.93, 0.95, 0.97, 0.99];
const WITH_RULES = [0.3, 0.5, 0.7, 0.9];
const ALONE = [0.97, 0.99, 0.995];
const DEV = ['heldout.tsv', 'heldout-2.tsv'];
/** Chosen on the development files (test/fixtures/mentions/scores.md): the best recall with precision above 0.98 there. */
const THRESHOLD = 0.5;
const ALONE_THRESHOLD = 0.99;

const TRAIN = trainingFiles();

interface Example {
  x: number[];
  y: number;
  file: string;
  lang: string;
  /** The lexicon rules' own answer. */
  rules: boolean;
  text: string;
}

/** A mention as the model reads it: its hashed features, and the rules' answer (the `s:rules` feature), read once. */
function read(r: LabelledMention, file: string): Example {
  const features = mentionModelFeatures(r.text);
  return { x: features.map((f) => featureIndex(f, BITS)), y: r.label, file, lang: r.lang, rules: features.includes('s:rules'), text: r.text };
}

function examples(files: readonly string[]): Example[] {
  return files.flatMap((file) => loadMentions(file).map((r) => read(r, file)));
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

function probability(bias: number, weights: ArrayLike<number>, x: readonly number[]): number {
  let z = bias;
  for (const f of x) z += weights[f]!;
  return 1 / (1 + Math.exp(-z));
}

/** Logistic regression by AdaGrad, one model per seed, averaged (the average of logistic models is one logistic model). */
function train(data: readonly Example[]): MentionModel {
  const weights = new Float32Array(2 ** BITS);
  let bias = 0;
  for (const seed of SEEDS) {
    const next = random(seed);
    const w = new Float64Array(2 ** BITS);
    const g2 = new Float64Array(2 ** BITS).fill(1e-8);
    let b = 0;
    let gb = 1e-8;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      for (const { x, y } of shuffled(data, next)) {
        const g = probability(b, w, x) - y;
        gb += g * g;
        b -= (RATE * g) / Math.sqrt(gb);
        for (const f of x) {
          const gf = g + L2 * w[f]!;
          g2[f]! += gf * gf;
          w[f]! -= (RATE * gf) / Math.sqrt(g2[f]!);
        }
      }
    }
    bias += b / SEEDS.length;
    for (const [i, v] of w.entries()) weights[i]! += v / SEEDS.length;
  }
  return { bits: BITS, bias, threshold: THRESHOLD, aloneThreshold: ALONE_THRESHOLD, scale: 1, weights };
}

function prf(pairs: ReadonlyArray<{ got: boolean; want: boolean; lang: string }>): string {
  const tp = pairs.filter((p) => p.got && p.want).length;
  const fp = pairs.filter((p) => p.got && !p.want).length;
  const fn = pairs.filter((p) => !p.got && p.want).length;
  const langs = [...new Set(pairs.map((p) => p.lang))].filter((l) => pairs.filter((p) => p.lang === l && p.want).length >= 10);
  const recall = (l: string) => pairs.filter((p) => p.lang === l && p.want && p.got).length / pairs.filter((p) => p.lang === l && p.want).length;
  const worst = langs.map((l) => ({ l, r: recall(l) })).sort((a, b) => a.r - b.r).slice(0, 3);
  return `P ${(tp / Math.max(1, tp + fp)).toFixed(3)} R ${(tp / Math.max(1, tp + fn)).toFixed(3)} (fp ${fp}, fn ${fn}; lowest recall ${worst.map((w) => `${w.l} ${w.r.toFixed(2)}`).join(', ')})`;
}

function decide(s: { p: number; rules: boolean }, withRules = THRESHOLD, alone = ALONE_THRESHOLD): boolean {
  return s.p >= (s.rules ? withRules : alone);
}

function table(title: string, scored: ReadonlyArray<{ p: number; rules: boolean; want: boolean; lang: string }>): string[] {
  const lines = [title, `  rules alone          ${prf(scored.map((s) => ({ got: s.rules, want: s.want, lang: s.lang })))}`];
  for (const t of THRESHOLDS) lines.push(`  model p >= ${t.toFixed(2)}    ${prf(scored.map((s) => ({ got: s.p >= t, want: s.want, lang: s.lang })))}`);
  for (const t1 of WITH_RULES) {
    for (const t2 of ALONE) lines.push(`  rules ? p >= ${t1} : p >= ${t2}   ${prf(scored.map((s) => ({ got: decide(s, t1, t2), want: s.want, lang: s.lang })))}`);
  }
  return lines;
}

/** The round a training file was written in (the files of one round share writers and briefs, so they are left out together). */
function roundOf(file: string): string {
  if (/^train-more-\d/u.test(file)) return 'train-more-2..5';
  const numbered = /^train-(\d+)-/u.exec(file);
  return numbered === null ? 'corpus, train-extra, train-more' : `train-${numbered[1]}`;
}

function measure(data: readonly Example[]): string[] {
  const rounds = [...new Set(TRAIN.map(roundOf))];
  const crossed = rounds.flatMap((round) => {
    const model = train(data.filter((e) => roundOf(e.file) !== round));
    return data.filter((e) => roundOf(e.file) === round).map((e) => ({ p: probability(model.bias, model.weights, e.x), rules: e.rules, want: e.y === 1, lang: e.lang, text: e.text }));
  });
  if (process.argv.includes('--errors')) {
    const wrong = crossed.filter((c) => decide(c) !== c.want).sort((a, b) => a.p - b.p);
    process.stdout.write(`${wrong.map((c) => `${c.want ? 'FN' : 'FP'} ${c.p.toFixed(3)} rules:${c.rules ? 'yes' : 'no'} ${c.lang} ${c.text}`).join('\n')}\n`);
  }
  const model = train(data);
  const dev = examples(DEV).map((e) => ({ p: probability(model.bias, model.weights, e.x), rules: e.rules, want: e.y === 1, lang: e.lang }));
  return [
    ...table(`Leave one round out (${rounds.length} rounds: ${rounds.join('; ')}; ${data.length} mentions; the rules were tuned on every round, so their figure is optimistic):`, crossed),
    ...table(`Development files ${DEV.join(', ')} (${dev.length} mentions; figures only, never the lines):`, dev),
  ];
}

const data = examples(TRAIN);
if (process.argv[2] === '--write') {
  const model = train(data);
  const { json, weights } = encodeMentionModel(model, TRAIN, data.length);
  writeFileSync(new URL('../config/mention-model.weights', import.meta.url), weights);
  writeFileSync(new URL('../config/mention-model.json', import.meta.url), json);
  process.stdout.write(`wrote config/mention-model.json and .weights: ${data.length} training mentions from ${TRAIN.length} files, thresholds ${THRESHOLD} (with the rules' yes) and ${ALONE_THRESHOLD} (without)\n`);
} else {
  process.stdout.write(`${measure(data).join('\n')}\n`);
}
