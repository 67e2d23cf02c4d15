/**
 * Fake X (Twitter) API v2 for integration and chaos tests. Speaks the wire format the real
 * `twitter-api-v2` client expects (point it here with a plugin that rewrites the URL, see README.md).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import twitterText from 'twitter-text';
import { type FakeResponse, FakeServer, type Fault, type HandlerContext, htmlError } from './fake-server.ts';

export { htmlError };
export type { Fault, RecordedRequest, PauseViolation, ResetGap, FaultInjector } from './fake-server.ts';

export interface XUser {
  id: string;
  name: string;
  username: string;
}

export interface XAuthorInput {
  id: string;
  username: string;
  name?: string;
}

/** A tweet posted through the fake (POST /2/tweets). */
export interface StoredTweet {
  id: string;
  /** The text exactly as sent. */
  text: string;
  inReplyToTweetId?: string;
  quoteTweetId?: string;
  /** ISO 8601, e.g. 2026-11-26T06:30:00.000Z */
  createdAt: string;
  authorId: string;
}

export interface XMentionInput {
  id?: string;
  text: string;
  author: XAuthorInput;
  /**
   * A quoted / replied-to tweet, or both (an array: a reply that also quotes). If `tweet.id` is
   * already known (e.g. one of ours), that tweet is used.
   */
  referenced?: XReferenceInput | XReferenceInput[];
  createdAt?: string | Date;
}

export interface XReferenceInput {
  type: 'quoted' | 'replied_to';
  tweet: {
    id?: string;
    text: string;
    author: XAuthorInput;
    createdAt?: string | Date;
    /** Listed in `referenced_tweets` but never served in `includes` (deleted, withheld, protected). */
    unavailable?: boolean;
  };
}

export interface XMention {
  id: string;
  text: string;
  authorId: string;
  createdAt: string;
  conversationId: string;
  /** The first reference (kept for older tests); `references` lists all of them. */
  referenced?: { type: 'quoted' | 'replied_to'; id: string };
  references: Array<{ type: 'quoted' | 'replied_to'; id: string }>;
}

export interface XRateLimitSetting {
  /** What the next response to the route reports as x-rate-limit-remaining (the request after that gets a 429 if 0). */
  remaining?: number;
  /** x-rate-limit-reset, epoch seconds. */
  resetAt?: number;
  limit?: number;
  userDayRemaining?: number;
  userDayResetAt?: number;
  appDayRemaining?: number;
  appDayResetAt?: number;
}

export interface FakeXOptions {
  /** The authenticated user. Default `{ id: '1000', name: 'Session Technology Foundation', username: 'SessionTechFND' }`. */
  user?: XUser;
  /** If set, POST /2/tweets (and all calls) must carry `oauth_consumer_key="<this>"`. */
  consumerKey?: string;
  /** If set, OAuth calls must carry `oauth_token="<this>"`. */
  accessToken?: string;
  /** Return every field and expansion whatever `tweet.fields`/`user.fields`/`expansions` say (default false: like real X). */
  allFields?: boolean;
  /** Escape `&`, `<`, `>` in returned tweet text as real X v2 does (`&amp;`…). Default true. */
  escapeHtml?: boolean;
  /** Answer 429 by itself once a window is used up (default true). */
  enforceRateLimits?: boolean;
  /** What `x-access-level` says on OAuth 1.0a answers (default `read-write`; `read` for a read-only app's token). */
  accessLevel?: string;
  /** 15-minute window per route (default limit 100, window 900 s); 24-hour caps of POST /2/tweets (defaults 1000 / 10000). */
  rateLimit?: { limit?: number; windowSeconds?: number; userDayLimit?: number; appDayLimit?: number };
}

export const DEFAULT_X_USER: XUser = { id: '1000', name: 'Session Technology Foundation', username: 'SessionTechFND' };

// ---- fault builders -------------------------------------------------------------------------------

const PROBLEM_JSON = 'application/problem+json';

function problem(status: number, body: Record<string, unknown>): Fault {
  return { kind: 'status', status, contentType: PROBLEM_JSON, body: JSON.stringify(body) };
}

/**
 * 429 Too Many Requests with the real headers. Plain: x-rate-limit-remaining 0, reset in resetInSeconds.
 * With a day cap: the 24-hour remaining is 0 and its reset is resetInSeconds away, while x-rate-limit-reset
 * is sooner (a client that only reads x-rate-limit-reset retries too early).
 */
