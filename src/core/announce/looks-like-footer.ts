import { confusableSkeleton } from '../mentions/confusable-skeleton.ts';

const sk = confusableSkeleton;
/**
 * Phrases of the scam warning and of its imitations, compared on the confusable skeleton of the
 * text with every run of non-letters made one space: `ONLY  TRUST`, `Вeware` (Cyrillic В) and
 * `0nly trust` read the same as the real words.
 */
const PHRASES = [
  new RegExp(`\\b${sk('only')}(?: [a-z]+){0,2} ${sk('trust')}\\b`, 'u'),
  new RegExp(`\\b${sk('trust')} ${sk('only')}\\b`, 'u'),
  new RegExp(`\\b${sk('beware')} ${sk('of')}\\b`, 'u'),
  new RegExp(sk('impersonat'), 'u'),
];
/** A warning sign (⚠ 🚨 ❗ ‼ ⛔ 🛑) beside words of trust is the footer's shape too. */
const WARNING_SIGN = /[\u26A0\u{1F6A8}\u2757\u2755\u203C\u26D4\u{1F6D1}]/u;
const TRUST_WORDS = new RegExp(`\\b(?:${sk('trust')}|${sk('official')}|${sk('scam')}|${sk('verified')})`, 'u');

/**
 * Whether `text` imitates the scam-warning footer ("⚠️ Only trust updates from … Beware of
 * impersonators."). A feed item that carries one is trying to speak for the Foundation about who
 * to trust, the one thing a hijacked feed must never do in its name: it waits for a human.
 */
export function looksLikeFooter(text: string): boolean {
  const words = sk(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (PHRASES.some((phrase) => phrase.test(words))) return true;
  return WARNING_SIGN.test(text) && TRUST_WORDS.test(words);
}
