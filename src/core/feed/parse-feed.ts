import { redactUrl } from '../../domain/redact-url.ts';
import { feedItemSchema, type CandidateItem } from './feed-item-schema.ts';
import { toPlainText } from './plain-text.ts';
import { readFeedDocument, type RawFeedItem } from './read-feed-document.ts';
import { scanXmlProlog } from './scan-xml-prolog.ts';

/** One post announced by a feed, validated and cleaned, ready for the "is it new?" decision. */
export interface FeedItem {
  /**
   * Identity of the post: the normalised guid (Atom `<id>`), else the normalised link.
   * Never derived from dates, which editors change.
   */
  key: string;
  /** The guid/id as written (trimmed), for logs and for telling re-keyed feeds apart. */
  guid?: string;
  /** Absolute http(s) URL of the post, resolved against the feed URL. */
  link: string;
  /** Plain-text title: no markup, no invisible characters, mentions and cashtags neutralised. */
  title: string;
  /** The title as written (plain text, sigils kept), when neutralising mentions changed it. */
  writtenTitle?: string;
  /**
   * RSS `<description>` / Atom `<summary>` as plain text, cut to 1000 characters. Never posted:
   * read only by the hold, since a hijacked feed may hide its scam there as well as in the title.
   */
  summary?: string;
  /** The same summary, shorter (at most 300 characters), for link cards. */
  description?: string;
  /** The item's image (an RSS image enclosure), for link cards; not checked here. */
  imageUrl?: string;
  /** Publication date, when the feed gave a valid one not more than a day in the future. */
  publishedAt?: Date;
  feedUrl: string;
}

/** An entry that could not become a `FeedItem`, kept so the reason can be logged and counted. */
export interface RejectedItem {
  reason: string;
  /** Sanitised and shortened, safe to log. */
  title?: string;
  /** Sanitised and shortened, safe to log. */
  link?: string;
}

/** A feed's usable items plus the entries refused, so a bad entry is counted instead of silently lost. */
export interface ParsedFeed {
  title?: string;
  /**
   * Newest first when every item has a date (ties keep feed order), otherwise feed order.
   * May be empty for a valid feed: an empty list means "nothing to announce right now", never
   * "every post was deleted" — callers must not forget or re-baseline what they saw before.
   */
  items: FeedItem[];
  rejected: RejectedItem[];
}

/** The feed body could not be read as a feed at all. Not retryable until the body changes. */
export class FeedParseError extends Error {
  readonly feedUrl: string;

  constructor(feedUrl: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedParseError';
    this.feedUrl = feedUrl;
  }
}

/**
 * sax reports XML errors with a line and column; rss-parser's own failures are bare TypeErrors
 * from reading a shape that is not there (an `<rss>` without `<channel>`), which say nothing
 * useful to an operator, so they are described instead of quoted.
 */
function describeParserFailure(error: unknown): string {
  if (error instanceof TypeError || error instanceof RangeError) {
    return 'the XML is not shaped like RSS or Atom, e.g. an <rss> without a <channel>';
  }
  return firstLine(error);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return toPlainText(message.split('\n')[0] ?? '', 200);
}

function toCandidate(raw: RawFeedItem): CandidateItem {
  return {
    title: raw.title,
    link: raw.link,
    guid: raw.guid ?? raw.id,
    date: raw.isoDate ?? raw.pubDate,
    summary: raw.summary ?? raw.description,
    description: raw.summary ?? raw.description,
    image: imageOf(raw),
  };
}

function describeRejected(candidate: CandidateItem, reason: string): RejectedItem {
  const rejected: RejectedItem = { reason };
  const title = typeof candidate.title === 'string' ? toPlainText(candidate.title, 200) : '';
  const link = typeof candidate.link === 'string' ? toPlainText(candidate.link, 300) : '';
  if (title !== '') rejected.title = title;
  if (link !== '') rejected.link = link;
  return rejected;
}

