import Parser from 'rss-parser';

/** One entry as rss-parser hands it over: loosely typed, because feeds are. */
export interface RawFeedItem {
  title?: unknown;
  link?: unknown;
  /** RSS `<guid>` (a string, or an object when the element is empty but has attributes). */
  guid?: unknown;
  /** Atom `<id>`. */
  id?: unknown;
  /** ISO form of `pubDate` / `dc:date` / Atom `published`/`updated`, when it was parseable. */
  isoDate?: unknown;
  pubDate?: unknown;
  /** Atom `<summary>`. */
  summary?: unknown;
  /** RSS `<description>` (read as a custom field: rss-parser's `content` is Atom's full content too). */
  description?: unknown;
  /** RSS `<enclosure url type length>`. */
  enclosure?: unknown;
  /** Media RSS `<media:thumbnail url>` (xml2js shape: `{ $: { url } }`). */
  mediaThumbnail?: unknown;
  /** Media RSS `<media:content url medium type>`, every one of them. */
  mediaContent?: unknown;
}

/** A parsed document before validation: channel title and loose items. */
export interface RawFeed {
  title?: unknown;
  items: RawFeedItem[];
}

interface AtomLink {
  $?: { href?: unknown; rel?: unknown };
  _?: unknown;
}

type XmlNode = Record<string, unknown>;

const basePrototype = Parser.prototype as unknown as {
  buildAtomFeed(this: Parser, xmlObj: XmlNode): unknown;
};

/**
 * rss-parser 3.13 throws on two kinds of Atom it meets in the wild: a `<link>` written with
 * text content instead of `href` (TypeError reading `rel`), and an unparseable `<published>` or
 * `<updated>` (RangeError from `toISOString`). One bad entry would lose the whole feed, so we
 * repair the parsed XML before its Atom builder runs: text links become `href` links, and
 * invalid dates are dropped (a missing date is not a reason to drop an item).
 */
function repairAtomLinks(node: XmlNode): void {
  const links = node.link;
  if (!Array.isArray(links)) return;
  node.link = links
    .map((link: unknown): AtomLink | undefined => {
      if (typeof link === 'string') return { $: { href: link.trim() } };
      if (link === null || typeof link !== 'object') return undefined;
      const shaped = link as AtomLink;
      if (shaped.$ && typeof shaped.$.href === 'string') return shaped;
      if (typeof shaped._ === 'string') return { $: { ...shaped.$, href: shaped._.trim() } };
      return undefined;
    })
    .filter((link): link is AtomLink => link !== undefined);
  if ((node.link as AtomLink[]).length === 0) delete node.link;
}

function dropInvalidAtomDates(entry: XmlNode): void {
  for (const field of ['published', 'updated']) {
    const values = entry[field];
    const first: unknown = Array.isArray(values) ? values[0] : undefined;
    if (typeof first !== 'string' || Number.isNaN(new Date(first).getTime())) delete entry[field];
  }
}

class TolerantParser extends Parser {
  buildAtomFeed(xmlObj: XmlNode): unknown {
    const feed = xmlObj.feed;
    if (feed !== null && typeof feed === 'object') {
      const feedNode = feed as XmlNode;
      repairAtomLinks(feedNode);
      const entries = Array.isArray(feedNode.entry) ? feedNode.entry : [];
      for (const entry of entries) {
        if (entry !== null && typeof entry === 'object') {
          repairAtomLinks(entry as XmlNode);
          dropInvalidAtomDates(entry as XmlNode);
        }
      }
      feedNode.entry = entries.filter((entry) => entry !== null && typeof entry === 'object');
    }
    return basePrototype.buildAtomFeed.call(this, xmlObj);
  }
}

/**
 * Parses RSS 0.9x/1.0/2.0 or Atom text into rss-parser's loose item shape.
 *
 * A fresh parser per call: rss-parser keeps one xml2js parser per instance, and sharing it
 * between concurrent feeds is not something it promises to support. `<rss>` without a version
 * is read as RSS 2.0. Throws whatever rss-parser/xml2js/sax throw; the caller wraps it.
 */
export async function readFeedDocument(xml: string): Promise<RawFeed> {
  const parser = new TolerantParser({
    defaultRSS: 2,
    customFields: { item: ['description', ['media:thumbnail', 'mediaThumbnail'], ['media:content', 'mediaContent', { keepArray: true }]] },
  } as ConstructorParameters<typeof Parser>[0]);
  const output = (await parser.parseString(xml)) as unknown as { title?: unknown; items?: unknown };
  const items = Array.isArray(output.items) ? (output.items as RawFeedItem[]) : [];
  return { title: output.title, items };
}
