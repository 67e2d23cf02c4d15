/**
 * Fake Bluesky PDS (with the AppView reads Herald uses) for integration tests. Speaks XRPC closely
 * enough for the real `@atproto/api` client, which validates every response against the lexicons:
 * point a `CredentialSession` at `fake.url` (see README.md).
 *
 * What it copies from the real PDS (bluesky-social/atproto, packages/pds):
 * - `createRecord` with an `rkey` that already exists is refused: the repo's MST `add` throws
 *   "There is already a value at key" and the XRPC server answers 500 InternalServerError
 *   (packages/repo/src/mst/mst.ts, packages/pds/.../createRecord.ts; bluesky-social/indigo#873).
 *   Nothing is stored twice.
 * - `app.bsky.feed.post` records: text at most 300 graphemes and 3000 UTF-8 bytes, facets indexed
 *   in UTF-8 bytes, `rkey` a TID, an external embed's thumb a blob uploaded before (at most 1 MB).
 * - Expired access tokens answer 400 `ExpiredToken`, which the client refreshes by itself.
 * - `ratelimit-limit/remaining/reset/policy` on every answer; `createSession` is limited to 30 per
 *   5 minutes (and 300 a day), repo writes to 5000 points an hour (a create costs 3).
 */
import { createHash, randomBytes } from 'node:crypto';
import { type FakeResponse, FakeServer, type Fault, type HandlerContext } from './fake-server.ts';

export type { Fault, RecordedRequest, PauseViolation, ResetGap, FaultInjector } from './fake-server.ts';

export const DEFAULT_BLUESKY_HANDLE = 'session.foundation';
export const DEFAULT_BLUESKY_DID = 'did:plc:sessionfoundation2222222';
export const DEFAULT_BLUESKY_APP_PASSWORD = 'abcd-efgh-ijkl-mnop';

export interface FakeBlueskyOptions {
  handle?: string;
  did?: string;
  appPassword?: string;
  /** Answer 429 by itself once a window is used up (default true). */
  enforceRateLimits?: boolean;
}

export interface BlueskyAuthorInput {
  handle: string;
  /** Default: derived from the handle. */
  did?: string;
  displayName?: string;
}

/** A facet written into a post: it covers the first occurrence of `text` in the post's text. */
export interface FacetInput {
  text: string;
  /** A mention facet: the account it links to (may differ from what `text` shows: the attack). */
  did?: string;
  /** A link facet: where it leads (may differ from what `text` shows). */
  uri?: string;
}

export interface BlueskyPostInput {
  author: BlueskyAuthorInput;
  text: string;
  facets?: FacetInput[];
  /** A link card. */
  external?: { uri: string; title?: string; description?: string };
  /** The post this one answers: the URI of a stored post, or a new post. */
  replyTo?: string | BlueskyPostInput;
  /** The post this one quotes: the URI of a stored post, or a new post. */
  quote?: string | BlueskyPostInput;
  /** In the repo, but getPosts and embeds do not serve it (deleted, taken down, blocked). */
  unavailable?: boolean;
  createdAt?: string | Date;
}

/** A post of the bot's account, as createRecord stored it. */
export interface StoredBlueskyPost {
  uri: string;
  rkey: string;
  cid: string;
  text: string;
  record: Record<string, unknown>;
  createdAt: string;
}

interface PostRecord {
  uri: string;
  did: string;
  rkey: string;
  cid: string;
  value: Record<string, unknown>;
  indexedAt: string;
  unavailable?: boolean;
}

interface NotificationRecord {
  seq: number;
  uri: string;
  cid: string;
  did: string;
  reason: string;
  reasonSubject?: string;
  indexedAt: string;
}

interface RateWindow {
  limit: number;
  left: number;
  resetAt: number;
  windowMs: number;
  policy: string;
}