export function x429(opts: { resetInSeconds: number; userDayCap?: boolean; appDayCap?: boolean }): Fault {
  const { resetInSeconds, userDayCap = false, appDayCap = false } = opts;
  return {
    kind: 'status',
    status: 429,
    contentType: PROBLEM_JSON,
    body: JSON.stringify({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }),
    headers: (now) => {
      const nowS = Math.floor(now / 1000);
      const reset = String(nowS + resetInSeconds);
      if (!userDayCap && !appDayCap) return { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset };
      const sooner = nowS + Math.max(0, Math.min(resetInSeconds - 1, Math.ceil(resetInSeconds / 4)));
      const h: Record<string, string> = { 'x-rate-limit-reset': String(sooner) };
      if (userDayCap) {
        h['x-user-limit-24hour-remaining'] = '0';
        h['x-user-limit-24hour-reset'] = reset;
      }
      if (appDayCap) {
        h['x-app-limit-24hour-remaining'] = '0';
        h['x-app-limit-24hour-reset'] = reset;
      }
      return h;
    },
  };
}

/** 429 UsageCapExceeded (monthly product cap). */
export function xUsageCapped(): Fault {
  return problem(429, {
    title: 'UsageCapExceeded',
    detail: 'Usage cap exceeded: Monthly product cap',
    type: 'https://api.twitter.com/2/problems/usage-capped',
    period: 'Monthly',
    scope: 'Product',
  });
}

/** 402 CreditsDepleted (pay-per-use account without credits). */
export function x402(): Fault {
  return problem(402, {
    title: 'CreditsDepleted',
    detail: 'Your enrolled account does not have any credits to fulfill this request.',
    type: 'https://api.twitter.com/2/problems/credits',
    status: 402,
  });
}

