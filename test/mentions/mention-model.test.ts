import { describe, expect, it } from 'vitest';
import { explainMention } from '../../src/core/mentions/classify-mention.ts';
import { featureIndex, type MentionModel, mentionFeatures, readModel } from '../../src/core/mentions/mention-model.ts';

const BITS = 12;

/** A model that knows only the given features' weights. */
function modelOf(bias: number, weights: Record<string, number>, threshold = 0.5, aloneThreshold = 0.5): MentionModel {
  const w = new Float32Array(2 ** BITS);
  for (const [feature, weight] of Object.entries(weights)) w[featureIndex(feature, BITS)] = weight;
  return { bits: BITS, bias, threshold, aloneThreshold, scale: 1, weights: w };
}

describe('the mention model', () => {
  it('reads words, word pairs, characters and the rules’ signals', () => {
    const clauses = [{ text: 'is this legit', marked: true, ends: true }];
    const asked = mentionFeatures(clauses, { rules: true, kinds: new Set(['authenticity', 'question']) });
    expect(asked).toEqual(expect.arrayContaining(['w:legit', 'b:this legit', 'c:legi', 'w:?', 's:rules', 's:authenticity', 's:authenticity&question']));
    const unasked = mentionFeatures(clauses, { rules: false, kinds: new Set() });
    expect(unasked).toContain('w:legit');
    expect(unasked.filter((f) => f.startsWith('s:'))).toEqual([]);
  });

  it('hashes a feature to the same bucket every time, inside the table', () => {
    expect(featureIndex('w:legit', BITS)).toBe(featureIndex('w:legit', BITS));
    expect(featureIndex('w:legit', BITS)).toBeLessThan(2 ** BITS);
    expect(featureIndex('w:legit', BITS)).not.toBe(featureIndex('w:legit?', BITS));
  });

  it('is a logistic regression: the probability of the summed weights, the heaviest features shown first', () => {
    const model = modelOf(-1, { 'w:a': 0.5, 'w:b': -2, 'w:c': 3 }, 0.5, 0.99);
    const reading = readModel(model, ['w:a', 'w:b', 'w:c', 'w:unknown'], true);
    expect(reading.probability).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 6);
    expect(reading.top.map((t) => t.feature)).toEqual(['w:c', 'w:b', 'w:a']);
    // The rules recognised the question: agreeing needs 0.5; overruling their silence needs 0.99.
    expect(reading.threshold).toBe(0.5);
    expect(readModel(model, ['w:a'], false).threshold).toBe(0.99);
  });

  it('decides: a mention asks when the model’s probability reaches its threshold, whatever the rules said', () => {
    const model = modelOf(-4, { 'w:zorblat': 9 }, 0.5, 0.99);
    // Positive control: a word no lexicon knows, weighted by the model, makes it a question (p 0.993 >= 0.99).
    expect(explainMention('@SessionTechFND zorblat https://x.example', model).asksOfficial).toBe(true);
    // Less sure than that, it does not overrule the rules' silence (p 0.95 < 0.99).
    expect(explainMention('@SessionTechFND zorblat https://x.example', modelOf(-4, { 'w:zorblat': 7 }, 0.5, 0.99)).asksOfficial).toBe(false);
    // The same model on a question the rules recognise but the model gives no weight: not answered.
    const { asksOfficial, signals } = explainMention('@SessionTechFND is this account official? @someone', model);
    expect(signals.decidedBy).toBe('lexicon en');
    expect(asksOfficial).toBe(false);
    expect(signals.model.probability).toBeLessThan(signals.model.threshold);
  });
});
