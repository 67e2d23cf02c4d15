/**
 * Shared base of the fake HTTP servers (fake X, fake Mastodon) used by the integration and chaos tests.
 *
 * A FakeServer is a real `node:http` server on 127.0.0.1 (random port). It records every request,
 * routes it to a handler of the concrete fake, and can be told to misbehave (`failNext`,
 * `setFaultInjector`). It also keeps the "pause bookkeeping": whenever a response announces that a
 * route family is paused until some time (a 429, or a success with a remaining quota of 0), every later
 * request to that family arriving before that time is a violation.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/2/users/1000/tweets`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes as sent (binary uploads: `body` is their UTF-8 reading, which loses bytes). */
  bytes: Buffer;
  /** Parsed JSON body, or a form-encoded body as an object (`a[]=1&a[]=2` → `{ a: ['1','2'] }`), else undefined. */
  json: unknown;
  /** Date.now() when the request arrived. */
  at: number;
  /** The status answered (unset while unanswered, or when the socket was dropped or stalled). */
  status?: number;
  /** The body answered, as sent. */
  responseBody?: string;
}

export type Fault =
  /** Answer this instead of the normal handler. `headers` may be a function, evaluated when the fault is served. */
  | {
      kind: 'status';
      status: number;
      headers?: Record<string, string> | ((now: number) => Record<string, string>);
      body?: string;
      contentType?: string;
    }
  /** Read the request, never answer (socket left open until close()). The action is not performed. */
  | { kind: 'stall' }
  /** Perform the action at once, but answer only after `ms`. */
  | { kind: 'delay'; ms: number }
  /** Destroy the socket at once; the action is NOT performed. */
  | { kind: 'drop' }
  /** Perform the action (e.g. store the post), then destroy the socket without answering. */
  | { kind: 'drop-after-commit' };

export type FaultInjector = (req: RecordedRequest, route: string) => Fault | undefined;

/** What a handler answers. A non-string body is sent as JSON. */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

export interface HandlerContext {
  req: RecordedRequest;
  /** Route template, e.g. `GET /2/users/:id/tweets`. */
  route: string;
  /** Path parameters, e.g. `{ id: '1000' }`. */
  params: Record<string, string>;
}

export type RouteHandler = (ctx: HandlerContext) => FakeResponse;

/** A request that arrived while its route family was announced as paused. */
export interface PauseViolation {
  route: string;
  family: string;
  request: RecordedRequest;
  /** Epoch ms until which the family was paused. */
  pausedUntil: number;
  /** Epoch ms at which the pause was announced (response sent). */
  announcedAt: number;
  /** How early the request came: pausedUntil - request.at (ms, > 0). */
  earlyByMs: number;
}

/** One announced reset and the first request to the same family after the announcement. */
export interface ResetGap {
  route: string;
  family: string;
  announcedAt: number;
  resetAt: number;
  /** Arrival of the next request to the family, if any came. */
  nextRequestAt?: number;
  /** nextRequestAt - resetAt (negative means the request came too early). Undefined if no later request. */
  gapMs?: number;
}

interface CompiledRoute {
  route: string;
  method: string;
  segments: string[];
  handler?: RouteHandler;
}

interface Entry {
  req: RecordedRequest;
  route: string;
  family: string;
  seq: number;
}

interface PauseWindow {
  route: string;
  family: string;
  until: number;
  announcedAt: number;
  seq: number;
}

function compileRoute(route: string, handler?: RouteHandler): CompiledRoute {
  const space = route.indexOf(' ');
  if (space < 0) throw new Error(`route must look like 'GET /path/:param', got '${route}'`);
  const method = route.slice(0, space).toUpperCase();
  const path = route.slice(space + 1).split('?')[0] ?? '';
  return { route: `${method} ${path}`, method, segments: path.split('/'), handler };
}