async function readOrExplain(xml: string, feedUrl: string) {
  if (typeof xml !== 'string') {
    throw new FeedParseError(feedUrl, `Feed ${redactUrl(feedUrl)} gave no text to parse; this is a bug in the caller.`);
  }
  const prolog = scanXmlProlog(xml);
  if (prolog.hasInternalSubset) {
    throw new FeedParseError(
      feedUrl,
      `Feed ${redactUrl(feedUrl)} declares its own XML entities (a DOCTYPE with an internal subset), the vehicle of ` +
        'entity-expansion and external-entity attacks. Herald refuses such documents; no real RSS or Atom feed needs one.',
    );
  }
  try {
    return await readFeedDocument(xml);
  } catch (error) {
    throw new FeedParseError(
      feedUrl,
      `Feed ${redactUrl(feedUrl)} is not valid RSS or Atom (${describeParserFailure(error)}). Herald will keep polling; ` +
        'check the feed in a validator if this persists.',
      { cause: error },
    );
  }
}

function sortNewestFirst(items: FeedItem[]): FeedItem[] {
  if (!items.every((item) => item.publishedAt !== undefined)) return items;
  return items.toSorted((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime());
}

/**
 * Parses feed text into validated, cleaned items plus the entries it refused and why.
 *
 * Why it never throws anything but `FeedParseError`: the poller must tell "this feed is broken
 * today" from a bug in Herald, so every parser failure — malformed XML, an HTML page, an
 * entity bomb — arrives as one typed error naming the feed. Items are checked one by one, so a
 * single bad entry costs only itself. Duplicate keys keep the first occurrence. Dates never
 * decide identity; `now` only bounds how far in the future a believable date may be.
 */
export async function parseFeed(xml: string, feedUrl: string, now: Date): Promise<ParsedFeed> {
  try {
    const document = await readOrExplain(xml, feedUrl);
    const schema = feedItemSchema(feedUrl, now);
    const items: FeedItem[] = [];
    const rejected: RejectedItem[] = [];
    const seen = new Set<string>();
    for (const raw of document.items) {
      const candidate = toCandidate(raw !== null && typeof raw === 'object' ? raw : {});
      const result = schema.safeParse(candidate);
      if (!result.success) {
        const reason = result.error.issues.map((issue) => issue.message).join('; ');
        rejected.push(describeRejected(candidate, reason));
        continue;
      }
      if (seen.has(result.data.key)) {
        rejected.push(describeRejected(candidate, `duplicate of an earlier item with key ${toPlainText(result.data.key, 200)}`));
        continue;
      }
      seen.add(result.data.key);
      items.push(result.data);
    }
    const title = typeof document.title === 'string' ? toPlainText(document.title, 300) : '';
    return { ...(title === '' ? {} : { title }), items: sortNewestFirst(items), rejected };
  } catch (error) {
    if (error instanceof FeedParseError) throw error;
    throw new FeedParseError(feedUrl, `Feed ${redactUrl(feedUrl)} could not be parsed (${firstLine(error)}).`, {
      cause: error,
    });
  }
}

/** The item's image: an image enclosure, else a Media RSS thumbnail, else an image media:content. */
function imageOf(raw: RawFeedItem): { url?: unknown; type?: unknown } | undefined {
  const attributes = (node: unknown) => (node as { $?: { url?: unknown; type?: unknown; medium?: unknown } } | undefined)?.$;
  const enclosure = raw.enclosure as { url?: unknown; type?: unknown } | undefined;
  if (typeof enclosure?.url === 'string' && (typeof enclosure.type !== 'string' || enclosure.type.startsWith('image/'))) return enclosure;
  const thumbnail = attributes(Array.isArray(raw.mediaThumbnail) ? raw.mediaThumbnail[0] : raw.mediaThumbnail);
  if (typeof thumbnail?.url === 'string') return { url: thumbnail.url };
  const contents = Array.isArray(raw.mediaContent) ? raw.mediaContent.map(attributes) : [];
  const image = contents.find((c) => typeof c?.url === 'string' && (c.medium === 'image' || (typeof c.type === 'string' && c.type.startsWith('image/'))));
  return image === undefined ? undefined : { url: image.url, type: image.type };
}
