import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedParseError, type ParsedFeed, parseFeed } from '../../src/core/feed/parse-feed.ts';
import { readFeedDocument } from '../../src/core/feed/read-feed-document.ts';
import { atom, rss } from '../fakes/feed-builders.ts';

const NOW = new Date('2024-12-01T00:00:00Z');
const FEED_URL = 'https://getsession.org/feed.xml';
const SESSION_FEED = readFileSync(new URL('../fixtures/feeds/getsession-rss.xml', import.meta.url), 'utf8');

describe('parseFeed on the Session blog feed', () => {
  it('yields the seven posts with clean titles, link keys and dates, newest first', async () => {
    const feed = await parseFeed(SESSION_FEED, FEED_URL, NOW);
    expect(feed.title).toBe('Session Blog');
    expect(feed.rejected).toEqual([]);
    expect(feed.items.map((item) => item.title)).toEqual([
      'The Privacy Risks of Digital IDs: What You Need to Know',
      'Session User Survey: What Drives You to Join Online Communities?',
      'Celebrating Global Encryption Day',
      'Introducing the Session Technology Foundation',
      'Groups v2: a better way to connect with friends and family on Session',
      'The need for decentralised messaging',
      'Connecting one million users',
    ]);
    const [first] = feed.items;
    expect(first).toEqual({
      key: 'https://getsession.org/blog/the-privacy-risks-of-digital-ids-what-you-need-to-know',
      guid: 'https://getsession.org/blog/the-privacy-risks-of-digital-ids-what-you-need-to-know',
      link: 'https://getsession.org/blog/the-privacy-risks-of-digital-ids-what-you-need-to-know',
      title: 'The Privacy Risks of Digital IDs: What You Need to Know',
      summary:
        'Digital IDs are being promoted as a convenient way to verify who you are, but beneath the surface lies a web of privacy and security concerns that should not be ignored.',
      publishedAt: new Date('2024-11-26T00:00:00Z'),
      description:
        'Digital IDs are being promoted as a convenient way to verify who you are, but beneath the surface lies a web of privacy and security concerns that should not be ignored.',
      feedUrl: FEED_URL,
    });
    for (const item of feed.items) {
      expect(item.key).toBe(item.link);
      expect(item.link).toMatch(/^https:\/\/getsession\.org\/blog\/[a-z0-9-]+$/);
    }
  });

  it('gives the same keys whatever the dates say (dates never decide identity)', async () => {
    const redated = SESSION_FEED.replaceAll(/<pubDate>[^<]*<\/pubDate>/g, '<pubDate>Mon, 02 Dec 2024 00:00:00 GMT</pubDate>');
    const original = await parseFeed(SESSION_FEED, FEED_URL, NOW);
    const changed = await parseFeed(redated, FEED_URL, NOW);
    expect(changed.items.map((item) => item.key).sort()).toEqual(original.items.map((item) => item.key).sort());
  });
});

