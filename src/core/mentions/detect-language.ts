import type { LanguageRules } from './language-rules.ts';

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HAN = /\p{Script=Han}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
/** Kanji words Japanese uses for "real/official/fake" where Chinese uses other words (真的, 官方, 假的). */
const JAPANESE_KANJI = /本物|偽物|偽者|公式|運営|本当|本垢|偽垢/u;

/**
 * The language of a mention, to pick the rules that read it and the language of the reply.
 *
 * Script decides Japanese (any kana, or Japanese-only kanji words), Chinese (other Han text)
 * and Russian (Cyrillic); Latin
 * languages are scored by their marker words and distinctive letters. `plain` is the mention
 * without handles and links, lower-case with accents kept. Falls back to the first rules
 * (English) when nothing scores.
 */
export function detectLanguage(plain: string, rules: readonly LanguageRules[]): string {
  if (KANA.test(plain)) return 'ja';
  if (HAN.test(plain)) return JAPANESE_KANJI.test(plain) ? 'ja' : 'zh';
  if (CYRILLIC.test(plain)) return 'ru';
  const words = ` ${plain
    .normalize('NFD')
    .replace(/([a-z])[\u0300-\u036f]+/gu, '$1')
    .normalize('NFC')
    .replaceAll('ı', 'i')
    .replace(/['`´ʼ’‘]/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  let best = rules[0]?.code ?? 'en';
  let bestScore = 0;
  for (const rule of rules) {
    if (rule.compact === true || rule.code === 'ru') continue;
    const score = (words.match(rule.markers)?.length ?? 0) + 3 * (rule.letters === undefined ? 0 : (plain.match(rule.letters)?.length ?? 0));
    if (score > bestScore) {
      best = rule.code;
      bestScore = score;
    }
  }
  return best;
}
