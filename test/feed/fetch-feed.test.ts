import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedFetchError, type FetchFeedOptions, fetchFeed } from '../../src/adapters/feed/fetch-feed.ts';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';

const FEED = rss([{ title: 'Hello', link: 'https://getsession.org/blog/hello', pubDate: new Date('2024-11-26T00:00:00Z') }]);

const OPTIONS: FetchFeedOptions = {
  timeoutMs: 5_000,
  maxBytes: 1_000_000,
  maxRedirects: 5,
  allowInsecure: true,
  userAgent: 'Herald-test/1.0 (+https://getsession.org)',
};

let server: FakeFeed;
beforeAll(async () => {
  server = await startFakeFeed();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

/** Runs fetchFeed and returns the FeedFetchError it must throw (fails the test otherwise). */
async function fetchError(url: string, options: Partial<FetchFeedOptions> = {}): Promise<FeedFetchError> {
  try {
    const result = await fetchFeed(url, {}, { ...OPTIONS, ...options });
    throw new Error(`expected a FeedFetchError, got ${result.kind}`);
  } catch (error) {
    if (error instanceof FeedFetchError) return error;
    throw error;
  }
}

/**
 * A stand-in for a TLS-terminating front: https:// URLs are sent to the fake server over
 * http://, so redirects from an "https" origin can be tested without certificates. Real
 * sockets all the way; only the scheme is translated.
 */
function httpsFront(): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol === 'https:') url.protocol = 'http:';
    return fetch(url, init);
  };
}