describe('parseFeed on built feeds', () => {
  const items = [
    { title: 'Older & wiser <3', link: 'https://getsession.org/blog/older', guid: 'post-1', pubDate: new Date('2024-11-01T00:00:00Z') },
    { title: 'Newer "quoted" \'post\'', link: 'https://getsession.org/blog/newer/', pubDate: new Date('2024-11-20T00:00:00Z') },
  ];

  it('reads RSS 2.0: guid as key, else normalised link; builder escaping round-trips', async () => {
    const feed = await parseFeed(rss(items, { title: 'Built' }), FEED_URL, NOW);
    expect(feed.title).toBe('Built');
    expect(feed.items.map((item) => [item.key, item.title])).toEqual([
      ['https://getsession.org/blog/newer', 'Newer "quoted" \'post\''],
      ['post-1', 'Older & wiser <3'],
    ]);
    expect(feed.items[0]?.guid).toBeUndefined();
    expect(feed.items[0]?.link).toBe('https://getsession.org/blog/newer/');
  });

  it('reads Atom: <id> is the guid, rel="alternate" is the link, published is the date', async () => {
    const feed = await parseFeed(atom(items), FEED_URL, NOW);
    expect(feed.items.map((item) => [item.key, item.guid, item.link, item.publishedAt?.toISOString()])).toEqual([
      ['https://getsession.org/blog/newer', 'https://getsession.org/blog/newer/', 'https://getsession.org/blog/newer/', '2024-11-20T00:00:00.000Z'],
      ['post-1', 'post-1', 'https://getsession.org/blog/older', '2024-11-01T00:00:00.000Z'],
    ]);
  });

  it('keeps feed order when some items have no date', async () => {
    const feed = await parseFeed(rss([items[0]!, { title: 'Undated', link: 'https://getsession.org/blog/undated' }, items[1]!]), FEED_URL, NOW);
    expect(feed.items.map((item) => item.title)).toEqual(['Older & wiser <3', 'Undated', 'Newer "quoted" \'post\'']);
  });

  it('keeps equal dates in feed order (date-only dates are common)', async () => {
    const day = new Date('2024-11-26T00:00:00Z');
    const feed = await parseFeed(
      rss(['a', 'b', 'c'].map((slug) => ({ title: slug, link: `https://getsession.org/blog/${slug}`, pubDate: day }))),
      FEED_URL,
      NOW,
    );
    expect(feed.items.map((item) => item.title)).toEqual(['a', 'b', 'c']);
  });

  it('drops a date more than a day ahead of now but keeps the item', async () => {
    const feed = await parseFeed(
      rss([
        { title: 'Soon', link: 'https://getsession.org/blog/soon', pubDate: new Date(NOW.getTime() + 23 * 3_600_000) },
        { title: 'Later', link: 'https://getsession.org/blog/later', pubDate: new Date(NOW.getTime() + 25 * 3_600_000) },
      ]),
      FEED_URL,
      NOW,
    );
    expect(feed.items.map((item) => [item.title, item.publishedAt !== undefined])).toEqual([
      ['Soon', true],
      ['Later', false],
    ]);
  });

  it('parses an empty feed to no items (which callers must not read as "all deleted")', async () => {
    expect(await parseFeed(rss([]), FEED_URL, NOW)).toEqual({ title: 'Test Blog', items: [], rejected: [] });
    expect((await parseFeed(atom([]), FEED_URL, NOW)).items).toEqual([]);
  });

  it('resolves relative links against the feed URL', async () => {
    const feed = await parseFeed(rss([{ title: 'Rel', link: 'posts/rel?utm_source=x' }]), 'https://getsession.org/blog/feed.xml', NOW);
    expect(feed.items[0]).toMatchObject({ link: 'https://getsession.org/blog/posts/rel?utm_source=x', key: 'https://getsession.org/blog/posts/rel' });
  });

  it('neutralises mentions in titles', async () => {
    const feed = await parseFeed(rss([{ title: 'Thanks @alice and $SESH', link: 'https://getsession.org/blog/thanks' }]), FEED_URL, NOW);
    expect(feed.items[0]?.title).toBe('Thanks alice and SESH');
    // Kept for the hold, which judges the accounts a title names.
    expect(feed.items[0]?.writtenTitle).toBe('Thanks @alice and $SESH');
  });

  it('keeps a plain-text summary and an image enclosure for link cards; a bad one costs only itself', async () => {
    const long = `<p>Session <b>V2</b> &amp; more, thanks @alice</p>${' word'.repeat(200)}`;
    const feed = await parseFeed(
      rss([
        { title: 'With card', link: 'https://getsession.org/blog/a', description: long, enclosure: { url: '/img/a.png', type: 'image/png' } },
        { title: 'Audio', link: 'https://getsession.org/blog/b', enclosure: { url: 'https://getsession.org/b.mp3', type: 'audio/mpeg' } },
        { title: 'Script', link: 'https://getsession.org/blog/c', description: '   ', enclosure: { url: 'javascript:alert(1)', type: 'image/png' } },
      ]),
      FEED_URL,
      NOW,
    );
    const [a, b, c] = feed.items;
    expect(a?.description).toMatch(/^Session V2 & more, thanks alice word word/);
    expect([...(a?.description ?? '')].length).toBeLessThanOrEqual(300);
    expect(a?.imageUrl).toBe(new URL('/img/a.png', FEED_URL).href);
    expect(b?.imageUrl).toBeUndefined();
    expect(c).toMatchObject({ title: 'Script' });
    expect(c?.description).toBeUndefined();
    expect(c?.imageUrl).toBeUndefined();
  });

  it('takes the image from Media RSS when there is no image enclosure (thumbnail, else an image media:content)', async () => {
    const xml = (media: string) =>
      `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title><item><title>M</title><link>https://getsession.org/blog/m</link>${media}</item></channel></rss>`;
    const image = async (media: string) => (await parseFeed(xml(media), FEED_URL, NOW)).items[0]?.imageUrl;
    expect(await image('<media:thumbnail url="https://getsession.org/t.png"/>')).toBe('https://getsession.org/t.png');
    expect(await image('<media:content url="https://getsession.org/v.mp4" medium="video"/><media:content url="https://getsession.org/c.jpg" type="image/jpeg"/>')).toBe('https://getsession.org/c.jpg');
    expect(await image('<media:content url="https://getsession.org/v.mp4" medium="video"/>')).toBeUndefined();
    expect(await image('<media:thumbnail>no url</media:thumbnail>')).toBeUndefined();
  });

  it('parses feeds concurrently without mixing them up', async () => {
    const feeds = Array.from({ length: 20 }, (_, n) => rss([{ title: `Feed ${n}`, link: `https://getsession.org/blog/${n}` }]));
    const parsed = await Promise.all(feeds.map((xml) => parseFeed(xml, FEED_URL, NOW)));
    expect(parsed.map((feed) => feed.items[0]?.title)).toEqual(feeds.map((_, n) => `Feed ${n}`));
  });
});

