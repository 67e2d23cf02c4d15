import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedFetchError, type FetchFeedOptions, fetchFeed } from '../../src/adapters/feed/fetch-feed.ts';
import { FeedParseError, type ParsedFeed, parseFeed } from '../../src/core/feed/parse-feed.ts';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';

/**
 * Every file in test/fixtures/hostile is served by the fake feed server and driven through the
 * real fetchFeed → parseFeed path; expected.json says what must come out. Item-holding policy
 * (offsite links, bursts) is decided elsewhere: here we only pin down what parsing yields.
 */

interface Expected {
  outcome: 'items' | 'parse-error' | 'fetch-error';
  generated?: string;
  reason?: string;
  contentType?: string;
  messageIncludes?: string;
  count?: number;
  rejected?: number;
  titles?: string[];
  titleLengths?: number[];
  keys?: string[];
  links?: string[];
  dates?: Array<string | null>;
  rejectReasons?: string[];
  feedTitle?: string;
}

const DIR = new URL('../fixtures/hostile/', import.meta.url);
const expectations = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as Record<string, Expected>;
const files = readdirSync(DIR).filter((name) => name !== 'expected.json').sort();
const NOW = new Date('2024-12-01T00:00:00Z');
const FEED_PATH = '/blog/feed.xml';
const OPTIONS: FetchFeedOptions = {
  timeoutMs: 5_000,
  maxBytes: 2_000_000,
  maxRedirects: 5,
  allowInsecure: true,
  userAgent: 'Herald-test/1.0',
};

/** Fixtures too big or too silly to commit, built here instead. */
const GENERATED: Record<string, () => string> = {
  'huge-title.xml': () =>
    rss([
      { title: 'Airdrop🚀'.repeat(12_500), link: 'https://getsession.org/blog/huge' },
      { title: 'Normal post', link: 'https://getsession.org/blog/normal' },
    ]),
};

function contentTypeFor(expected: Expected): string {
  return expected.contentType ?? 'application/rss+xml; charset=utf-8';
}

type Outcome = { kind: 'items'; feed: ParsedFeed } | { kind: 'fetch-error'; error: FeedFetchError } | { kind: 'parse-error'; error: FeedParseError };

let server: FakeFeed;
beforeAll(async () => {
  server = await startFakeFeed();
});
afterAll(async () => {
  await server.close();
});

async function drive(body: Buffer | string, contentType: string): Promise<Outcome> {
  server.reset();
  server.setFeed(FEED_PATH, body, { contentType });
  const url = server.feedUrl(FEED_PATH);
  try {
    const fetched = await fetchFeed(url, {}, OPTIONS);
    if (fetched.kind !== 'fetched') throw new Error('a first fetch without validators cannot be not-modified');
    return { kind: 'items', feed: await parseFeed(fetched.body, url, NOW) };
  } catch (error) {
    if (error instanceof FeedFetchError) return { kind: 'fetch-error', error };
    if (error instanceof FeedParseError) return { kind: 'parse-error', error };
    throw error;
  }
}

describe('hostile feed corpus', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    const expectedFiles = Object.entries(expectations)
      .filter(([, expected]) => expected.generated === undefined)
      .map(([name]) => name)
      .sort();
    expect(files).toEqual(expectedFiles);
    expect(files.length + Object.keys(GENERATED).length).toBeGreaterThanOrEqual(25);
  });

  for (const [name, expected] of Object.entries(expectations)) {
    it(`${name} → ${expected.outcome}`, async () => {
      const make = GENERATED[name];
      const body = make ? make() : readFileSync(new URL(name, DIR));
      const outcome = await drive(body, contentTypeFor(expected));
      const base = server.url;
      const withBase = (values: string[]) => values.map((value) => value.replace('{base}', base));

      if (outcome.kind !== expected.outcome) {
        const detail = outcome.kind === 'items' ? `${outcome.feed.items.length} items` : outcome.error.message;
        expect.fail(`${name}: expected ${expected.outcome}, got ${outcome.kind} (${detail})`);
      }
      if (outcome.kind === 'fetch-error') {
        expect(outcome.error.reason).toBe(expected.reason);
        expect(outcome.error.feedUrl).toBe(server.feedUrl(FEED_PATH));
        expect(outcome.error.message).toContain(server.feedUrl(FEED_PATH));
      }
      if (outcome.kind === 'fetch-error' || outcome.kind === 'parse-error') {
        if (expected.messageIncludes) expect(outcome.error.message).toContain(expected.messageIncludes);
        return;
      }
      const { items, rejected, title } = outcome.feed;
      expect(items).toHaveLength(expected.count ?? 0);
      expect(rejected).toHaveLength(expected.rejected ?? 0);
      if (expected.titles) expect(items.map((item) => item.title)).toEqual(expected.titles);
      if (expected.titleLengths) expect(items.map((item) => [...item.title].length)).toEqual(expected.titleLengths);
      if (expected.keys) expect(items.map((item) => item.key)).toEqual(withBase(expected.keys));
      if (expected.links) expect(items.map((item) => item.link)).toEqual(withBase(expected.links));
      if (expected.dates) expect(items.map((item) => item.publishedAt?.toISOString() ?? null)).toEqual(expected.dates);
      if (expected.feedTitle) expect(title).toBe(expected.feedTitle);
      expected.rejectReasons?.forEach((reason, index) => {
        expect(rejected[index]?.reason).toContain(reason);
      });
      for (const item of items) {
        expect(item.feedUrl).toBe(server.feedUrl(FEED_PATH));
        expect(item.link).toMatch(/^https?:\/\//);
        expect(item.title).not.toMatch(/[\p{Cc}\u202A-\u202E\u2066-\u2069\u200B\u200C\u2060\uFEFF]/u);
        expect(item.title).toBe(item.title.normalize('NFC'));
        expect(item.title.trim()).toBe(item.title);
      }
    });
  }

  it('never reads a local file through an external entity', async () => {
    const outcome = await drive(readFileSync(new URL('external-entity.xml', DIR)), 'application/rss+xml');
    expect(outcome.kind).toBe('parse-error');
    const text = outcome.kind === 'parse-error' ? outcome.error.message : '';
    expect(text).not.toContain('root:');
  });
});