const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';
const POST = 'app.bsky.feed.post';
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const WRITE_COST: Record<string, number> = {
  'POST /xrpc/com.atproto.repo.createRecord': 3,
  'POST /xrpc/com.atproto.repo.deleteRecord': 1,
};

// ---- identifiers ------------------------------------------------------------------------------

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** A CIDv1 (sha-256) of `content`: dag-cbor for records, raw for blobs. */
export function fakeCid(content: string | Buffer, codec: 'dag-cbor' | 'raw' = 'dag-cbor'): string {
  const digest = createHash('sha256').update(content).digest();
  return `b${base32(Buffer.concat([Buffer.from([0x01, codec === 'raw' ? 0x55 : 0x71, 0x12, 0x20]), digest]))}`;
}

/** A did:plc for a handle (24 base32 characters, like the real ones). */
export function didFor(handle: string): string {
  return `did:plc:${base32(createHash('sha256').update(handle.toLowerCase()).digest()).slice(0, 24)}`;
}

function tidNow(seq: number): string {
  let n = (BigInt(Date.now()) * 1000n + BigInt(seq % 1000)) << 10n;
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = SORTABLE[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

function jwt(kind: string): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ typ: kind, alg: 'ES256K' })}.${part({ scope: kind, jti: randomBytes(8).toString('hex') })}.${randomBytes(32).toString('base64url')}`;
}

function parseAtUri(uri: string): { did: string; collection: string; rkey: string } | undefined {
  const m = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri);
  return m ? { did: m[1]!, collection: m[2]!, rkey: m[3]! } : undefined;
}

// ---- fault builders ---------------------------------------------------------------------------

/** 429 RateLimitExceeded with `ratelimit-remaining: 0` and `ratelimit-reset` resetInSeconds away. */
export function bsky429(opts: { resetInSeconds: number; limit?: number }): Fault {
  return {
    kind: 'status',
    status: 429,
    body: JSON.stringify({ error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }),
    headers: (now) => ({
      'ratelimit-limit': String(opts.limit ?? 5000),
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(Math.ceil(now / 1000 + opts.resetInSeconds)),
      'ratelimit-policy': `${opts.limit ?? 5000};w=3600`,
    }),
  };
}

/** A 5xx the way the PDS answers one: `{"error":"InternalServerError","message":"Internal Server Error"}`. */
export function bsky5xx(status = 500): Fault {
  return { kind: 'status', status, body: JSON.stringify({ error: 'InternalServerError', message: 'Internal Server Error' }) };
}

const fail = (status: number, error: string, message: string): FakeResponse => ({ status, body: { error, message } });

// ---- the fake ---------------------------------------------------------------------------------

export class FakeBluesky extends FakeServer {
  readonly handle: string;
  readonly did: string;
  readonly appPassword: string;
  /** The bot's posts, oldest first, as createRecord stored them (deleteRecord removes them). */
  readonly posts: StoredBlueskyPost[] = [];
  /** Blobs uploaded, by CID. */
  readonly blobs = new Map<string, { mimeType: string; size: number }>();

  private readonly options: FakeBlueskyOptions;
  private readonly records = new Map<string, PostRecord>();
  private readonly profiles = new Map<string, { did: string; handle: string; displayName?: string }>();
  private readonly notifications: NotificationRecord[] = [];
  private readonly accessTokens = new Map<string, { expired: boolean }>();
  private readonly refreshTokens = new Map<string, { revoked: boolean }>();
  private counter = 0;
  private windows!: Record<'session' | 'write' | 'read', RateWindow>;

  constructor(options: FakeBlueskyOptions = {}) {
    super({ name: 'fake Bluesky' });
    this.options = options;
    this.handle = options.handle ?? DEFAULT_BLUESKY_HANDLE;
    this.did = options.did ?? DEFAULT_BLUESKY_DID;
    this.appPassword = options.appPassword ?? DEFAULT_BLUESKY_APP_PASSWORD;
    this.clearData();
    this.route('POST /xrpc/com.atproto.server.createSession', (ctx) => this.createSession(ctx));
    this.route('POST /xrpc/com.atproto.server.refreshSession', (ctx) => this.refreshSession(ctx));
    this.route('GET /xrpc/com.atproto.server.getSession', () => ({ status: 200, body: this.sessionInfo() }));
    this.route('POST /xrpc/com.atproto.repo.createRecord', (ctx) => this.createRecord(ctx));
    this.route('POST /xrpc/com.atproto.repo.deleteRecord', (ctx) => this.deleteRecord(ctx));
    this.route('GET /xrpc/com.atproto.repo.getRecord', (ctx) => this.readRecord(ctx));
    this.route('POST /xrpc/com.atproto.repo.uploadBlob', (ctx) => this.uploadBlob(ctx));
    this.route('GET /xrpc/app.bsky.feed.getAuthorFeed', (ctx) => this.getAuthorFeed(ctx));
    this.route('GET /xrpc/app.bsky.feed.getPosts', (ctx) => this.getPosts(ctx));
    this.route('GET /xrpc/app.bsky.actor.getProfiles', (ctx) => this.getProfiles(ctx));
    this.route('GET /xrpc/app.bsky.notification.listNotifications', (ctx) => this.listNotifications(ctx));
  }

  /** Logins so far (createSession calls that succeeded). */
  get logins(): number {
    return this.requestsTo('POST /xrpc/com.atproto.server.createSession').filter((r) => r.json && (r.json as { password?: string }).password === this.appPassword).length;
  }

  /** Every access token handed out so far now answers 400 ExpiredToken (refresh tokens still work). */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.values()) token.expired = true;
  }

  /** Every refresh token handed out so far is refused too: only a new login helps. */
  revokeRefreshTokens(): void {
    this.expireAccessTokens();
    for (const token of this.refreshTokens.values()) token.revoked = true;
  }

  /** What `ratelimit-remaining` / `ratelimit-reset` of a family report from the next answer on (write points for `'write'`). */
  setRateLimit(family: 'session' | 'write' | 'read', setting: { remaining?: number; resetAt?: Date }): void {
    const w = this.windows[family];
    if (setting.resetAt !== undefined) w.resetAt = setting.resetAt.getTime();
    if (setting.remaining !== undefined) w.left = setting.remaining;
  }

  /** Stores a post of another account (or the bot's, with its handle); returns its URI and CID. */
  addPost(input: BlueskyPostInput): { uri: string; cid: string } {
    return this.storePost(input);
  }

  /**
   * Stores a post and its notification to the bot: `reply` when it answers one of the bot's posts,
   * `quote` when it quotes one, `mention` otherwise (unless `reason` says).
   */
  addMention(input: BlueskyPostInput & { reason?: 'mention' | 'reply' | 'quote' }): { uri: string; cid: string } {
    const stored = this.storePost(input);
    const value = this.records.get(stored.uri)!.value as { reply?: { parent: { uri: string } }; embed?: { record?: { uri: string } } };
    const own = (uri: string | undefined) => uri?.startsWith(`at://${this.did}/`) === true;
    const reason = input.reason ?? (own(value.reply?.parent.uri) ? 'reply' : own(value.embed?.record?.uri) ? 'quote' : 'mention');
    const reasonSubject = reason === 'reply' ? value.reply?.parent.uri : reason === 'quote' ? value.embed?.record?.uri : undefined;
    const record = this.records.get(stored.uri)!;
    this.notifications.push({ seq: ++this.counter, uri: stored.uri, cid: stored.cid, did: record.did, reason, reasonSubject, indexedAt: record.indexedAt });
    return stored;
  }

  // ---- hooks ----------------------------------------------------------------------------------

  protected override clearData(): void {
    this.posts.length = 0;
    this.blobs.clear();
    this.records.clear();
    this.profiles.clear();
    this.notifications.length = 0;
    this.accessTokens.clear();
    this.refreshTokens.clear();
    const now = Date.now();
    const window = (limit: number, windowMs: number, policy: string): RateWindow => ({ limit, left: limit, resetAt: now + windowMs, windowMs, policy });
    this.windows = { session: window(30, 300_000, '30;w=300'), write: window(5000, 3_600_000, '5000;w=3600'), read: window(3000, 300_000, '3000;w=300') };
    this.profiles.set(this.did, { did: this.did, handle: this.handle, displayName: 'Session Technology Foundation' });
  }

  protected override familyOf(route: string): string {
    if (route.endsWith('server.createSession') || route.endsWith('server.refreshSession')) return 'session';
    return route.startsWith('POST ') ? 'write' : 'read';
  }

  protected override preHandle(ctx: HandlerContext): FakeResponse | undefined {
    if (ctx.route === 'POST /xrpc/com.atproto.server.createSession' || ctx.route === 'POST /xrpc/com.atproto.server.refreshSession') {
      return this.spend(ctx, 1);
    }
    const token = /^Bearer (.+)$/.exec(String(ctx.req.headers.authorization ?? ''))?.[1];
    const access = token === undefined ? undefined : this.accessTokens.get(token);
    if (token === undefined) return fail(401, 'AuthenticationRequired', 'Authentication Required');
    if (access === undefined) return fail(401, 'InvalidToken', 'Token could not be verified');
    if (access.expired) return fail(400, 'ExpiredToken', 'Token has expired');
    return this.spend(ctx, WRITE_COST[ctx.route] ?? (ctx.route.startsWith('POST ') ? 0 : 1));
  }

  protected override decorate(ctx: HandlerContext, res: FakeResponse, fromFault: boolean): void {
    const w = this.windowOf(ctx.route);
    const own = res.headers ?? {};
    const ownLower = new Set(Object.keys(own).map((k) => k.toLowerCase()));
    const defaults: Record<string, string> = {
      'ratelimit-limit': String(w.limit),
      'ratelimit-remaining': String(Math.max(0, w.left)),
      'ratelimit-reset': String(Math.ceil(w.resetAt / 1000)),
      'ratelimit-policy': w.policy,
    };
    res.headers = { ...Object.fromEntries(Object.entries(defaults).filter(([k]) => !ownLower.has(k))), ...own };
    if (fromFault && res.status === 429 && this.options.enforceRateLimits !== false) {
      const reset = Number(res.headers['ratelimit-reset']) * 1000;
      if (res.headers['ratelimit-remaining'] === '0' && Number.isFinite(reset)) {
        w.left = 0;
        w.resetAt = reset;
      }
    }
  }

  protected override announcedPause(_route: string, status: number, headers: Record<string, string>): number | undefined {
    const reset = Number(headers['ratelimit-reset']) * 1000;
    if (!Number.isFinite(reset) || headers['ratelimit-reset'] === undefined) return undefined;
    if (status === 429 || (status < 400 && headers['ratelimit-remaining'] === '0')) return reset;
    return undefined;
  }

  protected override notFound(ctx: HandlerContext): FakeResponse {
    return fail(501, 'MethodNotImplemented', `Method Not Implemented: ${ctx.route}`);
  }

  // ---- sessions -------------------------------------------------------------------------------

  private createSession(ctx: HandlerContext): FakeResponse {
    const body = (ctx.req.json ?? {}) as { identifier?: string; password?: string };
    const identifier = String(body.identifier ?? '').toLowerCase().replace(/^@/, '');
    if ((identifier !== this.handle.toLowerCase() && identifier !== this.did) || body.password !== this.appPassword) {
      return fail(401, 'AuthenticationRequired', 'Invalid identifier or password');
    }
    return { status: 200, body: { ...this.issueTokens(), ...this.sessionInfo() } };
  }

  private refreshSession(ctx: HandlerContext): FakeResponse {
    const token = /^Bearer (.+)$/.exec(String(ctx.req.headers.authorization ?? ''))?.[1] ?? '';
    const refresh = this.refreshTokens.get(token);
    if (refresh === undefined) return fail(400, 'InvalidToken', 'Token could not be verified');
    if (refresh.revoked) return fail(400, 'ExpiredToken', 'Token has been revoked');
    refresh.revoked = true;
    return { status: 200, body: { ...this.issueTokens(), handle: this.handle, did: this.did, active: true } };
  }

  private issueTokens(): { accessJwt: string; refreshJwt: string } {
    const accessJwt = jwt('com.atproto.access');
    const refreshJwt = jwt('com.atproto.refresh');
    this.accessTokens.set(accessJwt, { expired: false });
    this.refreshTokens.set(refreshJwt, { revoked: false });
    return { accessJwt, refreshJwt };
  }

  private sessionInfo(): Record<string, unknown> {
    return { handle: this.handle, did: this.did, email: 'bot@session.foundation', emailConfirmed: true, emailAuthFactor: false, active: true };
  }

  // ---- the repo -------------------------------------------------------------------------------

  private createRecord(ctx: HandlerContext): FakeResponse {
    const body = (ctx.req.json ?? {}) as { repo?: string; collection?: string; rkey?: string; record?: Record<string, unknown> };
    if (body.repo !== this.did && String(body.repo).toLowerCase() !== this.handle) return fail(400, 'InvalidRequest', `Could not find repo: ${body.repo}`);
    if (body.collection !== POST) return fail(400, 'InvalidRequest', `This fake stores ${POST} only`);
    const rkey = body.rkey ?? tidNow(++this.counter);
    if (!TID.test(rkey)) return fail(400, 'InvalidRequest', `Invalid record key: ${rkey} (app.bsky.feed.post keys are TIDs)`);
    const uri = `at://${this.did}/${POST}/${rkey}`;
    // The real PDS: MST.add throws "There is already a value at key", answered as a bare 500.
    if (this.records.has(uri)) return fail(500, 'InternalServerError', 'Internal Server Error');
    const record = body.record ?? {};
    const problem = this.invalidPost(record);
    if (problem !== undefined) return fail(400, 'InvalidRequest', `Invalid app.bsky.feed.post record: ${problem}`);
    const cid = fakeCid(JSON.stringify(record));
    this.records.set(uri, { uri, did: this.did, rkey, cid, value: record, indexedAt: new Date().toISOString() });
    this.posts.push({ uri, rkey, cid, text: String(record.text), record, createdAt: String(record.createdAt) });
    return { status: 200, body: { uri, cid, commit: { cid: fakeCid(`commit-${uri}`), rev: tidNow(++this.counter) }, validationStatus: 'valid' } };
  }

  private deleteRecord(ctx: HandlerContext): FakeResponse {
    const body = (ctx.req.json ?? {}) as { repo?: string; collection?: string; rkey?: string };
    if (body.repo !== this.did && String(body.repo).toLowerCase() !== this.handle) return fail(400, 'InvalidRequest', `Could not find repo: ${body.repo}`);
    const uri = `at://${this.did}/${body.collection}/${body.rkey}`;
    // The real PDS: deleting a record that does not exist is a no-op, answered 200 without a commit.
    if (!this.records.delete(uri)) return { status: 200, body: {} };
    const i = this.posts.findIndex((p) => p.uri === uri);
    if (i >= 0) this.posts.splice(i, 1);
    return { status: 200, body: { commit: { cid: fakeCid(`delete-${uri}`), rev: tidNow(++this.counter) } } };
  }

  private readRecord(ctx: HandlerContext): FakeResponse {
    const q = ctx.req.query;
    const did = q.get('repo') === this.handle ? this.did : q.get('repo');
    const uri = `at://${did}/${q.get('collection')}/${q.get('rkey')}`;
    const record = this.records.get(uri);
    if (!record) return fail(400, 'RecordNotFound', `Could not locate record: ${uri}`);
    return { status: 200, body: { uri, cid: record.cid, value: record.value } };
  }

  private uploadBlob(ctx: HandlerContext): FakeResponse {
    const mimeType = String(ctx.req.headers['content-type'] ?? 'application/octet-stream');
    const size = ctx.req.bytes.length;
    if (size === 0) return fail(400, 'InvalidRequest', 'Request encoding (Content-Type) required but not provided');
    const cid = fakeCid(ctx.req.bytes, 'raw');
    this.blobs.set(cid, { mimeType, size });
    return { status: 200, body: { blob: { $type: 'blob', ref: { $link: cid }, mimeType, size } } };
  }

  /** What the PDS's lexicon validation refuses in a post (undefined when it is valid). */
  private invalidPost(record: Record<string, unknown>): string | undefined {
    if (record.$type !== POST) return '$type must be app.bsky.feed.post';
    if (typeof record.text !== 'string') return 'text must be a string';
    const bytes = Buffer.byteLength(record.text);
    if ([...graphemes.segment(record.text)].length > 300) return 'text must not be longer than 300 graphemes';
    if (bytes > 3000) return 'text must not be longer than 3000 characters';
    if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt))) return 'createdAt must be a datetime';
    for (const facet of (record.facets ?? []) as Array<{ index?: { byteStart?: number; byteEnd?: number }; features?: Array<{ $type?: string; uri?: string; did?: string }> }>) {
      const { byteStart, byteEnd } = facet.index ?? {};
      if (!Number.isInteger(byteStart) || !Number.isInteger(byteEnd) || byteStart! < 0 || byteEnd! <= byteStart! || byteEnd! > bytes) return 'facet index out of the text';
      for (const feature of facet.features ?? []) {
        if (feature.$type === 'app.bsky.richtext.facet#link' && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(String(feature.uri))) return 'link facet uri must be a URI';
        if (feature.$type === 'app.bsky.richtext.facet#mention' && !String(feature.did).startsWith('did:')) return 'mention facet did must be a DID';
      }
    }
    return this.invalidEmbed(record.embed) ?? this.invalidReply(record.reply);
  }

  private invalidEmbed(embed: unknown): string | undefined {
    if (embed === undefined) return undefined;
    const e = embed as { $type?: string; external?: { uri?: string; title?: unknown; description?: unknown; thumb?: { ref?: { $link?: string }; mimeType?: string; size?: number } } };
    if (e.$type !== 'app.bsky.embed.external') return undefined;
    const ext = e.external;
    if (!ext || typeof ext.uri !== 'string' || typeof ext.title !== 'string' || typeof ext.description !== 'string') return 'embed.external needs uri, title and description';
    if (ext.thumb === undefined) return undefined;
    const blob = this.blobs.get(String(ext.thumb.ref?.$link));
    if (!blob) return 'Could not find blob for embed.external.thumb';
    if (!blob.mimeType.startsWith('image/')) return 'embed.external.thumb must be an image';
    if (blob.size > 1_000_000) return 'embed.external.thumb must not be larger than 1000000 bytes';
    return undefined;
  }

  private invalidReply(reply: unknown): string | undefined {
    if (reply === undefined) return undefined;
    const r = reply as { root?: { uri?: string; cid?: string }; parent?: { uri?: string; cid?: string } };
    for (const ref of [r.root, r.parent]) {
      if (!ref || !parseAtUri(String(ref.uri)) || typeof ref.cid !== 'string' || !ref.cid.startsWith('b')) return 'reply needs root and parent, each {uri, cid}';
    }
    return undefined;
  }

  // ---- reads (the AppView) ----------------------------------------------------------------------

  private getAuthorFeed(ctx: HandlerContext): FakeResponse {
    const actor = ctx.req.query.get('actor') ?? '';
    const did = this.profileOf(actor)?.did;
    if (did === undefined) return fail(400, 'InvalidRequest', 'Profile not found');
    const limit = Math.min(100, Math.max(1, Number(ctx.req.query.get('limit') ?? 50)));
    const feed = [...this.records.values()]
      .filter((r) => r.did === did && !r.unavailable)
      .sort((a, b) => b.indexedAt.localeCompare(a.indexedAt) || b.rkey.localeCompare(a.rkey))
      .slice(0, limit)
      .map((r) => ({ post: this.postView(r) }));
    return { status: 200, body: { feed } };
  }

  private getPosts(ctx: HandlerContext): FakeResponse {
    const uris = ctx.req.query.getAll('uris');
    if (uris.length > 25) return fail(400, 'InvalidRequest', 'uris must not have more than 25 elements');
    const posts = uris.map((uri) => this.records.get(uri)).filter((r): r is PostRecord => r !== undefined && !r.unavailable);
    return { status: 200, body: { posts: posts.map((r) => this.postView(r)) } };
  }

  private getProfiles(ctx: HandlerContext): FakeResponse {
    const profiles = ctx.req.query
      .getAll('actors')
      .map((a) => this.profileOf(a))
      .filter((p) => p !== undefined);
    return { status: 200, body: { profiles: profiles.map((p) => ({ ...this.author(p.did), indexedAt: new Date().toISOString() })) } };
  }

  private listNotifications(ctx: HandlerContext): FakeResponse {
    const q = ctx.req.query;
    const reasons = q.getAll('reasons');
    const limit = Math.min(100, Math.max(1, Number(q.get('limit') ?? 50)));
    const before = q.get('cursor') === null ? Number.POSITIVE_INFINITY : Number(q.get('cursor'));
    const all = this.notifications
      .filter((n) => n.seq < before && (reasons.length === 0 || reasons.includes(n.reason)))
      .sort((a, b) => b.seq - a.seq);
    const page = all.slice(0, limit);
    const notifications = page.map((n) => {
      const record = this.records.get(n.uri)!;
      return { uri: n.uri, cid: n.cid, author: this.author(n.did), reason: n.reason, ...(n.reasonSubject ? { reasonSubject: n.reasonSubject } : {}), record: record.value, isRead: false, indexedAt: n.indexedAt, labels: [] };
    });
    const cursor = all.length > limit ? String(page.at(-1)!.seq) : undefined;
    return { status: 200, body: cursor === undefined ? { notifications } : { notifications, cursor } };
  }

  private postView(r: PostRecord): Record<string, unknown> {
    const view: Record<string, unknown> = { uri: r.uri, cid: r.cid, author: this.author(r.did), record: r.value, indexedAt: r.indexedAt, replyCount: 0, repostCount: 0, likeCount: 0, quoteCount: 0, labels: [] };
    const embed = r.value.embed as { $type?: string; record?: { uri: string }; external?: Record<string, unknown> } | undefined;
    if (embed?.$type === 'app.bsky.embed.record' && embed.record) {
      const quoted = this.records.get(embed.record.uri);
      view.embed = {
        $type: 'app.bsky.embed.record#view',
        record:
          quoted && !quoted.unavailable
            ? { $type: 'app.bsky.embed.record#viewRecord', uri: quoted.uri, cid: quoted.cid, author: this.author(quoted.did), value: quoted.value, indexedAt: quoted.indexedAt }
            : { $type: 'app.bsky.embed.record#viewNotFound', uri: embed.record.uri, notFound: true },
      };
    } else if (embed?.$type === 'app.bsky.embed.external' && embed.external) {
      const { thumb: _thumb, ...external } = embed.external;
      view.embed = { $type: 'app.bsky.embed.external#view', external };
    }
    return view;
  }

  private author(did: string): Record<string, unknown> {
    const p = this.profiles.get(did) ?? { did, handle: 'handle.invalid' };
    return { did: p.did, handle: p.handle, ...(p.displayName ? { displayName: p.displayName } : {}), labels: [], createdAt: '2024-01-01T00:00:00.000Z' };
  }

  private profileOf(actor: string): { did: string; handle: string } | undefined {
    const lower = actor.toLowerCase();
    return [...this.profiles.values()].find((p) => p.did === actor || p.handle.toLowerCase() === lower);
  }

  // ---- building posts -------------------------------------------------------------------------

  private storePost(input: BlueskyPostInput): { uri: string; cid: string } {
    const did = input.author.did ?? (input.author.handle === this.handle ? this.did : didFor(input.author.handle));
    if (!this.profiles.has(did)) this.profiles.set(did, { did, handle: input.author.handle, displayName: input.author.displayName });
    const value: Record<string, unknown> = { $type: POST, text: input.text, createdAt: toIso(input.createdAt) };
    const facets = (input.facets ?? []).map((f) => facetFor(input.text, f));
    if (facets.length > 0) value.facets = facets;
    if (input.replyTo !== undefined) {
      const parent = this.refOf(input.replyTo);
      const parentValue = this.records.get(parent.uri)?.value as { reply?: { root: { uri: string; cid: string } } } | undefined;
      value.reply = { root: parentValue?.reply?.root ?? parent, parent };
    }
    if (input.quote !== undefined) value.embed = { $type: 'app.bsky.embed.record', record: this.refOf(input.quote) };
    else if (input.external) value.embed = { $type: 'app.bsky.embed.external', external: { title: '', description: '', ...input.external } };
    const rkey = tidNow(++this.counter);
    const uri = `at://${did}/${POST}/${rkey}`;
    const cid = fakeCid(JSON.stringify(value));
    this.records.set(uri, { uri, did, rkey, cid, value, indexedAt: new Date(Date.now() + this.counter).toISOString(), unavailable: input.unavailable });
    return { uri, cid };
  }

  private refOf(target: string | BlueskyPostInput): { uri: string; cid: string } {
    if (typeof target !== 'string') return this.storePost(target);
    const record = this.records.get(target);
    if (record) return { uri: record.uri, cid: record.cid };
    return { uri: target, cid: fakeCid(target) };
  }

  private windowOf(route: string): RateWindow {
    return this.windows[this.familyOf(route) as 'session' | 'write' | 'read'];
  }

  private spend(ctx: HandlerContext, cost: number): FakeResponse | undefined {
    const w = this.windowOf(ctx.route);
    const now = Date.now();
    if (now >= w.resetAt) {
      w.left = w.limit;
      w.resetAt = now + w.windowMs;
    }
    if (this.options.enforceRateLimits !== false && w.left < Math.max(1, cost)) {
      return { status: 429, body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' } };
    }
    w.left = Math.max(0, w.left - cost);
    return undefined;
  }
}

/** A facet over the first occurrence of `f.text`, in UTF-8 byte offsets. */
function facetFor(text: string, f: FacetInput): Record<string, unknown> {
  const at = text.indexOf(f.text);
  if (at < 0) throw new Error(`fake Bluesky: facet text ${JSON.stringify(f.text)} is not in the post`);
  const byteStart = Buffer.byteLength(text.slice(0, at));
  const feature = f.did !== undefined ? { $type: 'app.bsky.richtext.facet#mention', did: f.did } : { $type: 'app.bsky.richtext.facet#link', uri: f.uri };
  return { index: { byteStart, byteEnd: byteStart + Buffer.byteLength(f.text) }, features: [feature] };
}

function toIso(d: string | Date | undefined): string {
  if (d === undefined) return new Date().toISOString();
  return (typeof d === 'string' ? new Date(d) : d).toISOString();
}

/** Starts a fake Bluesky PDS on 127.0.0.1 (random port). */
export async function startFakeBluesky(options: FakeBlueskyOptions = {}): Promise<FakeBluesky> {
  return new FakeBluesky(options).start();
}
