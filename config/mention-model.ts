import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';

/** The model file is unreadable or wrong: the message names the file and what to do. */
export class MentionModelFileError extends Error {
  override name = 'MentionModelFileError';
}

/** The learned weights the mention classifier reads beside the lexicons (src/core/mentions/mention-model.ts). */
export interface MentionModelData {
  bits: number;
  bias: number;
  threshold: number;
  aloneThreshold: number;
  weights: Float32Array;
}

const FORMAT = 'herald-mention-model/1';
const INT16_MAX = 32767;
const MIN_BITS = 10;
const MAX_BITS = 22;

/**
 * `config/mention-model.json`, written by `node bin/train-mention-model.ts --write` (never by
 * hand): the weights are 16-bit integers times `scale`, little-endian, raw-deflated and base64'd.
 * `trainedOn` and `lines` say what it learnt from (training files only).
 */
const ModelFile = z.strictObject({
  format: z.literal(FORMAT),
  bits: z.number().int().min(MIN_BITS).max(MAX_BITS),
  bias: z.number().finite(),
  threshold: z.number().gt(0).lt(1),
  aloneThreshold: z.number().gt(0).lt(1),
  scale: z.number().positive().finite(),
  trainedOn: z.array(z.string()).min(1),
  lines: z.number().int().positive(),
  weights: z.string().min(1),
});

const FILE = new URL('./mention-model.json', import.meta.url);
const RETRAIN = 'run `node bin/train-mention-model.ts --write` to write it again';

/** Read and check the model file; throws naming the file and the problem. */
export function loadMentionModel(file: URL = FILE): MentionModelData {
  const name = 'config/mention-model.json';
  let parsed: z.ZodSafeParseResult<z.infer<typeof ModelFile>>;
  try {
    parsed = ModelFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new MentionModelFileError(`${name} cannot be read (${(error as Error).message}): ${RETRAIN}`);
  }
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
    throw new MentionModelFileError(`${name} is invalid: ${issues}; ${RETRAIN}`);
  }
  const { bits, bias, threshold, aloneThreshold, scale, weights } = parsed.data;
  let bytes: Buffer;
  try {
    bytes = inflateRawSync(Buffer.from(weights, 'base64'));
  } catch (error) {
    throw new MentionModelFileError(`${name}: weights cannot be decoded (${(error as Error).message}); ${RETRAIN}`);
  }
  if (bytes.length !== 2 * 2 ** bits) {
    throw new MentionModelFileError(`${name}: weights hold ${bytes.length / 2} values, bits ${bits} needs ${2 ** bits}; ${RETRAIN}`);
  }
  const out = new Float32Array(2 ** bits);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(2 * i) * scale;
  return { bits, bias, threshold, aloneThreshold, weights: out };
}

/** The model file's text for these weights (the trainer writes it). */
export function encodeMentionModel(model: MentionModelData, trainedOn: readonly string[], lines: number): string {
  const largest = model.weights.reduce((max, w) => Math.max(max, Math.abs(w)), 0) || 1;
  const scale = largest / INT16_MAX;
  const bytes = Buffer.alloc(2 * model.weights.length);
  for (const [i, w] of model.weights.entries()) bytes.writeInt16LE(Math.round(w / scale), 2 * i);
  const file = { format: FORMAT, bits: model.bits, bias: model.bias, threshold: model.threshold, aloneThreshold: model.aloneThreshold, scale, trainedOn, lines, weights: deflateRawSync(bytes, { level: 9 }).toString('base64') };
  return `${JSON.stringify(file, null, 1)}\n`;
}

let shipped: MentionModelData | undefined;
/**
 * The model shipped with Herald, read once on first use. bin/herald.ts reads it at start-up, so a
 * broken file stops Herald with one line; only the trainer runs without it.
 */
export function mentionModel(): MentionModelData {
  shipped ??= loadMentionModel();
  return shipped;
}