describe('fetchFeed', () => {
  it('fetches a feed and returns its body, final URL and validators', async () => {
    server.setFeed('/rss.xml', FEED);
    const result = await fetchFeed(server.feedUrl(), {}, OPTIONS);
    expect(result.kind).toBe('fetched');
    if (result.kind !== 'fetched') return;
    expect(result.body).toBe(FEED);
    expect(result.finalUrl).toBe(server.feedUrl());
    expect(result.validators.etag).toMatch(/^"[0-9a-f]+"$/);
    expect(result.validators.lastModified).toMatch(/GMT$/);
    const [request] = server.requests;
    expect(request?.headers['user-agent']).toBe(OPTIONS.userAgent);
    expect(request?.headers.accept).toContain('application/rss+xml');
  });

  it('makes the second fetch conditional and gets not-modified', async () => {
    server.setFeed('/rss.xml', FEED);
    const first = await fetchFeed(server.feedUrl(), {}, OPTIONS);
    if (first.kind !== 'fetched') throw new Error('first fetch must fetch');
    const second = await fetchFeed(server.feedUrl(), first.validators, OPTIONS);
    expect(second).toEqual({ kind: 'not-modified' });
    const [, conditional] = server.requests;
    expect(conditional?.headers['if-none-match']).toBe(first.validators.etag);
    expect(conditional?.headers['if-modified-since']).toBe(first.validators.lastModified);
    expect(conditional?.status).toBe(304);
  });

  it('uses If-Modified-Since alone when the server sends no ETag', async () => {
    server.setFeed('/rss.xml', FEED, { etag: false });
    const first = await fetchFeed(server.feedUrl(), {}, OPTIONS);
    if (first.kind !== 'fetched') throw new Error('first fetch must fetch');
    expect(first.validators.etag).toBeUndefined();
    expect(await fetchFeed(server.feedUrl(), first.validators, OPTIONS)).toEqual({ kind: 'not-modified' });
  });

  it('fetches again when the feed changed since the validators were taken', async () => {
    server.setFeed('/rss.xml', FEED);
    const first = await fetchFeed(server.feedUrl(), {}, OPTIONS);
    if (first.kind !== 'fetched') throw new Error('first fetch must fetch');
    const changed = rss([{ title: 'Newer', link: 'https://getsession.org/blog/newer' }]);
    server.setFeed('/rss.xml', changed, { lastModified: false });
    const second = await fetchFeed(server.feedUrl(), first.validators, OPTIONS);
    expect(second.kind === 'fetched' && second.body).toBe(changed);
  });

  it('reads a gzip-encoded body', async () => {
    server.setFeed('/rss.xml', FEED, { gzip: true });
    const result = await fetchFeed(server.feedUrl(), {}, OPTIONS);
    expect(result.kind === 'fetched' && result.body).toBe(FEED);
  });

  it('refuses a body over the cap, by Content-Length before reading it', async () => {
    server.setFeed('/rss.xml', FEED + ' '.repeat(5_000));
    const error = await fetchError(server.feedUrl(), { maxBytes: 4_096 });
    expect(error.reason).toBe('too-large');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('4096-byte limit');
  });

  it('stops a gzip bomb once the decompressed bytes pass the cap', async () => {
    const bomb = Buffer.alloc(40_000_000, 0x20);
    bomb.write('<?xml version="1.0"?><rss version="2.0"><channel>');
    server.setFeed('/rss.xml', bomb, { gzip: true });
    const error = await fetchError(server.feedUrl(), { maxBytes: 1_000_000 });
    expect(error.reason).toBe('too-large');
    expect(error.message).toContain('1000000-byte limit');
    const [request] = server.requests;
    expect(request?.headers['accept-encoding']).toContain('gzip');
  });

  it('counts bytes of a body without Content-Length while streaming (trickle)', async () => {
    server.setFeed('/rss.xml', FEED);
    server.failNext('/rss.xml', { kind: 'trickle', bytesPerSecond: 100_000, totalBytes: 20_000 });
    const error = await fetchError(server.feedUrl(), { maxBytes: 5_000 });
    expect(error.reason).toBe('too-large');
  });

  it('fails a body trickled forever at the deadline', async () => {
    server.failNext('/rss.xml', { kind: 'trickle', bytesPerSecond: 40 });
    // A body that never ends: only the deadline can end the fetch (without it the test hangs),
    // and the error says which deadline it was. No stopwatch.
    const error = await fetchError(server.feedUrl(), { timeoutMs: 400 });
    expect(error.reason).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('within 400 ms');
    expect(server.requests[0]?.status).toBe(200);
  });

  it('fails a server that never answers at the deadline', async () => {
    // The server never answers: only the deadline can end the fetch (else the test times out).
    server.failNext('/rss.xml', { kind: 'stall' });
    const error = await fetchError(server.feedUrl(), { timeoutMs: 300 });
    expect(error.reason).toBe('timeout');
    expect(error.message).toContain('300 ms');
  });

  it('reports a dropped connection as a retryable network error', async () => {
    server.failNext('/rss.xml', { kind: 'drop' });
    const error = await fetchError(server.feedUrl());
    expect(error.reason).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('retry with backoff');
  });

  it('reports a refused connection as a retryable network error', async () => {
    const gone = await startFakeFeed();
    const url = gone.feedUrl();
    await gone.close();
    const error = await fetchError(url);
    expect(error.reason).toBe('network');
    expect(error.message).toContain(url);
  });

  it('reports 5xx as retryable and says Herald will retry', async () => {
    server.failNext('/rss.xml', { kind: 'status', status: 503 });
    const error = await fetchError(server.feedUrl());
    expect(error).toMatchObject({ reason: 'http-status', status: 503, retryable: true, feedUrl: server.feedUrl() });
    expect(error.message).toBe(`Feed ${server.feedUrl()} answered HTTP 503 Service Unavailable; Herald will retry with backoff.`);
  });

  it('reports 404 as final, pointing at the feed URL in the config', async () => {
    const error = await fetchError(server.feedUrl('/missing.xml'));
    expect(error).toMatchObject({ reason: 'http-status', status: 404, retryable: false });
    expect(error.message).toContain("check the feed URL in Herald's config");
  });

  it('treats 429 Too Many Requests as retryable', async () => {
    server.failNext('/rss.xml', { kind: 'status', status: 429 });
    expect((await fetchError(server.feedUrl())).retryable).toBe(true);
  });

  it('follows a chain of 5 redirects (relative and absolute Locations)', async () => {
    server.setFeed('/final.xml', FEED);
    server.setRedirect('/r1', '/r2', 301);
    server.setRedirect('/r2', `${server.url}/r3`, 302);
    server.setRedirect('/r3', 'r4', 303);
    server.setRedirect('/r4', '/r5', 307);
    server.setRedirect('/r5', '/final.xml', 308);
    const result = await fetchFeed(server.feedUrl('/r1'), {}, OPTIONS);
    expect(result.kind === 'fetched' && result.finalUrl).toBe(server.feedUrl('/final.xml'));
    expect(server.requests.map((request) => request.path)).toEqual(['/r1', '/r2', '/r3', '/r4', '/r5', '/final.xml']);
  });

  it('gives up on the sixth redirect', async () => {
    server.setFeed('/final.xml', FEED);
    for (let hop = 0; hop < 6; hop += 1) server.setRedirect(`/r${hop}`, hop === 5 ? '/final.xml' : `/r${hop + 1}`);
    const error = await fetchError(server.feedUrl('/r0'));
    expect(error).toMatchObject({ reason: 'too-many-redirects', retryable: false });
    expect(error.message).toContain('more than 5 times');
    expect(server.requests.some((request) => request.path === '/final.xml')).toBe(false);
  });

  it('refuses a redirect loop', async () => {
    server.setRedirect('/a', '/b');
    server.setRedirect('/b', '/a');
    expect((await fetchError(server.feedUrl('/a'))).reason).toBe('too-many-redirects');
  });

  it('refuses http:// unless allowInsecure', async () => {
    server.setFeed('/rss.xml', FEED);
    const error = await fetchError(server.feedUrl(), { allowInsecure: false });
    expect(error).toMatchObject({ reason: 'insecure-url', retryable: false });
    expect(error.message).toContain('https://');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a redirect from https to http', async () => {
    const httpsUrl = (path: string) => `${server.url.replace('http:', 'https:')}${path}`;
    server.setFeed('/final.xml', FEED);
    server.setRedirect('/secure.xml', `${server.url}/final.xml`);
    const error = await fetchError(httpsUrl('/secure.xml'), { allowInsecure: false, fetch: httpsFront() });
    expect(error.reason).toBe('insecure-url');
    expect(error.message).toContain(`redirected to ${server.url}/final.xml`);
    expect(server.requests.map((request) => request.path)).toEqual(['/secure.xml']);
  });

  it('follows a redirect from https to https (the front used by the downgrade test works)', async () => {
    server.setFeed('/final.xml', FEED);
    server.setRedirect('/secure.xml', '/final.xml');
    const url = `${server.url.replace('http:', 'https:')}/secure.xml`;
    const result = await fetchFeed(url, {}, { ...OPTIONS, allowInsecure: false, fetch: httpsFront() });
    expect(result.kind === 'fetched' && result.body).toBe(FEED);
  });

  it('never follows a redirect to file:, data: or ftp:', async () => {
    for (const target of ['file:///etc/passwd', 'data:application/rss+xml,<rss/>', 'ftp://example.com/feed.xml']) {
      server.reset();
      server.setRedirect('/rss.xml', target);
      const error = await fetchError(server.feedUrl());
      expect(error.reason).toBe('insecure-url');
    }
  });

  it('refuses unparseable URLs and non-web schemes before any request', async () => {
    expect((await fetchError('not a url')).reason).toBe('bad-url');
    expect((await fetchError('file:///etc/passwd')).reason).toBe('insecure-url');
  });

  it('never prints URL credentials', async () => {
    const withSecret = server.feedUrl().replace('http://', 'http://user:s3cret@');
    const error = await fetchError(withSecret);
    expect(error.reason).toBe('bad-url');
    expect(error.message).not.toContain('s3cret');
    expect(error.feedUrl).not.toContain('s3cret');
  });

  it('rejects an HTML page and a JSON body as not-xml, with a helpful message', async () => {
    server.setFeed('/rss.xml', '<!doctype html><html><body>Moved</body></html>', { contentType: 'text/html' });
    const html = await fetchError(server.feedUrl());
    expect(html).toMatchObject({ reason: 'not-xml', retryable: false });
    expect(html.message).toContain('text/html');
    server.setFeed('/rss.xml', '  {"items": []}', { contentType: 'application/json' });
    expect((await fetchError(server.feedUrl())).reason).toBe('not-xml');
  });

  it('accepts a feed served with a wrong content type when the body is a feed', async () => {
    server.setFeed('/rss.xml', `\uFEFF${FEED}`, { contentType: 'text/html; charset=utf-8' });
    const result = await fetchFeed(server.feedUrl(), {}, OPTIONS);
    expect(result.kind).toBe('fetched');
  });

  it('treats nonsensical options as a caller bug (TypeError), not a feed failure', async () => {
    await expect(fetchFeed(server.feedUrl(), {}, { ...OPTIONS, timeoutMs: Number.NaN })).rejects.toThrow(TypeError);
    await expect(fetchFeed(server.feedUrl(), {}, { ...OPTIONS, maxBytes: 0 })).rejects.toThrow(/maxBytes/);
    await expect(fetchFeed(server.feedUrl(), {}, { ...OPTIONS, maxRedirects: -1 })).rejects.toThrow(/maxRedirects/);
  });

  it('never throws anything but FeedFetchError', async () => {
    const faults = [{ kind: 'drop' as const }, { kind: 'status' as const, status: 500 }, { kind: 'stall' as const }];
    for (const fault of faults) {
      server.failNext('/rss.xml', fault);
      await expect(fetchFeed(server.feedUrl(), {}, { ...OPTIONS, timeoutMs: 300 })).rejects.toBeInstanceOf(FeedFetchError);
    }
  });
});
