import { twitterText } from '../twitter-text.ts';
import type { PostLimits } from '../../domain/post-limits.ts';
import { findLinkedText } from './find-linked-text.ts';

export type { PostLimits };

export interface PostParts {
  title: string;
  link: string;
  footer: string;
  /** Put before the title, e.g. "Reminder:" on a manual repost. */
  prefix?: string;
}

export interface ComposedPost {
  text: string;
  /** The length as the platform counts it. */
  length: number;
  limit: number;
  truncated: boolean;
}

const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });
const URL_PATTERN = /https?:\/\/[^\s]+/g;

/** The length of `text` as the platform counts it. */
export function countPostLength(text: string, limits: PostLimits): number {
  if (limits.platform === 'x') return twitterText.parseTweet(text).weightedLength;
  if (limits.platform === 'bluesky') return [...graphemes.segment(text)].length;
  const countable = text.replace(URL_PATTERN, 'x'.repeat(limits.charactersReservedPerUrl));
  return [...graphemes.segment(countable)].length;
}

function limitOf(limits: PostLimits): number {
  if (limits.platform === 'x') return 280;
  return limits.platform === 'bluesky' ? limits.maxGraphemes : limits.maxCharacters;
}

function layout(parts: PostParts, title: string): string {
  const head = [parts.prefix, title].filter((s) => s !== undefined && s.length > 0).join(' ');
  return [head, parts.link, parts.footer].filter((s) => s.length > 0).join('\n\n');
}

/** Where each link of the title starts and ends: a cut inside one would make another link. */
function linkSpans(title: string): Array<[number, number]> {
  return findLinkedText(title).map((link) => {
    const start = title.startsWith(link.text, link.start) ? link.start : title.indexOf(link.text);
    return [start, start + link.text.length];
  });
}

/**
 * Every prefix of `title` that ends on a word boundary, longest first, trailing space trimmed.
 * Never inside a link (`github.com/session-foundation` cut to `github.com/session…` would link
 * to someone else): a link stays whole or goes.
 */
function wordBoundaryCuts(title: string): string[] {
  const spans = linkSpans(title);
  const ends: number[] = [];
  for (const segment of words.segment(title)) {
    const end = segment.index + segment.segment.length;
    if (segment.isWordLike && !spans.some(([start, stop]) => start < end && end < stop)) ends.push(end);
  }
  return ends
    .reverse()
    .map((end) => title.slice(0, end).trimEnd())
    .filter((cut) => cut.length < title.length);
}

/**
 * Lays out a post as title, link and footer, separated by blank lines. The link and the
 * footer are never cut: only the title is shortened, on a word boundary with "…", until the
 * post fits the platform's limit. Returns `fits: false` only when even link and footer alone
 * are too long (a configuration error the caller must report).
 */
export function composePost(parts: PostParts, limits: PostLimits): ComposedPost {
  const limit = limitOf(limits);
  const fits = (text: string) => countPostLength(text, limits) <= limit;
  const full = layout(parts, parts.title);
  if (fits(full)) {
    return { text: full, length: countPostLength(full, limits), limit, truncated: false };
  }
  const cuts = wordBoundaryCuts(parts.title);
  // Binary search over the cuts (longest first): find the longest cut that fits.
  let lo = 0;
  let hi = cuts.length - 1;
  let best: string | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = layout(parts, `${cuts[mid]}${ELLIPSIS}`);
    if (fits(candidate)) {
      best = candidate;
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
  const text = best ?? layout(parts, '');
  return { text, length: countPostLength(text, limits), limit, truncated: true };
}