describe('parseFeed on hostile XML', () => {
  const bomb = (body: string) =>
    `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>` +
    `<rss version="2.0"><channel><title>t</title><item><title>${body}</title><link>https://getsession.org/x</link></item></channel></rss>`;

  it('refuses a DOCTYPE with an internal subset before parsing', async () => {
    await expect(parseFeed(bomb('&c;'), FEED_URL, NOW)).rejects.toThrow(FeedParseError);
    await expect(parseFeed(bomb('&c;'), FEED_URL, NOW)).rejects.toThrow(/declares its own XML entities/);
  });

  it('documents the parser underneath: sax never expands DOCTYPE entities, it errors on their use', async () => {
    await expect(readFeedDocument(bomb('&c;'))).rejects.toThrow(/Invalid character entity/);
    const unused = await readFeedDocument(bomb('plain'));
    expect(unused.items[0]?.title).toBe('plain');
  });

  it('rejects a DOCTYPE placed after the root element', async () => {
    const late = '<rss version="2.0"><!DOCTYPE x [<!ENTITY a "b">]><channel><title>t</title></channel></rss>';
    await expect(parseFeed(late, FEED_URL, NOW)).rejects.toBeInstanceOf(FeedParseError);
  });

  it.each([
    ['empty string', ''],
    ['plain text', 'hello'],
    ['HTML page', '<!DOCTYPE html><html><body><p>hi</p></body></html>'],
    ['JSON', '{"items":[]}'],
    ['truncated', '<rss version="2.0"><channel><item><title>x'],
    ['unknown root', '<?xml version="1.0"?><opml version="2.0"><body/></opml>'],
    ['rss without channel', '<rss version="2.0"/>'],
  ])('turns %s into FeedParseError', async (_name, xml) => {
    const error = await parseFeed(xml, FEED_URL, NOW).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FeedParseError);
    expect((error as FeedParseError).feedUrl).toBe(FEED_URL);
    expect((error as FeedParseError).message).toContain(FEED_URL);
  });

  it('rejects items with nested elements as titles or links, keeping the rest', async () => {
    const xml =
      '<rss version="2.0"><channel><title>t</title>' +
      '<item><title><b>x</b></title><link>https://getsession.org/a</link></item>' +
      '<item><title>ok</title><link><a>https://getsession.org/b</a></link></item>' +
      '<item><title>fine</title><link>https://getsession.org/c</link><guid isPermaLink="false"/></item>' +
      '</channel></rss>';
    const feed = await parseFeed(xml, FEED_URL, NOW);
    expect(feed.items.map((item) => item.key)).toEqual(['https://getsession.org/c']);
    expect(feed.rejected.map((rejected) => rejected.reason)).toEqual([
      'item title is not plain text (it holds nested XML elements)',
      'item link is not plain text (it holds nested XML elements)',
    ]);
  });

  it('rejects an absurdly long guid', async () => {
    const feed = await parseFeed(rss([{ title: 'Long', link: 'https://getsession.org/l', guid: 'g'.repeat(5_000) }]), FEED_URL, NOW);
    expect(feed.items).toEqual([]);
    expect(feed.rejected[0]?.reason).toContain('guid is longer than 2048');
  });
});

