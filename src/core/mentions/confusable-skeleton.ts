import { confusablesMap } from 'confusables';

/**
 * Characters the `confusables` table misses or maps unhelpfully, plus the ASCII look-alikes
 * (digits, `|`) impersonators use in handles, where only `[A-Za-z0-9_]` is allowed.
 * Applied after lower-casing, so every key is lower-case.
 */
const EXTRA: Record<string, string> = {
  '0': 'o', '1': 'l', '|': 'l', '!': 'l', i: 'l', '3': 'e', '4': 'a', '5': 's', '$': 's',
  '7': 't', '8': 'b', '9': 'g', ı: 'l', ß: 'ss', ſ: 's', ι: 'l', ο: 'o', ν: 'v', κ: 'k', τ: 't',
  υ: 'u', ρ: 'p', α: 'a', ε: 'e', η: 'n', χ: 'x', а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm',
  н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'l', ї: 'l', ј: 'l', ԁ: 'd',
  ԛ: 'q', ԝ: 'w', ӏ: 'l', һ: 'h', ɡ: 'g', ɑ: 'a', ℓ: 'l',
};
/** Multi-letter ASCII look-alikes (TR39 folds "rn" and "m" together, and "vv" with "w"). */
const DIGRAPHS: Array<[RegExp, string]> = [
  [/rn/gu, 'm'],
  [/vv/gu, 'w'],
];
const MARKS = /\p{M}/gu;
const INVISIBLE = /[\p{Cf}\u115f\u1160\u3164\uffa0]/gu;

/**
 * A TR39-style confusable skeleton, folded for case: two strings that look alike to a reader
 * (`SessionTechFΝD` with a Greek Nu, `sessi0n_app`, `ѕession`) get the same skeleton.
 *
 * The `confusables` package has no skeleton function, so this builds one over its table:
 * NFKD, map each character to its ASCII prototype, drop marks and invisible characters,
 * lower-case, then fold ASCII look-alikes (`0`→`o`, `1`/`i`/`l`→`l`, `rn`→`m`). Only equality of
 * skeletons is meaningful; the output is not meant to be shown.
 */
export function confusableSkeleton(text: string): string {
  let mapped = '';
  for (const ch of text.normalize('NFKD').replace(INVISIBLE, '')) {
    mapped += confusablesMap.get(ch) ?? ch;
  }
  let folded = '';
  for (const ch of mapped.normalize('NFKD').replace(MARKS, '').toLowerCase()) {
    folded += EXTRA[ch] ?? ch;
  }
  for (const [pattern, replacement] of DIGRAPHS) folded = folded.replace(pattern, replacement);
  return folded;
}
