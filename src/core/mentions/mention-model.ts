import type { MentionModelData } from '../../../config/mention-model.ts';
import type { Clause } from './mention-clauses.ts';

/**
 * The learned half of the mention classifier: a logistic regression over hashed features of the
 * mention — its words, word pairs and character 2–5-grams (so inflections, typos and scripts
 * without spaces are read), and the signals the lexicon rules found (an authenticity word, a
 * question cue, a negative cue, the rules' own answer…). Trained by bin/train-mention-model.ts on
 * the training mentions only; the weights ship as config/mention-model.{json,weights}. Pure.
 */
export type MentionModel = MentionModelData;

/** What the lexicon rules found in a mention, as the model reads it. */
export interface RuleEvidence {
  /** The rules alone would answer (a lexicon or the no-lexicon rule decided). */
  rules: boolean;
  /** The kinds of signal that fired in any clause read (authenticity, question, negative…). */
  kinds: ReadonlySet<string>;
}

/** Why the model said what it said, for `herald classify --explain`. */
export interface ModelReading {
  probability: number;
  /** The threshold that applied (the rules recognised the question, or not). */
  threshold: number;
  /** The features of this mention that weighed most, strongest first (`c:` characters, `w:` word, `b:` word pair, `s:` rule signal). */
  top: Array<{ feature: string; weight: number }>;
}

const MIN_CHARS = 2;
const MAX_CHARS = 5;
const TOP = 8;

/** FNV-1a over UTF-16 code units, folded into 2^bits buckets. */
export function featureIndex(feature: string, bits: number): number {
  let h = 2166136261;
  for (let i = 0; i < feature.length; i++) h = Math.imul(h ^ feature.charCodeAt(i), 16777619);
  return (h >>> 0) % 2 ** bits;
}

/** The features of a mention: the normalised clauses (links and handles already placeholders) and the rules' evidence. */
export function mentionFeatures(clauses: readonly Clause[], evidence: RuleEvidence): string[] {
  const out = new Set<string>();
  const text = ` ${clauses.map((c) => `${c.text}${c.marked ? ' ?' : ''}`).join(' | ')} `;
  const words = text.split(' ').filter((w) => w !== '');
  for (let i = 0; i < words.length; i++) {
    out.add(`w:${words[i]}`);
    if (i + 1 < words.length) out.add(`b:${words[i]} ${words[i + 1]}`);
  }
  for (let n = MIN_CHARS; n <= MAX_CHARS; n++) {
    for (let i = 0; i + n <= text.length; i++) out.add(`c:${text.slice(i, i + n)}`);
  }
  if (evidence.rules) out.add('s:rules');
  const kinds = [...evidence.kinds].sort();
  for (const [i, kind] of kinds.entries()) {
    out.add(`s:${kind}`);
    for (const other of kinds.slice(i + 1)) out.add(`s:${kind}&${other}`);
  }
  return [...out];
}

/** The model's probability that a mention with these features asks, the threshold that applies, and the features that weighed most. */
export function readModel(model: MentionModel, features: readonly string[], rules: boolean): ModelReading {
  let z = model.bias;
  const weighed = features.map((feature) => {
    const weight = (model.weights[featureIndex(feature, model.bits)] ?? 0) * model.scale;
    z += weight;
    return { feature, weight: Math.round(weight * 1000) / 1000 };
  });
  const top = weighed
    .filter((f) => f.weight !== 0)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, TOP);
  return { probability: 1 / (1 + Math.exp(-z)), threshold: rules ? model.threshold : model.aloneThreshold, top };
}
