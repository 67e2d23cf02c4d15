import { decodeHtmlEntities } from './decode-html-entities.ts';
import { stripHtmlTags } from './strip-html-tags.ts';

/**
 * Input beyond this many UTF-16 units per allowed output character is never read: no honest
 * title needs 32 characters of markup per visible character, and the cut bounds the work a
 * hostile 10 MB title can cause.
 */
const INPUT_BUDGET_PER_OUTPUT_CHAR = 32;
const MIN_INPUT_BUDGET = 64 * 1024;

/**
 * Emoji joined by ZERO WIDTH JOINER (👨‍👩‍👧, 🏳️‍🌈) and emoji tag sequences (🏴󠁧󠁢󠁳󠁣󠁴󠁿) use format
 * characters legitimately; any other format character (bidi overrides and isolates, zero-width
 * spaces, BOM, soft hyphen, Unicode tags, LRM/RLM…) is invisible and can disguise a title.
 */
const FORMAT_OR_EMOJI_SEQUENCE =
  /(\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?\u{200D}(?=\p{Extended_Pictographic}))|(\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F})|\p{Cf}/gu;

/** C0 and C1 controls, DEL, and the Unicode non-characters U+FFFE/U+FFFF. */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/** Whitespace, including tab/CR/LF, NBSP, the Unicode space separators and LINE/PARAGRAPH SEPARATOR. */
const WHITESPACE_RUN = /[\s\u0085]+/g;

function removeFormatCharacters(text: string): string {
  return text.replace(FORMAT_OR_EMOJI_SEQUENCE, (_match, emojiJoin?: string, emojiTags?: string) =>
    emojiJoin ?? emojiTags ?? '',
  );
}

function cutToCodePoints(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let units = 0;
  let count = 0;
  for (const char of text) {
    if (count === maxLength) break;
    units += char.length;
    count += 1;
  }
  return text.slice(0, units).trimEnd();
}

/**
 * Turns feed text (a title) into one clean line of plain text fit to be posted.
 *
 * Why all of this: titles are written by whoever controls the feed, and a post is public and
 * permanent. Markup must not leak as `<b>`, entities must read as characters, and invisible
 * characters (bidi overrides that reverse a URL, zero-width spaces that split a scam word past a
 * filter, NUL and other controls that break platform APIs) must go. Emoji ZWJ sequences are kept
 * intact. ZWNJ/ZWJ between letters (Persian, Indic scripts) are removed too — a small spelling
 * cost accepted for safety. Entities are decoded exactly once (see `decodeHtmlEntities`).
 * The result is NFC-normalised and cut to `maxLength` code points without splitting a surrogate
 * pair. Never throws.
 */
export function toPlainText(input: string, maxLength = 1000): string {
  const limit = Math.max(0, Math.floor(maxLength));
  const budget = Math.max(MIN_INPUT_BUDGET, limit * INPUT_BUDGET_PER_OUTPUT_CHAR);
  let text = String(input);
  if (text.length > budget) text = text.slice(0, budget);
  text = text.toWellFormed();
  text = stripHtmlTags(text);
  text = decodeHtmlEntities(text);
  text = text.toWellFormed().replace(/\uFFFD/g, '');
  text = text.replace(CONTROLS, (char) => (char === '\u0085' ? ' ' : ''));
  text = removeFormatCharacters(text);
  text = text.replace(WHITESPACE_RUN, ' ').trim();
  text = text.normalize('NFC');
  return cutToCodePoints(text, limit);
}

const WORD_CHAR = String.raw`\p{L}\p{N}\p{M}_`;

/**
 * A run of `@`/`＠`/`$` sigils at the start of a word, when what follows would make X or
 * Mastodon link it: a mention takes any word character, a cashtag takes a letter (so `$5`
 * stays a price). The whole run goes, so `@@alice` cannot collapse into `@alice`. "Start of a
 * word" follows X's rule, which is stricter than it looks: only an ASCII letter, digit or `_`
 * before the sigil stops a mention (X links `é@alice`), so only those protect it here.
 */
const MENTION_OR_CASHTAG = new RegExp(
  String.raw`(^|[^A-Za-z0-9_])(?:[@＠$]*[@＠](?=[${WORD_CHAR}])|[@＠$]*\$(?=\p{L}))`,
  'gu',
);

/**
 * Removes the sigil from `@handle` and `$CASHTAG` so that a feed title cannot tag accounts or
 * tickers from the foundation's account (tagging is how scammers borrow its reach).
 * `"Thanks @alice and $SESH"` → `"Thanks alice and SESH"`. Email addresses (`bob@example.com`)
 * are untouched because their `@` is not at the start of a word.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(MENTION_OR_CASHTAG, (_match, before: string) => before);
}
