import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';

/** The fake feed server is test infrastructure other suites rely on, so it gets its own checks. */
describe('startFakeFeed', () => {
  let server: FakeFeed;
  beforeEach(async () => {
    server = await startFakeFeed();
  });
  afterEach(async () => {
    await server.close();
  });

  it('serves a feed with ETag and Last-Modified and answers 304 to either validator', async () => {
    server.setFeed('/rss.xml', rss([]));
    const first = await fetch(server.feedUrl());
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/rss+xml');
    await first.text();
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect((await fetch(server.feedUrl(), { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(server.feedUrl(), { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
    const stale = await fetch(server.feedUrl(), { headers: { 'if-none-match': '"other"', 'if-modified-since': lastModified } });
    expect(stale.status).toBe(200);
    await stale.text();
    expect(server.requests.map((request) => request.status)).toEqual([200, 304, 304, 200]);
  });

  it('gzips when asked and the client accepts it', async () => {
    server.setFeed('/rss.xml', 'x'.repeat(1000), { gzip: true });
    const { request } = await import('node:http');
    const raw = await new Promise<Buffer>((resolve, reject) => {
      request(server.feedUrl(), { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        expect(res.headers['content-encoding']).toBe('gzip');
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
        .on('error', reject)
        .end();
    });
    expect(gunzipSync(raw).toString()).toBe('x'.repeat(1000));
  });

  it('plays scripted faults in order, then serves normally again', async () => {
    server.setFeed('/rss.xml', 'ok');
    server.failNext('/rss.xml', { kind: 'status', status: 500 }, { kind: 'status', status: 429, body: 'slow down' });
    expect((await fetch(server.feedUrl())).status).toBe(500);
    const limited = await fetch(server.feedUrl());
    expect([limited.status, await limited.text()]).toEqual([429, 'slow down']);
    expect(await (await fetch(server.feedUrl())).text()).toBe('ok');
  });

  it('redirects, and answers 404 for unknown paths', async () => {
    server.setRedirect('/old.xml', '/rss.xml', 308);
    const moved = await fetch(server.feedUrl('/old.xml'), { redirect: 'manual' });
    expect([moved.status, moved.headers.get('location')]).toEqual([308, '/rss.xml']);
    expect((await fetch(server.feedUrl('/nothing'))).status).toBe(404);
  });

  it('waits for requests by event and rejects clearly at the deadline', async () => {
    server.setFeed('/rss.xml', 'ok');
    const waiting = server.waitForRequests('/rss.xml', 2);
    await (await fetch(server.feedUrl())).text();
    await (await fetch(server.feedUrl())).text();
    expect(await waiting).toHaveLength(2);
    await expect(server.waitForRequests('/rss.xml', 3, 50)).rejects.toThrow('expected 3 request(s) to /rss.xml within 50 ms, got 2');
  });

  it('closes promptly even with a stalled connection open', async () => {
    server.failNext('/rss.xml', { kind: 'stall' });
    const pending = fetch(server.feedUrl()).catch((error: unknown) => error);
    await server.waitForRequests('/rss.xml', 1);
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
    server = await startFakeFeed();
  });

  it('forgets everything on reset', async () => {
    server.setFeed('/rss.xml', 'ok');
    await (await fetch(server.feedUrl())).text();
    server.reset();
    expect(server.requests).toEqual([]);
    expect((await fetch(server.feedUrl())).status).toBe(404);
  });
});
