import { twitterText } from '../twitter-text.ts';

/** One clause of a mention, normalised for pattern matching. */
export interface Clause {
  /** Lower-case words separated by single spaces (see LanguageRules for the normalisation). */
  text: string;
  /** Ends with `?` or starts with `¿`: the writer marked it as a question. */
  marked: boolean;
  /** Ends a sentence (`?`, `!`, `.`, a line break…), not just a clause (`,`, `;`, `:`). */
  ends: boolean;
}

export interface MentionText {
  clauses: Clause[];
  /** The whole mention without handles and links, lower-case, accents kept (language detection). */
  plain: string;
  /** A link or handle is named in the text itself, not only among the handles it starts with (the no-lexicon rule needs one). */
  named: boolean;
}

const MAX_INPUT = 4000;
const MAX_CLAUSE_WORDS = 40;
/** A link up to white space, without the punctuation that ends the sentence around it ("…example, are they…"). */
const SCHEME_URL = /(?:https?:\/\/|www\.)\S+?(?=[,;:!?.)\]>»"'…。、，！？]*(?:\s|$))/giu;
/** An e-mail address names a sender as surely as a link: a subject (after handles, so `@user@instance` stays a handle). */
const EMAIL = /(^|[^\p{L}\p{N}._%+@＠-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** Domains under the reserved top-level names (RFC 2606, RFC 7686) that twitter-text does not know: `session-mirror.example`. */
const RESERVED_DOMAIN = /(^|[^\p{L}\p{N}_.@＠/-])(?:[\p{L}\p{N}-]+\.)+(?:example|test|invalid|onion)(?:(?=['’]\p{L})|(?=[,;:!?.)\]>»"'…。、，！？]*(?:\s|$))|\/\S*?(?=[,;:!?.)\]>»"'…。、，！？]*(?:\s|$)))/giu;
/** `@user`, `@user@instance` (Mastodon) and `@name.domain` (Bluesky handles). */
const LEADING_HANDLES = /^\s*(?:[@＠](?:[\p{L}\p{N}_][\p{L}\p{N}_-]{0,62}(?:\.[\p{L}\p{N}_-]+)+|[\p{L}\p{N}_]+(?:[@＠][\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+)?)[\s,:;]*)+/u;
const HANDLE = /(^|[^\p{L}\p{N}_@＠/])[@＠](?:[\p{L}\p{N}_][\p{L}\p{N}_-]{0,62}(?:\.[\p{L}\p{N}_-]+)+|[\p{L}\p{N}_]{1,50}(?:[@＠][\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+)?)/gu;
/** A name in quotes, one to six words ("Session Chat", 「Sessionサポート」): it names a thing as a link does; marked after it. */
const QUOTED_NAME = /(["“”„«»「『][^"“”„«»「」『』\s]+(?:\s[^"“”„«»「」『』\s]+){0,5}["“”»」』])/gu;
const APOSTROPHES = /['`´ʼ’‘ʻ]/gu;
const DELIMITERS = /([?؟!.,;:。、；：…—–\n\r|•·()[\]{}<>]+)/u;
/** Question marks that are not `?` after NFKC: Arabic `؟` and the Greek question mark (NFKC makes it `;`). */
const OTHER_QUESTION_MARKS = /[؟\u037e]/gu;
const GREEK = /\p{Script=Greek}/u;
const LATIN_MARKS = /([a-z])[\u0300-\u036f]+/gu;
/** Arabic short vowels and tatweel: optional in writing, so never part of a word's identity. */
const ARABIC_MARKS = /[\u064b-\u065f\u0670\u0640]/gu;

/**
 * Split a mention into normalised clauses for the language rules.
 *
 * Handles and links are what the question is *about*, never part of the question, so they are
 * replaced by placeholders (or dropped when they only address people at the start); question
 * marks are kept as a per-clause flag because they are the strongest sign of a question in most
 * languages. Pure; bounded in the input it reads so hostile input cannot make matching slow.
 */
export function mentionClauses(input: string): MentionText {
  let text = String(input).slice(0, MAX_INPUT).replace(OTHER_QUESTION_MARKS, '?').normalize('NFKC');
  // Greek asks with `;` (the Greek question mark, usually typed as a semicolon).
  if (GREEK.test(text)) text = text.replaceAll(';', '?');
  text = text.replace(SCHEME_URL, ' xlink ');
  // The first handle is who is addressed (Herald); handles after it, before the text, are what a
  // short question is about ("@SessionTechFND @Session_News trustworthy?"): subjects.
  text = text.replace(LEADING_HANDLES, (lead) => ` ${lead.trim().split(/[\s,:;]+/u).slice(1).map(() => 'xleadhandle').join(' ')} `);
  text = text.replace(HANDLE, '$1 xhandle ');
  text = text.replace(EMAIL, '$1 xlink ');
  text = text.replace(RESERVED_DOMAIN, '$1 xlink ');
  text = replaceBareLinks(text);
  const named = /(?:^|\s)x(?:link|handle)(?=\s|$)/u.test(text);
  text = text.replace(QUOTED_NAME, '$1 xname ');
  text = text.replaceAll('xleadhandle', 'xhandle');
  const lower = text.toLowerCase();
  const plain = lower.replace(/\bx(?:handle|link|name)\b/gu, ' ').replace(/\s+/gu, ' ').trim();
  const folded = foldLatin(lower).replace(APOSTROPHES, '').replace(/[-‐‑_]/gu, ' ');

  const parts = folded.split(DELIMITERS);
  const clauses: Clause[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const raw = parts[i] ?? '';
    const delimiter = parts[i + 1] ?? '';
    const marked = delimiter.includes('?') || raw.includes('¿');
    const clean = raw.replace(/[^\p{L}\p{M}\p{N}\s]/gu, ' ').replace(/\s+/gu, ' ').trim();
    if (clean === '' || clean.split(' ').length > MAX_CLAUSE_WORDS) continue;
    clauses.push({ text: clean, marked, ends: /[?!.。…\n\r]|^$/u.test(delimiter) });
  }
  return { clauses, plain, named };
}

/**
 * A lexicon entry normalised as mentionClauses normalises a clause (lower-case, Latin accents
 * folded, apostrophes dropped, punctuation to single spaces), keeping `*` wildcards.
 */
export function normaliseEntry(entry: string): string {
  return foldLatin(entry.normalize('NFKC').toLowerCase())
    .replace(APOSTROPHES, '')
    .replace(/[-‐‑_]/gu, ' ')
    .replace(/[^\p{L}\p{N}\s*]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Drop accents from Latin letters only (CJK voicing marks and Cyrillic й must survive). */
function foldLatin(text: string): string {
  return text
    .normalize('NFD')
    .replace(LATIN_MARKS, '$1')
    .normalize('NFC')
    .replace(ARABIC_MARKS, '')
    .replaceAll('ı', 'i')
    .replaceAll('ß', 'ss')
    .replaceAll('œ', 'oe')
    .replaceAll('æ', 'ae');
}

/** Replace scheme-less links (`getsesion.org`, `t.me/x`) found by twitter-text. */
function replaceBareLinks(text: string): string {
  let links: Array<{ indices: [number, number] }>;
  try {
    links = twitterText.extractUrlsWithIndices(text);
  } catch {
    return text;
  }
  let out = text;
  for (const { indices } of [...links].sort((a, b) => b.indices[0] - a.indices[0])) {
    out = `${out.slice(0, indices[0])} xlink ${out.slice(indices[1])}`;
  }
  return out;
}
