import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { z } from 'zod';

/** The model files are unreadable or wrong: the message names the file and what to do. */
export class MentionModelFileError extends Error {
  override name = 'MentionModelFileError';
}

/**
 * The learned half of the mention classifier (read by src/core/mentions/mention-model.ts): a
 * logistic regression whose features hash into 2^bits weights.
 */
export interface MentionModelData {
  /** Features hash into 2^bits weights. */
  bits: number;
  bias: number;
  /**
   * A mention the lexicon rules recognised asks when the probability is at least `threshold`; one
   * they did not recognise needs `aloneThreshold` (the model must be surer to overrule the rules
   * than to agree with them). Both chosen on the development files, never on a held-out file.
   */
  threshold: number;
  aloneThreshold: number;
  /** A feature's weight is `weights[index] * scale` (the shipped weights are 16-bit integers). */
  scale: number;
  weights: ArrayLike<number>;
}

const FORMAT = 'herald-mention-model/2';
const INT16_MAX = 32767;
const MIN_BITS = 10;
const MAX_BITS = 22;

/**
 * `config/mention-model.json` and `config/mention-model.weights`, written by
 * `node bin/train-mention-model.ts --write` (never by hand). The weights file is 2^bits signed
 * 16-bit little-endian integers (a weight is one times `scale`), read as it is: half a megabyte,
 * no large string ever made of it. `sha256` is the weights file's, so a truncated or swapped one
 * is refused. `trainedOn` and `lines` say what it learnt from (training files only).
 */
const ModelFile = z.strictObject({
  format: z.literal(FORMAT),
  bits: z.number().int().min(MIN_BITS).max(MAX_BITS),
  bias: z.number().finite(),
  threshold: z.number().gt(0).lt(1),
  aloneThreshold: z.number().gt(0).lt(1),
  scale: z.number().positive().finite(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/u, 'the hex SHA-256 of mention-model.weights'),
  trainedOn: z.array(z.string()).min(1),
  lines: z.number().int().positive(),
});

const DIR = new URL('./', import.meta.url);
const RETRAIN = 'run `node bin/train-mention-model.ts --write` to write them again';

/** Read and check the two model files in `dir`; throws naming the file and the problem. */
export function loadMentionModel(dir: URL = DIR): MentionModelData {
  const meta = 'config/mention-model.json';
  const data = 'config/mention-model.weights';
  let parsed: z.ZodSafeParseResult<z.infer<typeof ModelFile>>;
  try {
    parsed = ModelFile.safeParse(JSON.parse(readFileSync(new URL('mention-model.json', dir), 'utf8')));
  } catch (error) {
    throw new MentionModelFileError(`${meta} cannot be read (${(error as Error).message}): ${RETRAIN}`);
  }
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
    throw new MentionModelFileError(`${meta} is invalid: ${issues}; ${RETRAIN}`);
  }
  const { bits, bias, threshold, aloneThreshold, scale, sha256 } = parsed.data;
  let bytes: Buffer;
  try {
    bytes = readFileSync(new URL('mention-model.weights', dir));
  } catch (error) {
    throw new MentionModelFileError(`${data} cannot be read (${(error as Error).message}): ${RETRAIN}`);
  }
  if (bytes.length !== 2 * 2 ** bits) {
    throw new MentionModelFileError(`${data} holds ${bytes.length} bytes, bits ${bits} needs ${2 * 2 ** bits}: ${RETRAIN}`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
    throw new MentionModelFileError(`${data} is not the file ${meta} was written with (SHA-256 differs): ${RETRAIN}`);
  }
  return { bits, bias, threshold, aloneThreshold, scale, weights: int16s(bytes) };
}

/** The buffer's little-endian 16-bit integers, without a copy where the platform allows. */
function int16s(bytes: Buffer): Int16Array {
  if (endianness() === 'LE' && bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  const out = new Int16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(2 * i);
  return out;
}

/** The two model files' contents for these weights (the trainer writes them). */
export function encodeMentionModel(
  model: Omit<MentionModelData, 'scale' | 'weights'> & { weights: ArrayLike<number> },
  trainedOn: readonly string[],
  lines: number,
): { json: string; weights: Buffer } {
  const values = Array.from(model.weights);
  const scale = values.reduce((max, w) => Math.max(max, Math.abs(w)), 0) / INT16_MAX || 1;
  const weights = Buffer.alloc(2 * values.length);
  for (const [i, w] of values.entries()) weights.writeInt16LE(Math.round(w / scale), 2 * i);
  const sha256 = createHash('sha256').update(weights).digest('hex');
  const { bits, bias, threshold, aloneThreshold } = model;
  const file = { format: FORMAT, bits, bias, threshold, aloneThreshold, scale, sha256, trainedOn, lines };
  return { json: `${JSON.stringify(file, null, 1)}\n`, weights };
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
