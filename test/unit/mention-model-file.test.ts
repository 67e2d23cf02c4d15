import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeMentionModel, loadMentionModel, MentionModelFileError, mentionModel } from '../../config/mention-model.ts';

const root = mkdtempSync(join(tmpdir(), 'herald-model-'));
let made = 0;
/** A folder holding a model's two files (either replaced by `json` / `weights` when given). */
function folderWith(files: { json?: string; weights?: Buffer | null }): URL {
  const dir = join(root, `m${made++}`);
  mkdirSync(dir);
  const model = encodeMentionModel({ bits: 10, bias: 0, threshold: 0.5, aloneThreshold: 0.99, weights: new Float32Array(2 ** 10).fill(0.25) }, ['corpus.tsv'], 1);
  writeFileSync(join(dir, 'mention-model.json'), files.json ?? model.json);
  if (files.weights !== null) writeFileSync(join(dir, 'mention-model.weights'), files.weights ?? model.weights);
  return pathToFileURL(`${dir}/`);
}

describe('config/mention-model.json and .weights', () => {
  it('keep the weights they were given (16-bit, within one step of the largest weight)', () => {
    const weights = new Float32Array(2 ** 10).map((_, i) => Math.sin(i) * 1.5);
    const { json, weights: bytes } = encodeMentionModel({ bits: 10, bias: -0.7, threshold: 0.5, aloneThreshold: 0.99, weights }, ['corpus.tsv'], 10);
    const loaded = loadMentionModel(folderWith({ json, weights: bytes }));
    expect(loaded).toMatchObject({ bits: 10, bias: -0.7, threshold: 0.5, aloneThreshold: 0.99 });
    for (const [i, w] of weights.entries()) expect(Math.abs(loaded.weights[i]! * loaded.scale - w)).toBeLessThan(1.5 / 32767);
  });

  it('a broken, truncated, swapped or missing file is an error naming the file and how to write it again', () => {
    const good = encodeMentionModel({ bits: 10, bias: 0, threshold: 0.5, aloneThreshold: 0.99, weights: new Float32Array(2 ** 10).fill(0.25) }, ['corpus.tsv'], 1);
    const other = encodeMentionModel({ bits: 10, bias: 0, threshold: 0.5, aloneThreshold: 0.99, weights: new Float32Array(2 ** 10).fill(-0.5) }, ['corpus.tsv'], 1);
    const broken: Array<[URL, RegExp]> = [
      [folderWith({ json: '{ not json' }), /mention-model\.json cannot be read/u],
      [folderWith({ json: good.json.replace('"threshold": 0.5', '"threshold": 1.5') }), /mention-model\.json is invalid: threshold/u],
      [folderWith({ weights: good.weights.subarray(0, 100) }), /mention-model\.weights holds 100 bytes/u],
      [folderWith({ weights: other.weights }), /mention-model\.weights is not the file .* was written with/u],
      [folderWith({ weights: null }), /mention-model\.weights cannot be read/u],
    ];
    for (const [dir, message] of broken) {
      expect(() => loadMentionModel(dir)).toThrow(MentionModelFileError);
      expect(() => loadMentionModel(dir)).toThrow(message);
      expect(() => loadMentionModel(dir)).toThrow(/config\/mention-model\.\w+\b.*node bin\/train-mention-model\.ts --write/u);
    }
    // Positive control: the same writer's files, untouched, load.
    expect(loadMentionModel(folderWith({})).bits).toBe(10);
  });

  it('the shipped model loads and learnt from training files only', () => {
    const model = mentionModel();
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.aloneThreshold).toBeGreaterThanOrEqual(model.threshold);
    expect(Array.from(model.weights).some((w) => w !== 0)).toBe(true);
    const file = JSON.parse(readFileSync(new URL('../../config/mention-model.json', import.meta.url), 'utf8')) as { trainedOn: string[] };
    expect(file.trainedOn.length).toBeGreaterThan(0);
    for (const name of file.trainedOn) expect(name).toMatch(/^(corpus|train-[\w-]+)\.tsv$/u);
  });
});