function matchSegments(pattern: string[], path: string[]): Record<string, string> | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] ?? '';
    const s = path[i] ?? '';
    if (p.startsWith(':') && s !== '') params[p.slice(1)] = decodeURIComponent(s);
    else if (p !== s) return undefined;
  }
  return params;
}

function parseBody(body: string, contentType: string | undefined): unknown {
  if (body === '') return undefined;
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) {
    try {
      return JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    const out: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(body)) {
      if (key.endsWith('[]')) {
        const k = key.slice(0, -2);
        const prev = out[k];
        out[k] = Array.isArray(prev) ? [...prev, value] : [value];
      } else {
        out[key] = value;
      }
    }
    return out;
  }
  return undefined;
}

/** A minimal HTML error page, as an edge proxy would serve it. Shared by both fakes. */
export function htmlError(status = 503): Fault {
  const title = `${status} ${http.STATUS_CODES[status] ?? 'Error'}`;
  return {
    kind: 'status',
    status,
    contentType: 'text/html; charset=utf-8',
    body: `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>Something went wrong. Please try again later.</p></body></html>\n`,
  };
}

export interface FakeServerOptions {
  /** Used in error messages, e.g. 'fake X'. */
  name: string;
}

/**
 * Base class. Concrete fakes register routes with `route()` and may override the protected hooks
 * (`preHandle`, `decorate`, `familyOf`, `announcedPause`, `clearData`, `notFound`).
 */