/** What every successful parse must satisfy, whatever the input. */
function expectValidated(feed: ParsedFeed): void {
  const keys = new Set<string>();
  for (const item of feed.items) {
    expect(item.title.length).toBeGreaterThan(0);
    expect(item.title).not.toMatch(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u);
    expect(new URL(item.link).protocol).toMatch(/^https?:$/);
    expect(item.key.length).toBeGreaterThan(0);
    expect(keys.has(item.key)).toBe(false);
    keys.add(item.key);
    if (item.publishedAt) expect(item.publishedAt.getTime()).toBeLessThanOrEqual(NOW.getTime() + 86_400_000);
  }
}

async function parseOrParseError(xml: string): Promise<void> {
  try {
    expectValidated(await parseFeed(xml, FEED_URL, NOW));
  } catch (error) {
    if (!(error instanceof FeedParseError)) throw error;
  }
}

describe('parseFeed properties', () => {
  it('on arbitrary strings: validated items or FeedParseError, nothing else', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), parseOrParseError), { numRuns: 300 });
  });

  it('on arbitrary XML-ish soup: validated items or FeedParseError, nothing else', async () => {
    const fragment = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(
        '<?xml version="1.0"?>', '<rss version="2.0">', '</rss>', '<rss>', '<channel>', '</channel>', '<item>', '</item>',
        '<title>', '</title>', '<link>', '</link>', '<guid>', '</guid>', '<pubDate>', '</pubDate>', '<feed xmlns="http://www.w3.org/2005/Atom">',
        '</feed>', '<entry>', '</entry>', '<link href="/a"/>', '<link rel="alternate" href="javascript:x"/>', '<id>', '</id>',
        '<published>', '</published>', '<![CDATA[', ']]>', '&amp;', '&lt;', '&#0;', '&#x202E;', '&lol;', '<!DOCTYPE rss [', '<!ENTITY a "b">', ']>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', '</rdf:RDF>', 'https://getsession.org/x', 'data:x', '@alice', '2024-11-26T00:00:00Z',
      ) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    );
    await fc.assert(fc.asyncProperty(fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join('')), parseOrParseError), { numRuns: 500 });
  });

  it('on mutated real feeds: validated items or FeedParseError, nothing else', async () => {
    const mutation = fc.record({ at: fc.nat(SESSION_FEED.length), cut: fc.nat(40), insert: fc.string({ unit: 'binary', maxLength: 8 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        let xml = SESSION_FEED;
        for (const { at, cut, insert } of mutations) xml = xml.slice(0, at) + insert + xml.slice(at + cut);
        await parseOrParseError(xml);
      }),
      { numRuns: 300 },
    );
  });

  it('on built feeds with arbitrary fields: only validated items come out', async () => {
    const item = fc.record({
      title: fc.string({ unit: 'binary', maxLength: 60 }),
      link: fc.oneof(fc.webUrl(), fc.string({ maxLength: 30 }), fc.constantFrom('javascript:alert(1)', '/rel', '//x.example/p')),
      guid: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
      pubDate: fc.option(fc.oneof(fc.date(), fc.string({ maxLength: 20 })), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 8 }), fc.boolean(), async (items, useAtom) => {
        await parseOrParseError(useAtom ? atom(items) : rss(items));
      }),
      { numRuns: 300 },
    );
  });
});