export function x401(): Fault {
  return problem(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
}

/** 403 for an app whose OAuth 1.0a permissions are read-only. */
export function x403NoWrite(): Fault {
  return problem(403, {
    title: 'Forbidden',
    detail: 'Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.',
    type: 'https://api.twitter.com/2/problems/oauth1-permissions',
    status: 403,
  });
}

export function x5xx(status = 503): Fault {
  const title = http.STATUS_CODES[status] ?? 'Error';
  return problem(status, { title, detail: title, type: 'about:blank', status });
}

// ---- text rendering (t.co links, entities) ----------------------------------------------------------

interface UrlEntity {
  start: number;
  end: number;
  url: string;
  expanded_url: string;
  display_url: string;
}

interface Rendered {
  text: string;
  urls: UrlEntity[];
  mentions: { start: number; end: number; username: string }[];
  hashtags: { start: number; end: number; tag: string }[];
}

/** Deterministic t.co short link: `https://t.co/` + 10 characters (23 characters, as X counts URLs). */
export function tcoFor(url: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const digest = createHash('sha256').update(url).digest();
  let code = '';
  for (let i = 0; i < 10; i++) code += alphabet[(digest[i] ?? 0) % alphabet.length];
  return `https://t.co/${code}`;
}

function displayUrl(expanded: string): string {
  const bare = expanded.replace(/^https?:\/\//i, '');
  return bare.length > 26 ? `${bare.slice(0, 25)}…` : bare;
}

/** UTF-16 offset → code point offset. */
function cp(text: string, utf16: number): number {
  return [...text.slice(0, utf16)].length;
}

function render(original: string): Rendered {
  const found = twitterText.extractUrlsWithIndices(original);
  let text = '';
  let last = 0;
  const urls: UrlEntity[] = [];
  for (const u of found) {
    const [from, to] = u.indices;
    text += original.slice(last, from);
    const short = tcoFor(u.url);
    const expanded = /^https?:\/\//i.test(u.url) ? u.url : `http://${u.url}`;
    const start = cp(text, text.length);
    text += short;
    urls.push({ start, end: start + short.length, url: short, expanded_url: expanded, display_url: displayUrl(expanded) });
    last = to;
  }
  text += original.slice(last);
  const mentions = twitterText.extractMentionsWithIndices(text).map((m) => ({
    start: cp(text, m.indices[0]),
    end: cp(text, m.indices[1]),
    username: m.screenName,
  }));
  const hashtags = twitterText.extractHashtagsWithIndices(text).map((h) => ({
    start: cp(text, h.indices[0]),
    end: cp(text, h.indices[1]),
    tag: h.hashtag,
  }));
  return { text, urls, mentions, hashtags };
}

function allReferences(r: TweetRecord): Array<{ type: 'quoted' | 'replied_to'; id: string }> {
  return r.referenced ? [r.referenced, ...(r.moreReferences ?? [])] : [];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---- the fake --------------------------------------------------------------------------------------

interface TweetRecord {
  id: string;
  text: string;
  authorId: string;
  createdAt: string;
  conversationId: string;
  inReplyToUserId?: string;
  referenced?: { type: 'quoted' | 'replied_to'; id: string };
  /** Further references after `referenced` (a reply that also quotes). */
  moreReferences?: Array<{ type: 'quoted' | 'replied_to'; id: string }>;
  /** Never served in `includes` (deleted, withheld, protected). */
  unavailable?: boolean;
  own: boolean;
}

interface RateWindow {
  limit: number;
  left: number;
  /** epoch seconds */
  resetAt: number;
  windowS: number;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WEB_ROUTES = new Set(['GET /i/status/:id', 'GET /:handle/status/:id']);
const ALL_TWEET_FIELDS = [
  'author_id',
  'created_at',
  'conversation_id',
  'in_reply_to_user_id',
  'referenced_tweets',
  'entities',
  'lang',
  'public_metrics',
  'possibly_sensitive',
  'reply_settings',
];
const ALL_EXPANSIONS = ['author_id', 'referenced_tweets.id', 'referenced_tweets.id.author_id', 'entities.mentions.username', 'in_reply_to_user_id'];
const ALL_USER_FIELDS = ['created_at', 'description', 'protected', 'verified', 'profile_image_url', 'public_metrics', 'url'];

export class FakeX extends FakeServer {
  readonly user: XUser;
  /** `x-access-level` of OAuth 1.0a answers, as real X sends it (`read`, `read-write`, `read-write-directmessages`). */
  accessLevel: string;
  /** Tweets posted through POST /2/tweets, oldest first. */
  readonly tweets: StoredTweet[] = [];
  /** Mentions added with addMention, oldest first. */
  readonly mentions: XMention[] = [];

  private readonly options: FakeXOptions;
  private readonly records = new Map<string, TweetRecord>();
  private readonly users = new Map<string, XUser>();
  private lastId = 1_900_000_000_000_000_000n;
  private nextUserId = 5_000_000n;
  private rateWindows = new Map<string, RateWindow>();
  private userDay!: RateWindow;
  private appDay!: RateWindow;

  constructor(options: FakeXOptions = {}) {
    super({ name: 'fake X' });
    this.options = options;
    this.user = { ...(options.user ?? DEFAULT_X_USER) };
    this.accessLevel = options.accessLevel ?? 'read-write';
    this.clearData();
    this.route('POST /2/tweets', (ctx) => this.postTweet(ctx));
    this.route('DELETE /2/tweets/:id', (ctx) => this.deleteTweet(ctx));
    this.route('GET /2/tweets', (ctx) => this.lookupTweets(ctx, (ctx.req.query.get('ids') ?? '').split(',').filter(Boolean)));
    this.route('GET /2/tweets/:id', (ctx) => this.lookupTweets(ctx, [ctx.params.id ?? ''], true));
    this.route('GET /2/users/me', (ctx) => this.getMe(ctx));
    this.route('GET /2/users/:id/tweets', (ctx) => this.userTweets(ctx));
    this.route('GET /2/users/:id/mentions', (ctx) => this.userMentions(ctx));
    // The web pages of posts (x.com/i/status/:id, x.com/:handle/status/:id): no auth, no rate limit.
    this.route('GET /i/status/:id', (ctx) => this.tweetPage(ctx.params.id ?? ''));
    this.route('GET /:handle/status/:id', (ctx) => this.tweetPage(ctx.params.id ?? ''));
  }

  /** Adds a tweet mentioning the authenticated user (shows up in GET /2/users/:id/mentions). */
  addMention(input: XMentionInput): XMention {
    const author = this.registerUser(input.author);
    const inputs = input.referenced === undefined ? [] : Array.isArray(input.referenced) ? input.referenced : [input.referenced];
    const refs = inputs.map((r) => ({ type: r.type, record: this.referencedRecord(r.tweet) }));
    const id = input.id ?? this.nextId();
    this.bumpId(id);
    const parent = refs.find((r) => r.type === 'replied_to')?.record;
    const record: TweetRecord = {
      id,
      text: input.text,
      authorId: author.id,
      createdAt: toIso(input.createdAt),
      conversationId: parent ? parent.conversationId : id,
      own: false,
    };
    const references = refs.map((r) => ({ type: r.type, id: r.record.id }));
    if (references.length > 0) {
      record.referenced = references[0];
      if (references.length > 1) record.moreReferences = references.slice(1);
    }
    if (parent) record.inReplyToUserId = parent.authorId;
    this.records.set(id, record);
    const mention: XMention = { id, text: input.text, authorId: author.id, createdAt: record.createdAt, conversationId: record.conversationId, references };
    if (record.referenced) mention.referenced = { ...record.referenced };
    this.mentions.push(mention);
    return mention;
  }

  private referencedRecord(ref: XReferenceInput['tweet']): TweetRecord {
    const known = ref.id !== undefined ? this.records.get(ref.id) : undefined;
    if (known) return known;
    const refAuthor = this.registerUser(ref.author);
    const id = ref.id ?? this.nextId();
    this.bumpId(id);
    const record: TweetRecord = {
      id,
      text: ref.text,
      authorId: refAuthor.id,
      createdAt: toIso(ref.createdAt),
      conversationId: id,
      own: refAuthor.id === this.user.id,
      unavailable: ref.unavailable,
    };
    this.records.set(id, record);
    return record;
  }

  /** Changes what the rate-limit headers of `route` (e.g. 'POST /2/tweets') report from the next response on. */
  setRateLimit(route: string, setting: XRateLimitSetting): void {
    const w = this.windowFor(normalizeRoute(route));
    if (setting.limit !== undefined) w.limit = setting.limit;
    if (setting.resetAt !== undefined) w.resetAt = setting.resetAt;
    if (setting.remaining !== undefined) w.left = setting.remaining + 1;
    if (setting.userDayResetAt !== undefined) this.userDay.resetAt = setting.userDayResetAt;
    if (setting.userDayRemaining !== undefined) this.userDay.left = setting.userDayRemaining + 1;
    if (setting.appDayResetAt !== undefined) this.appDay.resetAt = setting.appDayResetAt;
    if (setting.appDayRemaining !== undefined) this.appDay.left = setting.appDayRemaining + 1;
  }

  // ---- hooks -------------------------------------------------------------------------------------

  protected override clearData(): void {
    this.tweets.length = 0;
    this.mentions.length = 0;
    this.records.clear();
    this.users.clear();
    this.users.set(this.user.id, this.user);
    this.rateWindows = new Map();
    const nowS = Math.floor(Date.now() / 1000);
    const rl = this.options.rateLimit ?? {};
    const userDayLimit = rl.userDayLimit ?? 1000;
    const appDayLimit = rl.appDayLimit ?? 10000;
    this.userDay = { limit: userDayLimit, left: userDayLimit, resetAt: nowS + 86400, windowS: 86400 };
    this.appDay = { limit: appDayLimit, left: appDayLimit, resetAt: nowS + 86400, windowS: 86400 };
  }

  protected override familyOf(route: string): string {
    const method = route.split(' ')[0] ?? '';
    return WRITE_METHODS.has(method) ? 'write' : route;
  }

  protected override notFound(ctx: HandlerContext): FakeResponse {
    return {
      status: 404,
      contentType: PROBLEM_JSON,
      body: { errors: [{ message: 'The requested resource could not be found.' }], title: 'Not Found Error', detail: `No route ${ctx.route}`, type: 'about:blank', status: 404 },
    };
  }

  protected override preHandle(ctx: HandlerContext): FakeResponse | undefined {
    if (WEB_ROUTES.has(ctx.route)) return undefined;
    const auth = ctx.req.headers.authorization ?? '';
    const needsOAuth1 = ctx.route === 'POST /2/tweets' || ctx.route === 'DELETE /2/tweets/:id';
    const isOAuth1 = auth.startsWith('OAuth ') && auth.includes('oauth_consumer_key=') && auth.includes('oauth_signature=');
    const isBearer = auth.startsWith('Bearer ') && auth.length > 'Bearer '.length;
    const keyOk =
      !isOAuth1 ||
      ((this.options.consumerKey === undefined || auth.includes(`oauth_consumer_key="${encodeURIComponent(this.options.consumerKey)}"`)) &&
        (this.options.accessToken === undefined || auth.includes(`oauth_token="${encodeURIComponent(this.options.accessToken)}"`)));
    if (!(isOAuth1 || (isBearer && !needsOAuth1)) || !keyOk) {
      return { status: 401, contentType: PROBLEM_JSON, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };
    }
    if (needsOAuth1 && !this.accessLevel.includes('write')) {
      const fault = x403NoWrite() as { body: string };
      return { status: 403, contentType: PROBLEM_JSON, body: JSON.parse(fault.body) };
    }

    const nowS = Math.floor(Date.now() / 1000);
    const w = this.windowFor(ctx.route);
    const isPost = ctx.route === 'POST /2/tweets';
    roll(w, nowS);
    if (isPost) {
      roll(this.userDay, nowS);
      roll(this.appDay, nowS);
    }
    const enforce = this.options.enforceRateLimits !== false;
    const blocked = w.left <= 0 || (isPost && (this.userDay.left <= 0 || this.appDay.left <= 0));
    if (enforce && blocked) {
      return {
        status: 429,
        contentType: PROBLEM_JSON,
        body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      };
    }
    w.left = Math.max(0, w.left - 1);
    if (isPost) {
      this.userDay.left = Math.max(0, this.userDay.left - 1);
      this.appDay.left = Math.max(0, this.appDay.left - 1);
    }
    return undefined;
  }

  protected override decorate(ctx: HandlerContext, res: FakeResponse, fromFault: boolean): void {
    const nowS = Math.floor(Date.now() / 1000);
    const w = this.windowFor(ctx.route);
    roll(w, nowS);
    const isPost = ctx.route === 'POST /2/tweets';
    const h: Record<string, string> = {
      'x-rate-limit-limit': String(w.limit),
      'x-rate-limit-remaining': String(Math.max(0, w.left)),
      'x-rate-limit-reset': String(w.resetAt),
    };
    if (isPost) {
      roll(this.userDay, nowS);
      roll(this.appDay, nowS);
      Object.assign(h, {
        'x-user-limit-24hour-limit': String(this.userDay.limit),
        'x-user-limit-24hour-remaining': String(Math.max(0, this.userDay.left)),
        'x-user-limit-24hour-reset': String(this.userDay.resetAt),
        'x-app-limit-24hour-limit': String(this.appDay.limit),
        'x-app-limit-24hour-remaining': String(Math.max(0, this.appDay.left)),
        'x-app-limit-24hour-reset': String(this.appDay.resetAt),
      });
    }
    if ((ctx.req.headers.authorization ?? '').startsWith('OAuth ')) h['x-access-level'] = this.accessLevel;
    const final: Record<string, string> = { ...h, ...(res.headers ?? {}) };
    res.headers = final;
    // A 429 fault blocks the window it announces (so retrying too early gets another 429, as with real X).
    if (fromFault && res.status === 429 && this.options.enforceRateLimits !== false) {
      const block = (win: RateWindow, remaining: string | undefined, reset: string | undefined) => {
        if (remaining === '0' && reset !== undefined) {
          win.left = 0;
          win.resetAt = Number(reset);
        }
      };
      block(w, final['x-rate-limit-remaining'], final['x-rate-limit-reset']);
      if (isPost) {
        block(this.userDay, final['x-user-limit-24hour-remaining'], final['x-user-limit-24hour-reset']);
        block(this.appDay, final['x-app-limit-24hour-remaining'], final['x-app-limit-24hour-reset']);
      }
    }
  }

  protected override announcedPause(_route: string, status: number, headers: Record<string, string>): number | undefined {
    const groups = ['x-rate-limit', 'x-user-limit-24hour', 'x-app-limit-24hour'].map((p) => ({
      remaining: headers[`${p}-remaining`],
      reset: headers[`${p}-reset`],
    }));
    const zeroResets = groups.filter((g) => g.remaining === '0' && g.reset !== undefined).map((g) => Number(g.reset) * 1000);
    if (zeroResets.length > 0 && (status === 429 || status < 400)) return Math.max(...zeroResets);
    if (status === 429 && groups[0]?.reset !== undefined) return Number(groups[0].reset) * 1000;
    return undefined;
  }

  // ---- handlers ----------------------------------------------------------------------------------

  private postTweet(ctx: HandlerContext): FakeResponse {
    const body = ctx.req.json;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return invalidRequest('Request body must be a JSON object.');
    }
    const b = body as { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown }; quote_tweet_id?: unknown };
    if (typeof b.text !== 'string') return invalidRequest('$.text: is missing but it is required');
    const text = b.text;
    const replyTo = b.reply?.in_reply_to_tweet_id;
    if (replyTo !== undefined && (typeof replyTo !== 'string' || !this.records.has(replyTo))) {
      return forbidden('You attempted to reply to a Tweet that is deleted or not visible to you.');
    }
    const quoteId = b.quote_tweet_id;
    if (quoteId !== undefined && (typeof quoteId !== 'string' || !this.records.has(quoteId))) {
      return forbidden('You attempted to quote a Tweet that is deleted or not visible to you.');
    }
    if (text.trim() === '') return invalidRequest('$.text: must not be empty');
    if (twitterText.parseTweet(text).weightedLength > 280) {
      return forbidden('Your Tweet text is too long. For more information on how X determines text length, see https://github.com/twitter/twitter-text.');
    }
    if (this.tweets.some((t) => t.text === text)) {
      return forbidden('You are not allowed to create a Tweet with duplicate content.');
    }
    const id = this.nextId();
    const createdAt = new Date().toISOString();
    const record: TweetRecord = { id, text, authorId: this.user.id, createdAt, conversationId: id, own: true };
    const stored: StoredTweet = { id, text, createdAt, authorId: this.user.id };
    if (typeof replyTo === 'string') {
      const parent = this.records.get(replyTo);
      record.referenced = { type: 'replied_to', id: replyTo };
      record.conversationId = parent?.conversationId ?? replyTo;
      if (parent) record.inReplyToUserId = parent.authorId;
      stored.inReplyToTweetId = replyTo;
    } else if (typeof quoteId === 'string') {
      record.referenced = { type: 'quoted', id: quoteId };
      stored.quoteTweetId = quoteId;
    }
    this.records.set(id, record);
    this.tweets.push(stored);
    return { status: 201, body: { data: { id, text: this.outText(render(text).text), edit_history_tweet_ids: [id] } } };
  }

  private deleteTweet(ctx: HandlerContext): FakeResponse {
    const id = ctx.params.id ?? '';
    const record = this.records.get(id);
    if (!record?.own) return forbidden('You are not allowed to delete this Tweet.');
    this.records.delete(id);
    const i = this.tweets.findIndex((t) => t.id === id);
    if (i >= 0) this.tweets.splice(i, 1);
    return { status: 200, body: { data: { deleted: true } } };
  }

  /** A post's page, as a browser would load it (HTML; 404 for an unknown or unavailable post). */
  private tweetPage(id: string): FakeResponse {
    const r = this.records.get(id);
    if (r === undefined || r.unavailable) return { status: 404, contentType: 'text/html; charset=utf-8', body: '<!DOCTYPE html><title>Not found</title><p>This post does not exist.</p>' };
    const author = this.users.get(r.authorId)?.username ?? 'unknown';
    return {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!DOCTYPE html><html lang="en"><head><title>@${escapeHtml(author)} on fake X</title></head><body><article data-tweet-id="${r.id}"><p class="author">@${escapeHtml(author)}</p><p class="text">${escapeHtml(r.text)}</p></article></body></html>`,
    };
  }

  private getMe(ctx: HandlerContext): FakeResponse {
    return { status: 200, body: { data: this.userObject(this.user, this.userFields(ctx)) } };
  }

  private lookupTweets(ctx: HandlerContext, ids: string[], single = false): FakeResponse {
    const found: TweetRecord[] = [];
    const errors: unknown[] = [];
    for (const id of ids) {
      const r = this.records.get(id);
      if (r && !r.unavailable) found.push(r);
      else
        errors.push({
          value: id,
          detail: `Could not find tweet with ids: [${id}].`,
          title: 'Not Found Error',
          resource_type: 'tweet',
          parameter: single ? 'id' : 'ids',
          resource_id: id,
          type: 'https://api.twitter.com/2/problems/resource-not-found',
        });
    }
    const out = this.tweetPayload(ctx, found);
    const body: Record<string, unknown> = {};
    if (found.length) body.data = single ? out.data[0] : out.data;
    if (out.includes) body.includes = out.includes;
    if (errors.length) body.errors = errors;
    return { status: 200, body };
  }

  private userTweets(ctx: HandlerContext): FakeResponse {
    const id = ctx.params.id ?? '';
    const exclude = (ctx.req.query.get('exclude') ?? '').split(',');
    const list = [...this.records.values()].filter(
      (r) => r.authorId === id && (!exclude.includes('replies') || r.referenced?.type !== 'replied_to'),
    );
    return this.timeline(ctx, list);
  }

  private userMentions(ctx: HandlerContext): FakeResponse {
    const id = ctx.params.id ?? '';
    const mentionIds = new Set(this.mentions.map((m) => m.id));
    const list = id === this.user.id ? [...this.records.values()].filter((r) => mentionIds.has(r.id)) : [];
    return this.timeline(ctx, list);
  }

  private timeline(ctx: HandlerContext, all: TweetRecord[]): FakeResponse {
    const q = ctx.req.query;
    const maxRaw = q.get('max_results');
    const max = maxRaw === null ? 10 : Number(maxRaw);
    if (!Number.isInteger(max) || max < 5 || max > 100) {
      return invalidRequest(`The \`max_results\` query parameter value [${maxRaw}] is not between 5 and 100`, { max_results: [String(maxRaw)] });
    }
    const bound = (name: string): bigint | undefined | FakeResponse => {
      const v = q.get(name);
      if (v === null) return undefined;
      if (!/^\d{1,19}$/.test(v)) {
        return invalidRequest(`The \`${name}\` query parameter value [${v}] does not match ^[0-9]{1,19}$`, { [name]: [v] });
      }
      return BigInt(v);
    };
    const sinceId = bound('since_id');
    const untilId = bound('until_id');
    if (typeof sinceId === 'object') return sinceId;
    if (typeof untilId === 'object') return untilId;
    const token = q.get('pagination_token');
    let below: bigint | undefined = untilId;
    if (token !== null) {
      const m = /^p([0-9]+)$/.exec(token);
      if (!m?.[1]) return invalidRequest(`The \`pagination_token\` query parameter value [${token}] is not valid`, { pagination_token: [token] });
      below = BigInt(m[1]);
    }
    const candidates = all
      .filter((r) => (sinceId === undefined || BigInt(r.id) > sinceId) && (below === undefined || BigInt(r.id) < below))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0));
    const page = candidates.slice(0, max);
    if (page.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
    const out = this.tweetPayload(ctx, page);
    const meta: Record<string, unknown> = {
      result_count: page.length,
      newest_id: page[0]?.id,
      oldest_id: page[page.length - 1]?.id,
    };
    if (candidates.length > page.length) meta.next_token = `p${page[page.length - 1]?.id}`;
    const body: Record<string, unknown> = { data: out.data };
    if (out.includes) body.includes = out.includes;
    body.meta = meta;
    return { status: 200, body };
  }

  // ---- serialisation -----------------------------------------------------------------------------

  private listParam(ctx: HandlerContext, name: string, all: string[]): Set<string> {
    if (this.options.allFields) return new Set(all);
    return new Set((ctx.req.query.get(name) ?? '').split(',').filter(Boolean));
  }

  private userFields(ctx: HandlerContext): Set<string> {
    return this.listParam(ctx, 'user.fields', ALL_USER_FIELDS);
  }

  private tweetPayload(ctx: HandlerContext, list: TweetRecord[]): { data: unknown[]; includes?: Record<string, unknown[]> } {
    const expansions = this.listParam(ctx, 'expansions', ALL_EXPANSIONS);
    const fields = this.listParam(ctx, 'tweet.fields', ALL_TWEET_FIELDS);
    // An expansion implies the field it expands.
    if (expansions.has('author_id')) fields.add('author_id');
    if (expansions.has('referenced_tweets.id')) fields.add('referenced_tweets');
    if (expansions.has('in_reply_to_user_id')) fields.add('in_reply_to_user_id');
    if (expansions.has('entities.mentions.username')) fields.add('entities');
    const userFields = this.userFields(ctx);

    const data = list.map((r) => this.tweetObject(r, fields));
    const users = new Map<string, XUser>();
    const tweets = new Map<string, TweetRecord>();
    const addUser = (id: string | undefined) => {
      const u = id === undefined ? undefined : this.users.get(id);
      if (u) users.set(u.id, u);
    };
    for (const r of list) {
      if (expansions.has('author_id')) addUser(r.authorId);
      if (expansions.has('in_reply_to_user_id')) addUser(r.inReplyToUserId);
      if (expansions.has('entities.mentions.username')) {
        for (const m of render(r.text).mentions) addUser(this.userByName(m.username)?.id);
      }
      for (const link of allReferences(r)) {
        const ref = this.records.get(link.id);
        if (!ref || ref.unavailable || !expansions.has('referenced_tweets.id')) continue;
        tweets.set(ref.id, ref);
        if (expansions.has('referenced_tweets.id.author_id')) addUser(ref.authorId);
      }
    }
    const includes: Record<string, unknown[]> = {};
    if (users.size) includes.users = [...users.values()].map((u) => this.userObject(u, userFields));
    if (tweets.size) includes.tweets = [...tweets.values()].map((t) => this.tweetObject(t, fields));
    return Object.keys(includes).length ? { data, includes } : { data };
  }

  private tweetObject(r: TweetRecord, fields: Set<string>): Record<string, unknown> {
    const rendered = render(r.text);
    const o: Record<string, unknown> = { id: r.id, text: this.outText(rendered.text), edit_history_tweet_ids: [r.id] };
    if (fields.has('author_id')) o.author_id = r.authorId;
    if (fields.has('created_at')) o.created_at = r.createdAt;
    if (fields.has('conversation_id')) o.conversation_id = r.conversationId;
    if (fields.has('in_reply_to_user_id') && r.inReplyToUserId) o.in_reply_to_user_id = r.inReplyToUserId;
    if (fields.has('referenced_tweets') && r.referenced) o.referenced_tweets = allReferences(r).map((ref) => ({ type: ref.type, id: ref.id }));
    if (fields.has('lang')) o.lang = 'en';
    if (fields.has('possibly_sensitive')) o.possibly_sensitive = false;
    if (fields.has('reply_settings')) o.reply_settings = 'everyone';
    if (fields.has('public_metrics')) o.public_metrics = { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0, bookmark_count: 0, impression_count: 0 };
    if (fields.has('entities')) {
      const entities: Record<string, unknown> = {};
      if (rendered.urls.length) entities.urls = rendered.urls;
      if (rendered.mentions.length) {
        entities.mentions = rendered.mentions.map((m) => ({ ...m, id: this.userByName(m.username)?.id ?? this.registerUser({ id: '', username: m.username }).id }));
      }
      if (rendered.hashtags.length) entities.hashtags = rendered.hashtags;
      if (Object.keys(entities).length) o.entities = entities;
    }
    return o;
  }

  private userObject(u: XUser, fields: Set<string>): Record<string, unknown> {
    const o: Record<string, unknown> = { id: u.id, name: u.name, username: u.username };
    if (fields.has('created_at')) o.created_at = '2020-01-01T00:00:00.000Z';
    if (fields.has('description')) o.description = '';
    if (fields.has('protected')) o.protected = false;
    if (fields.has('verified')) o.verified = u.id === this.user.id;
    if (fields.has('profile_image_url')) o.profile_image_url = `https://pbs.twimg.com/profile_images/${u.id}/normal.png`;
    if (fields.has('url')) o.url = '';
    if (fields.has('public_metrics')) o.public_metrics = { followers_count: 0, following_count: 0, tweet_count: 0, listed_count: 0 };
    return o;
  }

  private outText(text: string): string {
    return this.options.escapeHtml === false ? text : escapeHtml(text);
  }

  // ---- ids, users, windows -----------------------------------------------------------------------

  private nextId(): string {
    this.lastId += 1n << 22n;
    return this.lastId.toString();
  }

  private bumpId(id: string): void {
    if (/^\d+$/.test(id) && BigInt(id) > this.lastId) this.lastId = BigInt(id);
  }

  private userByName(username: string): XUser | undefined {
    const lower = username.toLowerCase();
    for (const u of this.users.values()) if (u.username.toLowerCase() === lower) return u;
    return undefined;
  }

  /** Registers (or finds) a user; an empty id means "make one up". */
  private registerUser(input: XAuthorInput): XUser {
    const known = input.id ? this.users.get(input.id) : this.userByName(input.username);
    if (known) return known;
    const id = input.id || String(++this.nextUserId);
    const u: XUser = { id, username: input.username, name: input.name ?? input.username };
    this.users.set(id, u);
    return u;
  }

  private windowFor(route: string): RateWindow {
    let w = this.rateWindows.get(route);
    if (!w) {
      const limit = this.options.rateLimit?.limit ?? 100;
      const windowS = this.options.rateLimit?.windowSeconds ?? 900;
      w = { limit, left: limit, resetAt: Math.floor(Date.now() / 1000) + windowS, windowS };
      this.rateWindows.set(route, w);
    }
    return w;
  }
}

function roll(w: RateWindow, nowS: number): void {
  if (nowS >= w.resetAt) {
    w.left = w.limit;
    w.resetAt = nowS + w.windowS;
  }
}

function normalizeRoute(route: string): string {
  const [method = '', path = ''] = route.split(' ');
  return `${method.toUpperCase()} ${path}`;
}

function toIso(d: string | Date | undefined): string {
  if (d === undefined) return new Date().toISOString();
  return (typeof d === 'string' ? new Date(d) : d).toISOString();
}

function forbidden(detail: string): FakeResponse {
  return { status: 403, contentType: PROBLEM_JSON, body: { detail, type: 'about:blank', title: 'Forbidden', status: 403 } };
}

function invalidRequest(message: string, parameters?: Record<string, string[]>): FakeResponse {
  return {
    status: 400,
    contentType: PROBLEM_JSON,
    body: {
      errors: [parameters ? { parameters, message } : { message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    },
  };
}

/** Starts a fake X API v2 on 127.0.0.1 (random port). */
export async function startFakeX(options: FakeXOptions = {}): Promise<FakeX> {
  return new FakeX(options).start();
}
