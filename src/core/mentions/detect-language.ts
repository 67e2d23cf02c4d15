import { createRequire } from 'node:module';

type DetectAll = typeof import('tinyld').detectAll;
let loaded: DetectAll | undefined;
/**
 * tinyld's n-gram tables cost about 54 MB resident: loaded at the first mention read, never by a
 * Herald that answers none (its CommonJS build, so classifyMention can stay synchronous).
 */
function detectAll(...args: Parameters<DetectAll>): ReturnType<DetectAll> {
  loaded ??= (createRequire(import.meta.url)('tinyld') as typeof import('tinyld')).detectAll;
  return loaded(...args);
}

export interface DetectedLanguage {
  /** The most likely of the given languages; the first given when nothing is recognised. */
  language: string;
  /** The given languages that came close, most likely first (the classifier reads the mention with each). */
  candidates: string[];
  /** The mention is most likely in a language not given (Dutch, Greek, Hindi…): the no-lexicon rule applies. */
  unknown: boolean;
}

/** A runner-up within this share of the best score is read as well. */
const CLOSE = 0.3;
const MAX_CANDIDATES = 3;

/**
 * The language of a mention, by tinyld (character n-grams, every script; measured against the
 * old script rules in test/fixtures/mentions/scores.md), limited to the languages Herald has a
 * lexicon for. No script is tied to one language: Hangul, Ukrainian Cyrillic and Traditional
 * Chinese are recognised as such. `plain` is the mention without handles and links. Pure.
 */
export function detectLanguage(plain: string, codes: readonly string[]): DetectedLanguage {
  const fallback = codes[0] ?? 'en';
  const letters = plain.replace(/[^\p{L}]/gu, '');
  if (letters === '') return { language: fallback, candidates: [fallback], unknown: false };
  const known = detectAll(plain, { only: [...codes] }).filter((r) => codes.includes(r.lang));
  const best = known[0];
  const top = detectAll(plain)[0];
  const unknown = top !== undefined && !codes.includes(top.lang) && (best === undefined || top.accuracy > 2 * best.accuracy);
  if (best === undefined) return { language: fallback, candidates: [fallback], unknown: top !== undefined };
  const candidates = known.filter((r) => r.accuracy >= CLOSE * best.accuracy).slice(0, MAX_CANDIDATES).map((r) => r.lang);
  return { language: best.lang, candidates, unknown };
}