export class FakeServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (set once started). */
  url = '';
  /** Every request, in arrival order. `reset()` empties this same array. */
  readonly requests: RecordedRequest[] = [];

  protected readonly name: string;
  private readonly server: http.Server;
  private readonly routes: CompiledRoute[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly events = new EventEmitter();
  private readonly entries: Entry[] = [];
  private readonly pauseWindows: PauseWindow[] = [];
  private faultQueues: { pattern: CompiledRoute; faults: Fault[] }[] = [];
  private injector: FaultInjector | undefined;
  private seq = 0;
  private closed = false;
  /** Added to this machine's time in the `Date` header (a server whose clock is off). */
  clockOffsetMs = 0;

  constructor(options: FakeServerOptions) {
    this.name = options.name;
    this.events.setMaxListeners(0);
    this.server = http.createServer((req, res) => this.onRequest(req, res));
    this.server.keepAliveTimeout = 1000;
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts listening on 127.0.0.1, random port. */
  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  /** Requests to a route: a template (`'GET /2/users/:id/tweets'`) or a concrete path (`'GET /2/users/1000/tweets'`). */
  requestsTo(route: string): RecordedRequest[] {
    const pattern = compileRoute(route);
    return this.entries.filter((e) => this.entryMatches(pattern, e)).map((e) => e.req);
  }

  /** Queues faults for the next requests to `route`, one fault consumed per matching request. */
  failNext(route: string, ...faults: Fault[]): void {
    const pattern = compileRoute(route);
    const existing = this.faultQueues.find((q) => q.pattern.route === pattern.route);
    if (existing) existing.faults.push(...faults);
    else this.faultQueues.push({ pattern, faults: [...faults] });
  }

  /** Called for every request that has no queued fault; return a Fault to inject it. `undefined` removes it. */
  setFaultInjector(fn?: FaultInjector): void {
    this.injector = fn;
  }

  /** Resolves once at least `count` requests to `route` have arrived; rejects at the deadline. */
  waitForRequests(route: string, count: number, timeoutMs = 5000): Promise<RecordedRequest[]> {
    const check = () => {
      const got = this.requestsTo(route);
      return got.length >= count ? got : undefined;
    };
    const now = check();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('request', onRequest);
        this.events.off('close', onClose);
      };
      const onRequest = () => {
        const got = check();
        if (got) {
          cleanup();
          resolve(got);
        }
      };
      const onClose = () => {
        cleanup();
        reject(new Error(`${this.name}: closed while waiting for ${count} request(s) to ${route} (got ${this.requestsTo(route).length})`));
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = [...new Set(this.entries.map((e) => e.route))];
        reject(
          new Error(
            `${this.name}: timed out after ${timeoutMs} ms waiting for ${count} request(s) to ${route}; got ${this.requestsTo(route).length}. Routes seen: ${seen.length ? seen.join(', ') : '(none)'}`,
          ),
        );
      }, timeoutMs);
      this.events.on('request', onRequest);
      this.events.on('close', onClose);
    });
  }

  /** Every request that arrived, after a pause was announced for its family, before that pause ended. */
  violations(): PauseViolation[] {
    const out: PauseViolation[] = [];
    for (const e of this.entries) {
      const hit = this.pauseWindows
        .filter((w) => w.family === e.family && e.seq > w.seq && e.req.at < w.until)
        .sort((a, b) => b.until - a.until)[0];
      if (hit) {
        out.push({
          route: e.route,
          family: e.family,
          request: e.req,
          pausedUntil: hit.until,
          announcedAt: hit.announcedAt,
          earlyByMs: hit.until - e.req.at,
        });
      }
    }
    return out;
  }

  /** For each announced reset: the time between the reset and the next request to the same family. */
  resetGaps(): ResetGap[] {
    return this.pauseWindows.map((w) => {
      const next = this.entries.find((e) => e.family === w.family && e.seq > w.seq);
      const gap: ResetGap = { route: w.route, family: w.family, announcedAt: w.announcedAt, resetAt: w.until };
      if (next) {
        gap.nextRequestAt = next.req.at;
        gap.gapMs = next.req.at - w.until;
      }
      return gap;
    });
  }

  /** Forgets requests, queued faults, the fault injector, pause bookkeeping and stored data. */
  reset(): void {
    this.requests.length = 0;
    this.entries.length = 0;
    this.pauseWindows.length = 0;
    this.faultQueues = [];
    this.injector = undefined;
    this.clearData();
  }

  /** Stops the server and destroys every open socket (stalled ones included). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.events.emit('close');
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.server.closeAllConnections();
    await done;
  }

  // ---- hooks for concrete fakes --------------------------------------------------------------

  /** Registers a route handler, e.g. `this.route('GET /2/users/:id/tweets', ctx => ...)`. */
  protected route(route: string, handler: RouteHandler): void {
    this.routes.push(compileRoute(route, handler));
  }

  /** Runs before the handler (auth, rate-limit enforcement); return a response to short-circuit. */
  protected preHandle(_ctx: HandlerContext): FakeResponse | undefined {
    return undefined;
  }

  /**
   * Adds headers to every answered response (fault responses too; `fromFault` tells which). For a fault,
   * `res.headers` already holds the fault's own headers: add only the ones missing.
   */
  protected decorate(_ctx: HandlerContext, _res: FakeResponse, _fromFault: boolean): void {}

  /** The pause family of a route (routes of one family share rate-limit pauses). */
  protected familyOf(route: string): string {
    return route;
  }

  /** Epoch ms until which the family is paused, if this response announces a pause. */
  protected announcedPause(_route: string, _status: number, _headers: Record<string, string>): number | undefined {
    return undefined;
  }

  /** Clears the concrete fake's stored data (called by reset()). */
  protected clearData(): void {}

  protected notFound(ctx: HandlerContext): FakeResponse {
    return { status: 404, body: { error: 'Not Found', route: ctx.route } };
  }

  // ---- internals -------------------------------------------------------------------------------

  private entryMatches(pattern: CompiledRoute, e: Entry): boolean {
    if (pattern.method !== e.req.method) return false;
    if (pattern.route === e.route) return true;
    return matchSegments(pattern.segments, e.req.path.split('/')) !== undefined;
  }

  private findRoute(method: string, path: string): { compiled: CompiledRoute; params: Record<string, string> } | undefined {
    const segments = path.split('/');
    for (const compiled of this.routes) {
      if (compiled.method !== method) continue;
      const params = matchSegments(compiled.segments, segments);
      if (params) return { compiled, params };
    }
    return undefined;
  }

  private takeFault(e: Entry): Fault | undefined {
    for (const q of this.faultQueues) {
      if (q.faults.length > 0 && this.entryMatches(q.pattern, e)) return q.faults.shift();
    }
    return this.injector?.(e.req, e.route);
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const at = Date.now();
    const seq = ++this.seq;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => {});
    res.on('error', () => {});
    req.on('end', () => {
      if (this.closed) {
        req.socket.destroy();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const bytes = Buffer.concat(chunks);
      const body = bytes.toString('utf8');
      const recorded: RecordedRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        bytes,
        json: parseBody(body, req.headers['content-type']),
        at,
      };
      const found = this.findRoute(recorded.method, recorded.path);
      const route = found ? found.compiled.route : `${recorded.method} ${recorded.path}`;
      const entry: Entry = { req: recorded, route, family: this.familyOf(route), seq };
      this.requests.push(recorded);
      this.entries.push(entry);
      this.events.emit('request', entry);

      const ctx: HandlerContext = { req: recorded, route, params: found?.params ?? {} };
      const handle = (): FakeResponse => {
        const response = !found
          ? this.notFound(ctx)
          : (this.preHandle(ctx) ?? (found.compiled.handler ? found.compiled.handler(ctx) : this.notFound(ctx)));
        this.decorate(ctx, response, false);
        return response;
      };

      const fault = this.takeFault(entry);
      try {
        switch (fault?.kind) {
          case undefined:
            this.send(ctx, res, handle());
            return;
          case 'stall':
            return; // never answer; close() destroys the socket
          case 'drop':
            req.socket.destroy();
            return;
          case 'drop-after-commit':
            handle();
            req.socket.destroy();
            return;
          case 'delay': {
            const response = handle();
            const timer = setTimeout(() => {
              this.timers.delete(timer);
              this.send(ctx, res, response);
            }, fault.ms);
            this.timers.add(timer);
            return;
          }
          case 'status': {
            const extra = typeof fault.headers === 'function' ? fault.headers(Date.now()) : (fault.headers ?? {});
            const response: FakeResponse = {
              status: fault.status,
              headers: { ...extra },
              body: fault.body ?? '',
              contentType: fault.contentType ?? 'application/json; charset=utf-8',
            };
            this.decorate(ctx, response, true);
            this.send(ctx, res, response);
            return;
          }
        }
      } catch (err) {
        this.send(ctx, res, { status: 500, body: { error: `${this.name} crashed: ${String(err)}` } });
      }
    });
  }

  private send(ctx: HandlerContext, res: http.ServerResponse, response: FakeResponse): void {
    if (this.closed || res.destroyed || res.headersSent) return;
    const headers: Record<string, string> = { ...(response.headers ?? {}) };
    let payload = '';
    if (response.body !== undefined) {
      if (typeof response.body === 'string') {
        payload = response.body;
      } else {
        payload = JSON.stringify(response.body);
      }
    }
    if (this.clockOffsetMs !== 0) headers.date = new Date(Date.now() + this.clockOffsetMs).toUTCString();
    const hasContentType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
    if (!hasContentType && (payload !== '' || response.contentType)) {
      headers['content-type'] = response.contentType ?? 'application/json; charset=utf-8';
    }
    res.writeHead(response.status, headers);
    res.end(payload);
    ctx.req.status = response.status;
    ctx.req.responseBody = payload;
    const until = this.announcedPause(ctx.route, response.status, lowerKeys(headers));
    if (until !== undefined) {
      this.pauseWindows.push({ route: ctx.route, family: this.familyOf(ctx.route), until, announcedAt: Date.now(), seq: ++this.seq });
    }
  }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
