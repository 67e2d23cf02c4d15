import { createHash } from 'node:crypto';
import { escapeUTF8 } from 'entities/escape';
import type { Context } from 'hono';
import type { Announcement } from '../../core/public/list-announcements.ts';

const FEED_TITLE = 'Session Technology Foundation — official announcements';

/** Characters XML 1.0 forbids (a title is plain text already; this is the last guard). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xml = (text: string) => escapeUTF8(text.replace(NOT_XML, ''));

const isoOf = (a: Announcement) => `${a.date}T00:00:00Z`;

/** The list as JSON Feed 1.1, each item with the posts Herald made (`_herald`). */
export function jsonFeed(list: Announcement[], base: string | undefined): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: FEED_TITLE,
    ...(base === undefined ? {} : { home_page_url: `${base}/`, feed_url: `${base}/official.json` }),
    items: list.map((a) => ({
      id: a.item.link,
      url: a.item.link,
      title: a.item.title,
      date_published: isoOf(a),
      _herald: { key: a.item.id, posts: a.posts.map((p) => ({ platform: p.platform, url: p.url, retracted: p.retracted })) },
    })),
  });
}

/** The list as Atom 1.0; each entry links to the announcement and to Herald's posts of it. */
export function atomFeed(list: Announcement[], base: string | undefined): string {
  const updated = list[0] === undefined ? '1970-01-01T00:00:00Z' : isoOf(list[0]);
  const entries = list.map(
    (a) => `  <entry>
    <id>${xml(a.item.link)}</id>
    <title type="text">${xml(a.item.title)}</title>
    <link rel="alternate" href="${xml(a.item.link)}"/>
${a.posts.map((p) => `    <link rel="related" title="${p.platform}${p.retracted ? ' (retracted)' : ''}" href="${xml(p.url)}"/>\n`).join('')}    <updated>${isoOf(a)}</updated>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${base === undefined ? 'urn:herald:official-announcements' : xml(`${base}/official.atom`)}</id>
  <title>${xml(FEED_TITLE)}</title>
  <updated>${updated}</updated>
  <author><name>Session Technology Foundation</name></author>
${base === undefined ? '' : `  <link rel="self" href="${xml(`${base}/official.atom`)}"/>\n  <link rel="alternate" href="${xml(`${base}/`)}"/>\n`}${entries.join('\n')}
</feed>
`;
}

/**
 * Answers a feed so others can mirror it: open CORS (it is public, read-only and carries no
 * credentials), cacheable for a minute, with an ETag of its bytes; a matching If-None-Match gets
 * 304 and no body.
 */
export function sendFeed(c: Context, body: string, contentType: string): Response {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = {
    'access-control-allow-origin': '*',
    'cache-control': 'public, max-age=60',
    etag,
    vary: 'Accept-Encoding',
  };
  const asked = c.req.header('if-none-match') ?? '';
  if (asked.split(',').some((tag) => tag.trim().replace(/^W\//u, '') === etag || tag.trim() === '*')) {
    return c.body(null, 304, headers);
  }
  return c.body(body, 200, { ...headers, 'content-type': contentType });
}
