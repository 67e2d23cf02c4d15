import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeMentionModel, loadMentionModel, MentionModelFileError, mentionModel } from '../../config/mention-model.ts';

const dir = mkdtempSync(join(tmpdir(), 'herald-model-'));
function fileWith(text: string): URL {
  const file = join(dir, `m-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, text);
  return pathToFileURL(file);
}

describe('config/mention-model.json', () => {
  it('keeps the weights it was given (16-bit, within one step of the largest weight)', () => {
    const weights = new Float32Array(2 ** 10).map((_, i) => Math.sin(i) * 1.5);
    const loaded = loadMentionModel(fileWith(encodeMentionModel({ bits: 10, bias: -0.7, threshold: 0.5, aloneThreshold: 0.99, weights }, ['corpus.tsv'], 10)));
    expect(loaded.bias).toBe(-0.7);
    expect(loaded.threshold).toBe(0.5);
    expect(loaded.aloneThreshold).toBe(0.99);
    for (const [i, w] of weights.entries()) expect(Math.abs(loaded.weights[i]! - w)).toBeLessThan(1.5 / 32767);
  });

  it('a broken file is an error naming the file and how to write it again', () => {
    const broken = [
      fileWith('{ not json'),
      fileWith(JSON.stringify({ format: 'herald-mention-model/1', bits: 10, bias: 0, threshold: 1.5, scale: 1, trainedOn: ['corpus.tsv'], lines: 1, weights: 'AA==' })),
      fileWith(encodeMentionModel({ bits: 10, bias: 0, threshold: 0.5, aloneThreshold: 0.99, weights: new Float32Array(2 ** 10) }, ['corpus.tsv'], 1).replace('"bits": 10', '"bits": 11')),
      pathToFileURL(join(dir, 'missing.json')),
    ];
    for (const file of broken) {
      expect(() => loadMentionModel(file)).toThrow(MentionModelFileError);
      expect(() => loadMentionModel(file)).toThrow(/config\/mention-model\.json\b.*node bin\/train-mention-model\.ts --write/);
    }
  });

  it('the shipped model loads and learnt from training files only', async () => {
    const model = mentionModel();
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.aloneThreshold).toBeGreaterThanOrEqual(model.threshold);
    expect(model.weights.some((w) => w !== 0)).toBe(true);
    const { readFileSync } = await import('node:fs');
    const file = JSON.parse(readFileSync(new URL('../../config/mention-model.json', import.meta.url), 'utf8')) as { trainedOn: string[] };
    expect(file.trainedOn.length).toBeGreaterThan(0);
    for (const name of file.trainedOn) expect(name).toMatch(/^(corpus|train-[\w-]+)\.tsv$/u);
  });
});
