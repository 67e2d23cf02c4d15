/** One entry for a built feed. Strings go in escaped; nothing else is filtered. */
export interface BuiltItem {
  title: string;
  link: string;
  guid?: string;
  /** A Date is formatted per the format; a string is written as-is (for invalid-date tests). */
  pubDate?: Date | string;
  description?: string;
  /** RSS only: `<enclosure url type length="0"/>` (an image for link cards). */
  enclosure?: { url: string; type: string };
}

export interface BuiltFeedOptions {
  title?: string;
  link?: string;
}

/**
 * Escapes text for XML content and attribute values.
 *
 * Characters that XML 1.0 forbids (NUL, most C0 controls) are deliberately passed through
 * untouched, so that hostile-input tests can build feeds carrying them; a feed built from
 * ordinary strings is well-formed.
 */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Formats a date; an invalid Date is written as `Invalid Date`, which feeds do contain. */
function formatDate(date: Date | string | undefined, format: 'rss' | 'atom'): string | undefined {
  if (!(date instanceof Date)) return date;
  if (Number.isNaN(date.getTime())) return String(date);
  return format === 'rss' ? date.toUTCString() : date.toISOString();
}

function element(name: string, text: string | undefined, indent: string): string {
  return text === undefined ? '' : `${indent}<${name}>${escapeXml(text)}</${name}>\n`;
}

/** RSS 2.0 feed text, as a blog generator would write it, for tests and the fake feed server. */
export function rss(items: BuiltItem[], options: BuiltFeedOptions = {}): string {
  const entries = items
    .map((item) => {
      const date = formatDate(item.pubDate, 'rss');
      const guid = item.guid === undefined ? '' : `      <guid isPermaLink="false">${escapeXml(item.guid)}</guid>\n`;
      return (
        '    <item>\n' +
        element('title', item.title, '      ') +
        element('link', item.link, '      ') +
        guid +
        element('pubDate', date, '      ') +
        element('description', item.description, '      ') +
        (item.enclosure === undefined ? '' : `      <enclosure url="${escapeXml(item.enclosure.url)}" type="${escapeXml(item.enclosure.type)}" length="0"/>\n`) +
        '    </item>\n'
      );
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<rss version="2.0">\n' +
    '  <channel>\n' +
    element('title', options.title ?? 'Test Blog', '    ') +
    element('link', options.link ?? 'https://blog.example', '    ') +
    element('description', 'A feed built for tests', '    ') +
    entries +
    '  </channel>\n' +
    '</rss>\n'
  );
}

/** Atom 1.0 feed text: `guid` becomes `<id>` (the link when absent), `pubDate` `<published>`. */
export function atom(items: BuiltItem[], options: BuiltFeedOptions = {}): string {
  const link = options.link ?? 'https://blog.example';
  const entries = items
    .map((item) => {
      const date = formatDate(item.pubDate, 'atom');
      return (
        '  <entry>\n' +
        element('title', item.title, '    ') +
        `    <link rel="alternate" href="${escapeXml(item.link)}"/>\n` +
        element('id', item.guid ?? item.link, '    ') +
        element('published', date, '    ') +
        element('updated', date, '    ') +
        element('summary', item.description, '    ') +
        '  </entry>\n'
      );
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<feed xmlns="http://www.w3.org/2005/Atom">\n' +
    element('title', options.title ?? 'Test Blog', '  ') +
    `  <link rel="alternate" href="${escapeXml(link)}"/>\n` +
    element('id', link, '  ') +
    entries +
    '</feed>\n'
  );
}
