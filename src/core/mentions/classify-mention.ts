import { chineseRules } from './chinese-rules.ts';
import { detectLanguage } from './detect-language.ts';
import { englishRules } from './english-rules.ts';
import { frenchRules } from './french-rules.ts';
import { germanRules } from './german-rules.ts';
import { italianRules } from './italian-rules.ts';
import { japaneseRules } from './japanese-rules.ts';
import type { LanguageRules } from './language-rules.ts';
import { type Clause, mentionClauses } from './mention-clauses.ts';
import { portugueseRules } from './portuguese-rules.ts';
import { russianRules } from './russian-rules.ts';
import { spanishRules } from './spanish-rules.ts';
import { turkishRules } from './turkish-rules.ts';

/** Every supported language; English first (the fallback, and always tried as well). */
const RULES: readonly LanguageRules[] = [
  englishRules,
  spanishRules,
  portugueseRules,
  frenchRules,
  germanRules,
  italianRules,
  russianRules,
  turkishRules,
  chineseRules,
  japaneseRules,
];

/**
 * Does this mention ask whether something is official, real, legit, a scam, "really you"…?
 *
 * Precision first: Herald speaks for the Foundation, so a wrong answer is worse than silence.
 * Only yes/no *questions about authenticity* count — recognised by word order, particles or a
 * question mark together with an authenticity predicate in the right place — never statements
 * ("this scam is annoying") or other questions ("when is the official launch?"). The detected
 * language's rules run together with the English ones, since English scam vocabulary ("legit",
 * "fake", "scam") is common in every language. Returns the detected language for the reply
 * ('en' when unknown). Pure; never throws.
 */
export function classifyMention(text: string): { asksOfficial: boolean; language: string } {
  try {
    const { clauses, plain } = mentionClauses(text);
    const language = detectLanguage(plain, RULES);
    // Kanji-only text may be Chinese or Japanese: read it with both.
    const cjk = language === 'zh' || language === 'ja' ? ['zh', 'ja'] : [language];
    const rules = RULES.filter((r) => r.code === 'en' || cjk.includes(r.code));
    const asksOfficial = clauses.some((clause) => rules.some((r) => clauseAsks(clause, r)));
    return { asksOfficial, language };
  } catch {
    return { asksOfficial: false, language: 'en' };
  }
}

function clauseAsks(clause: Clause, rules: LanguageRules): boolean {
  const text = rules.compact === true ? clause.text.replaceAll(' ', '') : clause.text;
  rules.wh.lastIndex = 0;
  if (rules.wh.test(text) || rules.interjections.test(text)) return false;
  if (rules.asks.some((p) => p.test(text))) return true;
  return clause.marked && rules.asksWhenMarked.some((p) => p.test(text));
}
