import { z } from 'zod';
import { normaliseLink } from './normalise-link.ts';
import { neutraliseMentions, toPlainText } from './plain-text.ts';

/** Longest link or guid Herald accepts; longer ones are junk or an attempt to bloat the store. */
const MAX_URL_LENGTH = 2048;
/** Dates further in the future than this are editor mistakes or clock games, not schedules. */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/** The fields of a raw rss-parser item that Herald reads, gathered under one name each. */
export interface CandidateItem {
  title: unknown;
  link: unknown;
  guid: unknown;
  date: unknown;
  /** RSS `<description>` or Atom `<summary>` (never the full content). */
  summary: unknown;
  /** The same summary, for link cards: optional, never a reason to drop an item. */
  description?: unknown;
  /** An image (an RSS image enclosure), for link cards: optional, never a reason to drop an item. */
  image?: unknown;
}

function describeWrongType(field: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined || issue.input === null || issue.input === ''
      ? `item has no ${field}`
      : `item ${field} is not plain text (it holds nested XML elements)`;
}

const titleSchema = z
  .string({ error: describeWrongType('title') })
  .trim()
  .min(1, { error: 'item has no title' })
  .transform((raw) => toPlainText(raw))
  .pipe(z.string().min(1, { error: 'item title is empty once markup and invisible characters are removed' }));

/** Longest summary read (plain-text code points): what a feed reader shows, not the whole post. */
const MAX_SUMMARY_LENGTH = 1000;

/** The summary as plain text, or nothing: a missing or odd summary never costs the item. */
const summarySchema = z
  .unknown()
  .transform((raw) => (typeof raw === 'string' ? toPlainText(raw, MAX_SUMMARY_LENGTH) : ''))
  .transform((text) => (text === '' ? undefined : text));

/** Longest summary kept: a link card shows a few lines at most. */
const MAX_DESCRIPTION_LENGTH = 300;

/** A summary for link cards: plain text, mentions neutralised, cut; absent when empty or not text. */
const descriptionSchema = z.unknown().transform((raw): string | undefined => {
  if (typeof raw !== 'string') return undefined;
  const text = neutraliseMentions(toPlainText(raw, MAX_DESCRIPTION_LENGTH));
  return text === '' ? undefined : text;
});

/** An image enclosure's absolute http(s) URL (resolved against the feed), or nothing. */
function imageSchema(feedUrl: string) {
  return z.unknown().transform((raw): string | undefined => {
    const enclosure = raw as { url?: unknown; type?: unknown } | undefined;
    if (typeof enclosure?.url !== 'string' || (typeof enclosure.type === 'string' && !enclosure.type.startsWith('image/'))) return undefined;
    try {
      const url = new URL(enclosure.url.trim(), feedUrl);
      const plain = (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
      return plain && url.href.length <= MAX_URL_LENGTH ? url.href : undefined;
    } catch {
      return undefined;
    }
  });
}

function linkSchema(feedUrl: string) {
  return z.string({ error: describeWrongType('link') }).transform((raw, ctx) => {
    const written = raw.trim();
    const shown = JSON.stringify(toPlainText(written, 80));
    if (written === '') {
      ctx.addIssue('item has no link');
      return z.NEVER;
    }
    let url: URL;
    try {
      url = new URL(written, feedUrl);
    } catch {
      ctx.addIssue(`item link ${shown} is not a valid URL`);
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue(`item link uses the ${url.protocol} scheme; only http and https links can be posted`);
      return z.NEVER;
    }
    if (url.username !== '' || url.password !== '') {
      ctx.addIssue(`item link ${shown} carries user:password credentials, a known way to disguise the real host`);
      return z.NEVER;
    }
    if (url.href.length > MAX_URL_LENGTH) {
      ctx.addIssue(`item link is longer than ${MAX_URL_LENGTH} characters`);
      return z.NEVER;
    }
    return url.href;
  });
}

const guidSchema = z
  .unknown()
  .transform((raw) => (typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined))
  .pipe(
    z
      .string()
      .max(MAX_URL_LENGTH, { error: `item guid is longer than ${MAX_URL_LENGTH} characters` })
      .optional(),
  );

function dateSchema(now: Date) {
  return z.unknown().transform((raw): Date | undefined => {
    if (typeof raw !== 'string' || raw.trim() === '') return undefined;
    const date = new Date(raw.trim());
    const time = date.getTime();
    if (Number.isNaN(time)) return undefined;
    if (time > now.getTime() + FUTURE_TOLERANCE_MS) return undefined;
    return date;
  });
}

/**
 * Identity of a guid: trimmed, and normalised like a link when it is an http(s) URL, so that a
 * feed switching `http://…/post/` to `https://…/post` in its guids does not look like new posts
 * to the same degree a raw comparison would. Opaque guids (`tag:…`, `1234`) are kept as written.
 */
export function normaliseGuid(guid: string): string {
  const trimmed = guid.trim();
  if (!/^https?:\/\//i.test(trimmed)) return trimmed;
  try {
    return normaliseLink(trimmed);
  } catch {
    return trimmed;
  }
}

/**
 * Validates one candidate item and cleans it into the fields of a `FeedItem`.
 *
 * Why a schema: every field of a feed item is attacker-controlled, and each rejection needs a
 * reason a maintainer can act on. Titles become sanitised plain text with mentions neutralised
 * (the title as written is kept when that changed it, so the hold can judge the handles it
 * named); the summary is kept as plain text for the hold (it is never posted as text; a shorter
 * copy with mentions neutralised is the link card's description, so the card shows only what the
 * hold read);
 * links are resolved against the feed URL and must be http(s) without credentials; guids are
 * optional; dates that are unparseable or more than a day ahead of `now` are dropped (never the
 * item: the Session feeds carry editor-chosen, date-only dates, so dates are hints, not facts).
 */
export function feedItemSchema(feedUrl: string, now: Date) {
  return z
    .object({
      title: titleSchema,
      link: linkSchema(feedUrl),
      guid: guidSchema,
      date: dateSchema(now),
      summary: summarySchema,
      description: descriptionSchema,
      image: imageSchema(feedUrl),
    })
    .transform(({ title: written, link, guid, date, summary, description, image }) => {
      const title = neutraliseMentions(written);
      return {
        key: guid === undefined ? normaliseLink(link) : normaliseGuid(guid),
        ...(guid === undefined ? {} : { guid }),
        link,
        title,
        ...(title === written ? {} : { writtenTitle: written }),
        ...(summary === undefined ? {} : { summary }),
        ...(date === undefined ? {} : { publishedAt: date }),
        ...(description === undefined ? {} : { description }),
        ...(image === undefined ? {} : { imageUrl: image }),
        feedUrl,
      };
    });
}
