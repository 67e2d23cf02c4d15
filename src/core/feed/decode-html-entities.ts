import { decodeHTMLStrict } from 'entities/decode';

/**
 * Decodes HTML character references exactly once, with the `entities` package (the decoder under
 * htmlparser2), which knows every name in the WHATWG table and the spec's rules for numbers.
 *
 * Why once: feed text reaches us already XML-decoded by the parser, and RSS titles are
 * conventionally HTML, so one more decode is the right amount. Decoding until nothing changes
 * would turn a deliberately double-escaped `&amp;lt;` into a tag.
 *
 * Why strict (a reference needs its `;`): in text the HTML spec also decodes about a hundred legacy
 * names without one, which turns `?a=1&copy=2` into `?a=1©=2` and `&not` inside words into `¬`.
 * Titles are short and often not really HTML, so a reference without its semicolon stays as written,
 * as do unknown names (`&bogus;`, which the spec leaves alone too).
 *
 * Numeric references follow the spec: NUL, surrogates and values past U+10FFFF become U+FFFD, and
 * 0x80–0x9F map to Windows-1252 (`&#150;` is an en dash); the five unmapped ones stay C1 controls.
 * A reference can produce any code point, invisible ones included (`&#x202E;`, `&ZeroWidthSpace;`),
 * exactly as a literal character in the feed can: removing those is `toPlainText`'s job, after this.
 */
export function decodeHtmlEntities(input: string): string {
  if (!input.includes('&')) return input;
  return decodeHTMLStrict(input);
}
