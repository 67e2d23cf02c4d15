import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface FeedOptions {
  /** Default `application/rss+xml` (no charset, so the XML declaration decides). */
  contentType?: string;
  /** Send an ETag (a hash of the body) and honour If-None-Match. Default true. */
  etag?: boolean;
  /** Send Last-Modified (the time of `setFeed`, to the second) and honour If-Modified-Since. Default true. */
  lastModified?: boolean;
  /** Gzip the body when the client accepts gzip. */
  gzip?: boolean;
  /** Status for the normal answer. Default 200. */
  status?: number;
  /** Extra headers on every answer of this feed, 304s included (e.g. Cache-Control, Retry-After). */
  headers?: Record<string, string>;
}

/** One scripted misbehaviour, used once by the next request to its path. */
export type FeedFault =
  | { kind: 'status'; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  /** Accept the request and never answer. */
  | { kind: 'stall' }
  /** Answer 200 and send the feed (or filler) a few bytes at a time; forever unless totalBytes. */
  | { kind: 'trickle'; bytesPerSecond: number; totalBytes?: number }
  /** Destroy the connection without answering. */
  | { kind: 'drop' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  at: Date;
  /** The status answered; 0 when no status line was sent (stall, drop). */
  status: number;
}

export interface FakeFeed {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  feedUrl(path?: string): string;
  setFeed(path: string, body: string | Buffer, options?: FeedOptions): void;
  setRedirect(path: string, to: string, status?: number): void;
  failNext(path: string, ...faults: FeedFault[]): void;
  readonly requests: RecordedRequest[];
  /** Resolves once `count` requests to `path` have been received (counting earlier ones). */
  waitForRequests(path: string, count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Forget feeds, redirects, faults and recorded requests. */
  reset(): void;
  /** Stop listening and destroy every open connection, stalled ones included. */
  close(): Promise<void>;
}

interface StoredFeed {
  body: Buffer;
  gzipped?: Buffer;
  contentType: string;
  etag?: string;
  lastModified?: Date;
  status: number;
  headers: Record<string, string>;
}

const TRICKLE_FILLER = Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>slow</title>');
const TICK_MS = 50;

function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim().replace(/^W\//, '');
    return value === '*' || value === etag;
  });
}

/** Whether a conditional GET may be answered 304 (If-None-Match wins over If-Modified-Since, per RFC 9110). */
function notModified(req: IncomingMessage, feed: StoredFeed): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined && feed.etag !== undefined) return etagMatches(inm, feed.etag);
  const ims = req.headers['if-modified-since'];
  if (inm === undefined && ims !== undefined && feed.lastModified !== undefined) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && since >= feed.lastModified.getTime();
  }
  return false;
}

/**
 * Starts a feed server on 127.0.0.1 with a random port: the real HTTP stack, scriptable.
 *
 * Why a real server instead of a stubbed `fetch`: redirects, conditional GET, gzip, slow and
 * dropped connections are exactly where fetch code breaks, and only a socket exercises them.
 */
export async function startFakeFeed(): Promise<FakeFeed> {
  const feeds = new Map<string, StoredFeed>();
  const redirects = new Map<string, { to: string; status: number }>();
  const faults = new Map<string, FeedFault[]>();
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function record(req: IncomingMessage, status: number): void {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, at: new Date(), status });
    for (const waiter of [...waiters]) waiter();
  }

  function trickle(req: IncomingMessage, res: ServerResponse, fault: Extract<FeedFault, { kind: 'trickle' }>, path: string): void {
    const source = feeds.get(path)?.body ?? TRICKLE_FILLER;
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    record(req, 200);
    const perTick = Math.max(1, Math.round((fault.bytesPerSecond * TICK_MS) / 1000));
    let sent = 0;
    const timer = setInterval(() => {
      const limit = fault.totalBytes ?? Number.POSITIVE_INFINITY;
      const count = Math.min(perTick, limit - sent);
      if (count <= 0) {
        clearInterval(timer);
        timers.delete(timer);
        res.end();
        return;
      }
      const chunk = Buffer.alloc(count, 0x20);
      for (let i = 0; i < count; i += 1) chunk[i] = sent + i < source.length ? source[sent + i]! : 0x20;
      sent += count;
      res.write(chunk);
    }, TICK_MS);
    timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  }

  function applyFault(req: IncomingMessage, res: ServerResponse, fault: FeedFault, path: string): void {
    switch (fault.kind) {
      case 'status':
        res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'text/plain; charset=utf-8', ...fault.headers });
        record(req, fault.status);
        res.end(fault.body ?? `fake feed: scripted ${fault.status}`);
        return;
      case 'stall':
        record(req, 0);
        return;
      case 'drop':
        record(req, 0);
        req.socket.destroy();
        return;
      case 'trickle':
        trickle(req, res, fault, path);
        return;
    }
  }

  function serveFeed(req: IncomingMessage, res: ServerResponse, feed: StoredFeed): void {
    const headers: Record<string, string> = { 'content-type': feed.contentType, ...feed.headers };
    if (feed.etag !== undefined) headers.etag = feed.etag;
    if (feed.lastModified !== undefined) headers['last-modified'] = feed.lastModified.toUTCString();
    if (notModified(req, feed)) {
      res.writeHead(304, headers);
      record(req, 304);
      res.end();
      return;
    }
    const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    let body = feed.body;
    if (feed.gzipped !== undefined && acceptsGzip) {
      body = feed.gzipped;
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(body.length);
    res.writeHead(feed.status, headers);
    record(req, feed.status);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const queued = faults.get(path);
    const fault = queued?.shift();
    if (queued !== undefined && queued.length === 0) faults.delete(path);
    if (fault !== undefined) return applyFault(req, res, fault, path);
    const redirect = redirects.get(path);
    if (redirect !== undefined) {
      res.writeHead(redirect.status, { location: redirect.to });
      record(req, redirect.status);
      res.end();
      return;
    }
    const feed = feeds.get(path);
    if (feed === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      record(req, 404);
      res.end(`fake feed: nothing at ${path}`);
      return;
    }
    serveFeed(req, res, feed);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    feedUrl: (path = '/rss.xml') => `${url}${path}`,
    setFeed(path, body, options = {}) {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const stored: StoredFeed = {
        body: bytes,
        contentType: options.contentType ?? 'application/rss+xml',
        status: options.status ?? 200,
        headers: options.headers ?? {},
      };
      if (options.gzip) stored.gzipped = gzipSync(bytes);
      if (options.etag ?? true) stored.etag = `"${createHash('sha256').update(bytes).digest('hex').slice(0, 20)}"`;
      if (options.lastModified ?? true) stored.lastModified = new Date(Math.floor(Date.now() / 1000) * 1000);
      feeds.set(path, stored);
    },
    setRedirect(path, to, status = 301) {
      redirects.set(path, { to, status });
    },
    failNext(path, ...newFaults) {
      faults.set(path, [...(faults.get(path) ?? []), ...newFaults]);
    },
    waitForRequests(path, count, timeoutMs = 5000) {
      const matching = () => requests.filter((request) => request.path === path);
      if (matching().length >= count) return Promise.resolve(matching());
      return new Promise((resolve, reject) => {
        const check = () => {
          if (matching().length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(matching());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake feed: expected ${count} request(s) to ${path} within ${timeoutMs} ms, got ${matching().length}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    reset() {
      feeds.clear();
      redirects.clear();
      faults.clear();
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      const closed = once(server, 'close');
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
