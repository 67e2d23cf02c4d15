/**
 * The shape of one language's "is this official?" patterns, kept as data so each language
 * reads as a table and can be reviewed by a speaker of it without reading the classifier.
 *
 * Patterns run on one clause at a time, after mentionClauses has normalised it: lower-case,
 * Latin accents folded (`é`→`e`, Turkish `ı`→`i`), apostrophes dropped (`c'est`→`cest`),
 * hyphens and punctuation turned into single spaces, the leading "@a @b" block removed, other
 * handles replaced by `xhandle` and links by `xlink`.
 */
export interface LanguageRules {
  /** ISO 639-1 code returned by classifyMention. */
  code: string;
  /** Words typical of the language, counted to detect it (Latin-script languages). */
  markers: RegExp;
  /** Letters only this language uses; each occurrence weighs three marker words. */
  letters?: RegExp;
  /** A clause with an information-question word (when, where, which) asks for facts, not for verification. */
  wh: RegExp;
  /** Yes/no questions about authenticity recognisable by word order or a question particle alone. */
  asks: RegExp[];
  /** Authenticity questions that count only when the clause ends with `?` (or starts with `¿`). */
  asksWhenMarked: RegExp[];
  /**
   * Whole clauses that look like a verdict but are interjections or tag questions ("¿verdad?",
   * "vero?", "echt?", "really?"): they never ask about authenticity.
   */
  interjections: RegExp;
  /** Match against the clause with all spaces removed (Chinese, Japanese). */
  compact?: boolean;
}

/** Stand-ins that mentionClauses puts where a handle or a link was. */
export const PLACEHOLDER = '(?:xhandle|xlink)';

/** `(?:a|b|c)` from the alternatives. */
export function alt(...alternatives: string[]): string {
  return `(?:${alternatives.join('|')})`;
}

/** Unicode-aware regular expression from a pattern source. */
export function re(source: string, flags = ''): RegExp {
  return new RegExp(source, `u${flags}`);
}

/** A clause consisting only of one of the phrases (after optional openers). */
export function wholeClause(...phrases: string[]): RegExp {
  return re(`^${alt(...phrases)}$`);
}

/** A whole-word match of any of the words, for `wh` and `markers`. */
export function anyWord(...words: string[]): RegExp {
  return re(`(?:^| )${alt(...words)}(?= |$)`, 'g');
}
