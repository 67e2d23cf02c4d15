/**
 * Fake Mastodon (4.3-like) REST API for integration and chaos tests. Speaks the wire format the real
 * `masto` 8 client expects: `createRestAPIClient({ url: fake.url, accessToken: fake.accessToken })`.
 */
import http from 'node:http';
import { type FakeResponse, FakeServer, type Fault, type HandlerContext, htmlError } from './fake-server.ts';

export { htmlError };
export type { Fault, RecordedRequest, PauseViolation, ResetGap, FaultInjector } from './fake-server.ts';

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface MastodonAccountInput {
  id: string;
  username: string;
  /** `alice` for a local account, `alice@social.example` for a remote one. */
  acct: string;
  display_name?: string;
}

/** A status posted through POST /api/v1/statuses. */
export interface StoredStatus {
  id: string;
  /** The text exactly as sent. */
  text: string;
  visibility: Visibility;
  inReplyToId?: string;
  idempotencyKey?: string;
  /** ISO 8601 */
  createdAt: string;
}

export interface MastodonMentionInput {
  /** Id of the mentioning status (default: next in sequence). */
  id?: string;
  /** Id of the notification (default: next in sequence). */
  notificationId?: string;
  account: MastodonAccountInput;
  /** Plain text; rendered to HTML (<p>, links, mentions, hashtags) like Mastodon does. */
  text: string;
  visibility: Visibility;
  /**
   * The status this mention replies to. If `id` is already known (e.g. one of ours), that status is
   * used. `unavailable`: it exists but GET /api/v1/statuses/:id answers 404 (deleted, or private).
   */
  inReplyTo?: { id: string; account: MastodonAccountInput; text: string; unavailable?: boolean };
  /**
   * A quoted status (Mastodon 4.5 quotes). `state` other than `accepted` (pending, revoked,
   * deleted…) serves the quote without its status, as Mastodon does.
   */
  quote?: { id?: string; account: MastodonAccountInput; text: string; state?: 'accepted' | 'pending' | 'revoked' | 'deleted' | 'unauthorized' };
  createdAt?: string | Date;
}

export interface MastodonMention {
  notificationId: string;
  statusId: string;
  accountId: string;
  text: string;
  visibility: Visibility;
  inReplyToId?: string;
  createdAt: string;
}

export interface MastodonRateLimitSetting {
  /** What the next response reports as X-RateLimit-Remaining (the request after that gets a 429 if 0). */
  remaining?: number;
  resetAt?: Date;
  limit?: number;
  /** Which window: writes (POST/PUT/PATCH/DELETE) or reads. Default: both. */
  family?: 'read' | 'write';
}

export interface FakeMastodonOptions {
  /** Bearer token every /api/v1 call must carry. Default 'test-mastodon-token'. */
  accessToken?: string;
  /** configuration.statuses.max_characters of /api/v2/instance. Default 500. */
  maxCharacters?: number;
  /** configuration.statuses.characters_reserved_per_url. Default 23. */
  charactersReservedPerUrl?: number;
  /** Leave configuration.statuses out of /api/v2/instance. */
  omitStatusesConfig?: boolean;
  /**
   * The instance's account domain (Mastodon's LOCAL_DOMAIN: `domain` of /api/v2/instance, the part
   * after `@` in its accounts' full accts). Default: the fake's own host:port.
   */
  domain?: string;
  /** Answer 429 by itself once a window is used up (default true). */
  enforceRateLimits?: boolean;
  /** The app's scopes, as `GET /api/v1/apps/verify_credentials` reports them (Mastodon ≥ 4.3). Default: what Herald needs. */
  appScopes?: string[];
  /** Read window (default 300 per 300 s) and write window (default 300 per 10800 s). */
  rateLimit?: { limit?: number; windowSeconds?: number; writeLimit?: number; writeWindowSeconds?: number };
}

export const DEFAULT_MASTODON_TOKEN = 'test-mastodon-token';

// ---- fault builders -------------------------------------------------------------------------------

/** 429 `{"error":"Too many requests"}` with X-RateLimit-Remaining 0 and X-RateLimit-Reset resetInSeconds away. */
export function m429(opts: { resetInSeconds: number }): Fault {
  return {
    kind: 'status',
    status: 429,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ error: 'Too many requests' }),
    headers: (now) => ({
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': new Date(now + opts.resetInSeconds * 1000).toISOString(),
    }),
  };
}

export function m401(): Fault {
  return {
    kind: 'status',
    status: 401,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ error: 'The access token is invalid' }),
    headers: { 'WWW-Authenticate': 'Bearer realm="Doorkeeper", error="invalid_token", error_description="The access token is invalid"' },
  };
}

export function m5xx(status = 503): Fault {
  return {
    kind: 'status',
    status,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ error: http.STATUS_CODES[status] ?? 'Error' }),
  };
}

// ---- HTML rendering -------------------------------------------------------------------------------

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const TOKEN_RE =
  /(https?:\/\/[^\s<>"]+)|(?<=^|[^\p{L}\p{N}_@/])@([a-zA-Z0-9_]+(?:@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,})?)|(?<=^|[^\p{L}\p{N}_/&#])#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/gu;

interface Token {
  kind: 'url' | 'mention' | 'tag';
  start: number;
  end: number;
  value: string;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const start = m.index ?? 0;
    if (m[1]) {
      const url = m[1].replace(/[.,;:!?'")\]]+$/, '');
      out.push({ kind: 'url', start, end: start + url.length, value: url });
    } else if (m[2]) {
      out.push({ kind: 'mention', start, end: start + m[0].length, value: m[2] });
    } else if (m[3]) {
      out.push({ kind: 'tag', start, end: start + m[0].length, value: m[3] });
    }
  }
  return out;
}

function linkHtml(url: string): string {
  const match = /^(https?:\/\/(?:www\.)?)(.*)$/.exec(url);
  const prefix = match?.[1] ?? '';
  const rest = match?.[2] ?? url;
  const shown = rest.length > 30 ? `<span class="ellipsis">${escapeHtml(rest.slice(0, 30))}</span><span class="invisible">${escapeHtml(rest.slice(30))}</span>` : `<span class="">${escapeHtml(rest)}</span><span class="invisible"></span>`;
  return `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">${escapeHtml(prefix)}</span>${shown}</a>`;
}

// ---- the fake --------------------------------------------------------------------------------------

interface AccountRecord {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  url: string;
  uri: string;
}

interface StatusRecord {
  id: string;
  text: string;
  visibility: Visibility;
  accountId: string;
  inReplyToId?: string;
  inReplyToAccountId?: string;
  quote?: { id: string; state: string };
  unavailable?: boolean;
  createdAt: string;
}

interface NotificationRecord {
  id: string;
  statusId: string;
  accountId: string;
  createdAt: string;
}

interface RateWindow {
  limit: number;
  left: number;
  /** epoch ms */
  resetAt: number;
  windowMs: number;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const VISIBILITIES = new Set<string>(['public', 'unlisted', 'private', 'direct']);
const NOT_FOUND = { error: 'Record not found' };

export class FakeMastodon extends FakeServer {
  readonly accessToken: string;
  /** The app's scopes (`GET /api/v1/apps/verify_credentials`); change them to play a wrongly made app. */
  appScopes: string[];
  /** Statuses posted through POST /api/v1/statuses, oldest first. */
  readonly statuses: StoredStatus[] = [];
  /** Mentions added with addMention, oldest first. */
  readonly mentions: MastodonMention[] = [];

  private readonly options: FakeMastodonOptions;
  private readonly records = new Map<string, StatusRecord>();
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly notifications: NotificationRecord[] = [];
  private readonly idempotency = new Map<string, string>();
  private lastStatusId = 113_500_000_000_000_000n;
  private lastNotificationId = 1000n;
  private readWindow!: RateWindow;
  private writeWindow!: RateWindow;
  readonly accountId = '109000';

  constructor(options: FakeMastodonOptions = {}) {
    super({ name: 'fake Mastodon' });
    this.options = options;
    this.accessToken = options.accessToken ?? DEFAULT_MASTODON_TOKEN;
    this.appScopes = options.appScopes ?? ['write:statuses', 'read:notifications', 'read:statuses', 'read:accounts'];
    this.clearData();
    this.route('GET /api/v2/instance', () => ({ status: 200, body: this.instance(2) }));
    this.route('GET /api/v1/instance', () => ({ status: 200, body: this.instance(1) }));
    this.route('GET /api/v1/accounts/verify_credentials', () => ({ status: 200, body: this.credentialAccount() }));
    this.route('GET /api/v1/apps/verify_credentials', () => ({
      status: 200,
      body: { id: '7', name: 'Herald', website: null, scopes: this.appScopes, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', redirect_uris: ['urn:ietf:wg:oauth:2.0:oob'], vapid_key: 'BFake=' },
    }));
    this.route('GET /api/v1/accounts/:id', (ctx) => {
      const a = this.accounts.get(ctx.params.id ?? '');
      return a ? { status: 200, body: this.accountEntity(a) } : { status: 404, body: NOT_FOUND };
    });
    this.route('GET /api/v1/accounts/:id/statuses', (ctx) => this.accountStatuses(ctx));
    this.route('POST /api/v1/statuses', (ctx) => this.postStatus(ctx));
    this.route('GET /api/v1/statuses/:id', (ctx) => {
      const s = this.records.get(ctx.params.id ?? '');
      return s && !s.unavailable ? { status: 200, body: this.statusEntity(s) } : { status: 404, body: NOT_FOUND };
    });
    this.route('DELETE /api/v1/statuses/:id', (ctx) => this.deleteStatus(ctx));
    this.route('GET /api/v1/notifications', (ctx) => this.listNotifications(ctx));
    // A status's web page (https://<instance>/@user/:id): no auth, no rate limit.
    this.route('GET /:account/:id', (ctx) => this.statusPage(ctx.params.account ?? '', ctx.params.id ?? ''));
  }

  /** A status's page as a browser loads it: 404 unless the status is the named local account's. */
  private statusPage(account: string, id: string): FakeResponse {
    const s = this.records.get(id);
    const owner = s === undefined ? undefined : (this.accounts.get(s.accountId) ?? this.self());
    if (s === undefined || s.unavailable || owner === undefined || account.toLowerCase() !== `@${owner.username}`.toLowerCase()) {
      return { status: 404, contentType: 'text/html; charset=utf-8', body: '<!DOCTYPE html><title>Not found</title><p>The page you are looking for isn\'t here.</p>' };
    }
    return {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!DOCTYPE html><html lang="en"><head><title>${escapeHtml(owner.username)} on fake Mastodon</title></head><body><article data-status-id="${s.id}"><p class="author">@${escapeHtml(owner.username)}</p><div class="content">${this.renderContent(s.text).html}</div></article></body></html>`,
    };
  }

  /** The bot's own account entity (id '109000', username 'session'). */
  get account(): Record<string, unknown> {
    return this.accountEntity(this.self());
  }

  /**
   * Forgets every `Idempotency-Key` seen: what an hour later looks like (Mastodon keeps a key for
   * an hour only, so a post repeated after that is a new status).
   */
  forgetIdempotencyKeys(): void {
    this.idempotency.clear();
  }

  /** Adds a status mentioning the bot, and its mention notification. */
  addMention(input: MastodonMentionInput): MastodonMention {
    const author = this.registerAccount(input.account);
    let parent: StatusRecord | undefined;
    if (input.inReplyTo) {
      parent = this.records.get(input.inReplyTo.id);
      if (!parent) {
        const parentAuthor = this.registerAccount(input.inReplyTo.account);
        this.bumpStatusId(input.inReplyTo.id);
        parent = {
          id: input.inReplyTo.id,
          text: input.inReplyTo.text,
          visibility: 'public',
          accountId: parentAuthor.id,
          createdAt: new Date().toISOString(),
          unavailable: input.inReplyTo.unavailable,
        };
        this.records.set(parent.id, parent);
      }
    }
    let quoted: StatusRecord | undefined;
    if (input.quote) {
      quoted = input.quote.id === undefined ? undefined : this.records.get(input.quote.id);
      if (!quoted) {
        const id = input.quote.id ?? this.nextStatusId();
        this.bumpStatusId(id);
        quoted = { id, text: input.quote.text, visibility: 'public', accountId: this.registerAccount(input.quote.account).id, createdAt: new Date().toISOString() };
        this.records.set(id, quoted);
      }
    }
    const statusId = input.id ?? this.nextStatusId();
    this.bumpStatusId(statusId);
    const createdAt = toIso(input.createdAt);
    const status: StatusRecord = { id: statusId, text: input.text, visibility: input.visibility, accountId: author.id, createdAt };
    if (parent) {
      status.inReplyToId = parent.id;
      status.inReplyToAccountId = parent.accountId;
    }
    if (quoted) status.quote = { id: quoted.id, state: input.quote?.state ?? 'accepted' };
    this.records.set(statusId, status);
    const notificationId = input.notificationId ?? this.nextNotificationId();
    if (/^\d+$/.test(notificationId) && BigInt(notificationId) > this.lastNotificationId) this.lastNotificationId = BigInt(notificationId);
    this.notifications.push({ id: notificationId, statusId, accountId: author.id, createdAt });
    const mention: MastodonMention = { notificationId, statusId, accountId: author.id, text: input.text, visibility: input.visibility, createdAt };
    if (parent) mention.inReplyToId = parent.id;
    this.mentions.push(mention);
    return mention;
  }

  /** Changes what X-RateLimit-* report from the next response on (both windows unless `family` is given). */
  setRateLimit(setting: MastodonRateLimitSetting): void {
    const windows = setting.family === 'read' ? [this.readWindow] : setting.family === 'write' ? [this.writeWindow] : [this.readWindow, this.writeWindow];
    for (const w of windows) {
      if (setting.limit !== undefined) w.limit = setting.limit;
      if (setting.resetAt !== undefined) w.resetAt = setting.resetAt.getTime();
      if (setting.remaining !== undefined) w.left = setting.remaining + 1;
    }
  }

  // ---- hooks -------------------------------------------------------------------------------------

  protected override clearData(): void {
    this.statuses.length = 0;
    this.mentions.length = 0;
    this.records.clear();
    this.accounts.clear();
    this.notifications.length = 0;
    this.idempotency.clear();
    const rl = this.options.rateLimit ?? {};
    const now = Date.now();
    const limit = rl.limit ?? 300;
    const windowMs = (rl.windowSeconds ?? 300) * 1000;
    const writeLimit = rl.writeLimit ?? 300;
    const writeWindowMs = (rl.writeWindowSeconds ?? 10800) * 1000;
    this.readWindow = { limit, left: limit, resetAt: now + windowMs, windowMs };
    this.writeWindow = { limit: writeLimit, left: writeLimit, resetAt: now + writeWindowMs, windowMs: writeWindowMs };
    if (this.url) this.ensureSelf();
  }

  protected override familyOf(route: string): string {
    return WRITE_METHODS.has(route.split(' ')[0] ?? '') ? 'write' : 'read';
  }

  protected override notFound(): FakeResponse {
    return { status: 404, body: { error: 'Not Found' } };
  }

  protected override preHandle(ctx: HandlerContext): FakeResponse | undefined {
    if (ctx.route === 'GET /:account/:id') return undefined;
    const isPublic = ctx.route === 'GET /api/v2/instance' || ctx.route === 'GET /api/v1/instance';
    if (!isPublic && ctx.req.headers.authorization !== `Bearer ${this.accessToken}`) {
      return {
        status: 401,
        body: { error: 'The access token is invalid' },
        headers: { 'WWW-Authenticate': 'Bearer realm="Doorkeeper", error="invalid_token", error_description="The access token is invalid"' },
      };
    }
    const w = this.windowOf(ctx.route);
    roll(w, Date.now());
    if (this.options.enforceRateLimits !== false && w.left <= 0) {
      return { status: 429, body: { error: 'Too many requests' } };
    }
    w.left = Math.max(0, w.left - 1);
    return undefined;
  }

  protected override decorate(ctx: HandlerContext, res: FakeResponse, fromFault: boolean): void {
    const w = this.windowOf(ctx.route);
    roll(w, Date.now());
    const own = res.headers ?? {};
    const ownLower = new Set(Object.keys(own).map((k) => k.toLowerCase()));
    const defaults: Record<string, string> = {
      'X-RateLimit-Limit': String(w.limit),
      'X-RateLimit-Remaining': String(Math.max(0, w.left)),
      'X-RateLimit-Reset': new Date(w.resetAt).toISOString(),
    };
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries(defaults)) if (!ownLower.has(k.toLowerCase())) merged[k] = v;
    Object.assign(merged, own);
    res.headers = merged;
    if (fromFault && res.status === 429 && this.options.enforceRateLimits !== false) {
      const lower = Object.fromEntries(Object.entries(merged).map(([k, v]) => [k.toLowerCase(), v]));
      const reset = Date.parse(lower['x-ratelimit-reset'] ?? '');
      if (lower['x-ratelimit-remaining'] === '0' && Number.isFinite(reset)) {
        w.left = 0;
        w.resetAt = reset;
      }
    }
  }

  protected override announcedPause(_route: string, status: number, headers: Record<string, string>): number | undefined {
    const reset = Date.parse(headers['x-ratelimit-reset'] ?? '');
    if (!Number.isFinite(reset)) return undefined;
    if (status === 429 || (status < 400 && headers['x-ratelimit-remaining'] === '0')) return reset;
    return undefined;
  }

  // ---- handlers ----------------------------------------------------------------------------------

  private instance(version: 1 | 2): Record<string, unknown> {
    const host = new URL(this.url).host;
    const configuration: Record<string, unknown> = {
      urls: { streaming: `ws://${host}` },
      accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
      media_attachments: { supported_mime_types: ['image/jpeg', 'image/png'], image_size_limit: 16777216, image_matrix_limit: 33177600, video_size_limit: 103809024, video_frame_rate_limit: 120, video_matrix_limit: 8294400 },
      polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
      translation: { enabled: false },
    };
    if (!this.options.omitStatusesConfig) {
      configuration.statuses = {
        max_characters: this.options.maxCharacters ?? 500,
        max_media_attachments: 4,
        characters_reserved_per_url: this.options.charactersReservedPerUrl ?? 23,
      };
    }
    const common = {
      uri: this.options.domain ?? host,
      title: 'Fake Mastodon',
      version: '4.3.0',
      source_url: 'https://github.com/mastodon/mastodon',
      description: 'A fake Mastodon server for tests.',
      languages: ['en'],
      configuration,
      rules: [],
    };
    if (version === 1) {
      return { ...common, short_description: '', email: 'admin@example.invalid', urls: { streaming_api: `ws://${host}` }, stats: { user_count: 1, status_count: this.statuses.length, domain_count: 1 }, registrations: false, approval_required: false, invites_enabled: false, contact_account: this.account };
    }
    return {
      domain: this.options.domain ?? host,
      ...common,
      usage: { users: { active_month: 1 } },
      thumbnail: { url: `${this.url}/packs/media/images/preview.png` },
      registrations: { enabled: false, approval_required: false, message: null },
      contact: { email: 'admin@example.invalid', account: this.account },
    };
  }

  private postStatus(ctx: HandlerContext): FakeResponse {
    const key = header(ctx.req.headers['idempotency-key']);
    if (key !== undefined) {
      const existing = this.idempotency.get(key);
      const record = existing ? this.records.get(existing) : undefined;
      if (record) return { status: 200, body: this.statusEntity(record) };
    }
    const body = (typeof ctx.req.json === 'object' && ctx.req.json !== null ? ctx.req.json : {}) as Record<string, unknown>;
    const text = typeof body.status === 'string' ? body.status : '';
    const mediaIds = body.media_ids;
    if (text.trim() === '' && !(Array.isArray(mediaIds) && mediaIds.length > 0)) {
      return { status: 422, body: { error: "Validation failed: Text can't be blank" } };
    }
    const visibility = body.visibility === undefined || body.visibility === null || body.visibility === '' ? 'public' : String(body.visibility);
    if (!VISIBILITIES.has(visibility)) return { status: 422, body: { error: 'Validation failed: Visibility is not included in the list' } };
    const max = this.options.maxCharacters ?? 500;
    const spoiler = typeof body.spoiler_text === 'string' ? body.spoiler_text : '';
    if (this.countLength(text) + this.countLength(spoiler) > max) {
      return { status: 422, body: { error: `Validation failed: Text character limit of ${max} exceeded` } };
    }
    const inReplyTo = body.in_reply_to_id;
    let parent: StatusRecord | undefined;
    if (inReplyTo !== undefined && inReplyTo !== null && inReplyTo !== '') {
      parent = this.records.get(String(inReplyTo));
      if (!parent) return { status: 404, body: { error: 'The post you are trying to reply to does not appear to exist.' } };
    }
    const id = this.nextStatusId();
    const createdAt = new Date().toISOString();
    const record: StatusRecord = { id, text, visibility: visibility as Visibility, accountId: this.accountId, createdAt };
    const stored: StoredStatus = { id, text, visibility: visibility as Visibility, createdAt };
    if (parent) {
      record.inReplyToId = parent.id;
      record.inReplyToAccountId = parent.accountId;
      stored.inReplyToId = parent.id;
    }
    if (key !== undefined) {
      stored.idempotencyKey = key;
      this.idempotency.set(key, id);
    }
    this.records.set(id, record);
    this.statuses.push(stored);
    return { status: 200, body: this.statusEntity(record) };
  }

  private deleteStatus(ctx: HandlerContext): FakeResponse {
    const record = this.records.get(ctx.params.id ?? '');
    if (!record || record.accountId !== this.accountId) return { status: 404, body: NOT_FOUND };
    this.records.delete(record.id);
    const i = this.statuses.findIndex((s) => s.id === record.id);
    if (i >= 0) this.statuses.splice(i, 1);
    return { status: 200, body: { ...this.statusEntity(record), text: record.text } };
  }

  private accountStatuses(ctx: HandlerContext): FakeResponse {
    const id = ctx.params.id ?? '';
    if (!this.accounts.has(id)) return { status: 404, body: NOT_FOUND };
    const q = ctx.req.query;
    const excludeReplies = q.get('exclude_replies') === 'true' || q.get('exclude_replies') === '1';
    const own = id === this.accountId;
    const list = [...this.records.values()].filter(
      (s) =>
        s.accountId === id &&
        (own || s.visibility === 'public' || s.visibility === 'unlisted') &&
        !(excludeReplies && s.inReplyToId !== undefined && s.inReplyToAccountId !== id),
    );
    const page = paginate(list, q, 20, 40);
    return { status: 200, body: page.map((s) => this.statusEntity(s)), headers: this.linkHeader(ctx, page) };
  }

  private listNotifications(ctx: HandlerContext): FakeResponse {
    const q = ctx.req.query;
    const types = q.getAll('types[]').concat(q.getAll('types'));
    const excluded = q.getAll('exclude_types[]').concat(q.getAll('exclude_types'));
    const wantMentions = (types.length === 0 || types.includes('mention')) && !excluded.includes('mention');
    const list = wantMentions ? this.notifications : [];
    const page = paginate(list, q, 40, 80);
    const body = page.map((n) => {
      const status = this.records.get(n.statusId);
      const account = this.accounts.get(n.accountId);
      return {
        id: n.id,
        type: 'mention',
        created_at: n.createdAt,
        group_key: `ungrouped-${n.id}`,
        account: account ? this.accountEntity(account) : null,
        status: status ? this.statusEntity(status) : null,
      };
    });
    return { status: 200, body, headers: this.linkHeader(ctx, page) };
  }

  /** `Link: <…?max_id=OLDEST>; rel="next", <…?min_id=NEWEST>; rel="prev"`, keeping limit/types filters. */
  private linkHeader(ctx: HandlerContext, page: { id: string }[]): Record<string, string> {
    if (page.length === 0) return {};
    const keep = new URLSearchParams();
    for (const [k, v] of ctx.req.query) {
      if (['limit', 'types[]', 'exclude_types[]', 'types', 'exclude_types', 'exclude_replies', 'only_media', 'pinned'].includes(k)) keep.append(k, v);
    }
    const make = (name: string, id: string) => {
      const p = new URLSearchParams(keep);
      p.set(name, id);
      return `${this.url}${ctx.req.path}?${p.toString().replace(/%5B%5D/g, '[]')}`;
    };
    const newest = page[0]?.id ?? '';
    const oldest = page[page.length - 1]?.id ?? '';
    return { Link: `<${make('max_id', oldest)}>; rel="next", <${make('min_id', newest)}>; rel="prev"` };
  }

  // ---- entities ----------------------------------------------------------------------------------

  private self(): AccountRecord {
    this.ensureSelf();
    return this.accounts.get(this.accountId) as AccountRecord;
  }

  private credentialAccount(): Record<string, unknown> {
    return { ...this.account, source: { privacy: 'public', sensitive: false, language: 'en', note: '', fields: [], follow_requests_count: 0 } };
  }

  private accountEntity(a: AccountRecord): Record<string, unknown> {
    const own = a.id === this.accountId;
    return {
      id: a.id,
      username: a.username,
      acct: a.acct,
      display_name: a.display_name,
      locked: false,
      bot: own,
      discoverable: true,
      group: false,
      created_at: '2022-11-01T00:00:00.000Z',
      note: '',
      url: a.url,
      uri: a.uri,
      avatar: `${this.url}/avatars/original/missing.png`,
      avatar_static: `${this.url}/avatars/original/missing.png`,
      header: `${this.url}/headers/original/missing.png`,
      header_static: `${this.url}/headers/original/missing.png`,
      followers_count: 0,
      following_count: 0,
      statuses_count: [...this.records.values()].filter((s) => s.accountId === a.id).length,
      last_status_at: null,
      emojis: [],
      fields: [],
    };
  }

  private statusEntity(s: StatusRecord): Record<string, unknown> {
    const account = this.accounts.get(s.accountId) ?? this.self();
    const { html, mentions, tags } = this.renderContent(s.text);
    if (s.accountId !== this.accountId && !mentions.some((m) => m.id === this.accountId)) mentions.unshift(this.self());
    const base = this.accountBase(account);
    return {
      id: s.id,
      created_at: s.createdAt,
      in_reply_to_id: s.inReplyToId ?? null,
      in_reply_to_account_id: s.inReplyToAccountId ?? null,
      sensitive: false,
      spoiler_text: '',
      visibility: s.visibility,
      language: 'en',
      uri: `${base}/users/${account.username}/statuses/${s.id}`,
      url: `${base}/@${account.username}/${s.id}`,
      replies_count: [...this.records.values()].filter((r) => r.inReplyToId === s.id).length,
      reblogs_count: 0,
      favourites_count: 0,
      edited_at: null,
      favourited: false,
      reblogged: false,
      muted: false,
      bookmarked: false,
      content: html,
      filtered: [],
      reblog: null,
      quote: this.quoteEntity(s),
      application: s.accountId === this.accountId ? { name: 'Herald', website: null } : null,
      account: this.accountEntity(account),
      media_attachments: [],
      mentions: mentions.map((m) => ({ id: m.id, username: m.username, acct: m.acct, url: m.url })),
      tags,
      emojis: [],
      card: null,
      poll: null,
    };
  }

  private quoteEntity(s: StatusRecord): Record<string, unknown> | null {
    if (!s.quote) return null;
    const quoted = this.records.get(s.quote.id);
    const shown = s.quote.state === 'accepted' && quoted !== undefined && !quoted.unavailable;
    return { state: s.quote.state, quoted_status: shown ? this.statusEntity(quoted) : null };
  }

  private renderContent(text: string): { html: string; mentions: AccountRecord[]; tags: { name: string; url: string }[] } {
    const mentions: AccountRecord[] = [];
    const tags: { name: string; url: string }[] = [];
    const paragraphs = text.replace(/\r\n/g, '\n').split(/\n{2,}/);
    const html = paragraphs
      .map((para) => {
        let out = '';
        let last = 0;
        for (const t of tokenize(para)) {
          out += escapeHtml(para.slice(last, t.start));
          const raw = para.slice(t.start, t.end);
          if (t.kind === 'url') {
            out += linkHtml(t.value);
          } else if (t.kind === 'mention') {
            const account = this.accountByAcct(t.value);
            if (account) {
              if (!mentions.includes(account)) mentions.push(account);
              out += `<span class="h-card" translate="no"><a href="${escapeHtml(account.url)}" class="u-url mention">@<span>${escapeHtml(account.username)}</span></a></span>`;
            } else {
              out += escapeHtml(raw);
            }
          } else {
            const name = t.value.toLowerCase();
            const url = `${this.url}/tags/${encodeURIComponent(name)}`;
            if (!tags.some((x) => x.name === name)) tags.push({ name, url });
            out += `<a href="${escapeHtml(url)}" class="mention hashtag" rel="tag">#<span>${escapeHtml(t.value)}</span></a>`;
          }
          last = t.end;
        }
        out += escapeHtml(para.slice(last));
        return `<p>${out.replace(/\n/g, '<br />')}</p>`;
      })
      .join('');
    return { html, mentions, tags };
  }

  /** Mastodon's length: URLs count characters_reserved_per_url, `@user@domain` counts as `@user`, graphemes. */
  private countLength(text: string): number {
    const perUrl = this.options.charactersReservedPerUrl ?? 23;
    let countable = '';
    let last = 0;
    let urls = 0;
    for (const t of tokenize(text)) {
      countable += text.slice(last, t.start);
      if (t.kind === 'url') urls++;
      else if (t.kind === 'mention') countable += `@${t.value.split('@')[0]}`;
      else countable += text.slice(t.start, t.end);
      last = t.end;
    }
    countable += text.slice(last);
    const segments = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(countable)].length;
    return segments + urls * perUrl;
  }

  // ---- accounts, ids, windows --------------------------------------------------------------------

  private accountBase(a: AccountRecord): string {
    const domain = a.acct.includes('@') ? a.acct.split('@')[1] : undefined;
    return domain ? `https://${domain}` : this.url;
  }

  private accountByAcct(acct: string): AccountRecord | undefined {
    this.ensureSelf();
    const lower = acct.toLowerCase();
    const host = (this.options.domain ?? (this.url ? new URL(this.url).host : '')).toLowerCase();
    for (const a of this.accounts.values()) {
      const full = a.acct.includes('@') ? a.acct.toLowerCase() : `${a.acct.toLowerCase()}@${host}`;
      if (a.acct.toLowerCase() === lower || full === lower) return a;
    }
    return undefined;
  }

  private registerAccount(input: MastodonAccountInput): AccountRecord {
    const known = this.accounts.get(input.id);
    if (known) return known;
    const domain = input.acct.includes('@') ? input.acct.split('@')[1] : undefined;
    const base = domain ? `https://${domain}` : this.url;
    const a: AccountRecord = {
      id: input.id,
      username: input.username,
      acct: input.acct,
      display_name: input.display_name ?? input.username,
      url: `${base}/@${input.username}`,
      uri: `${base}/users/${input.username}`,
    };
    this.accounts.set(a.id, a);
    return a;
  }

  private ensureSelf(): void {
    if (!this.accounts.has(this.accountId)) {
      this.accounts.set(this.accountId, {
        id: this.accountId,
        username: 'session',
        acct: 'session',
        display_name: 'Session',
        url: `${this.url}/@session`,
        uri: `${this.url}/users/session`,
      });
    }
  }

  private nextStatusId(): string {
    this.lastStatusId += 1n << 16n;
    return this.lastStatusId.toString();
  }

  private bumpStatusId(id: string): void {
    if (/^\d+$/.test(id) && BigInt(id) > this.lastStatusId) this.lastStatusId = BigInt(id);
  }

  private nextNotificationId(): string {
    this.lastNotificationId += 1n;
    return this.lastNotificationId.toString();
  }

  private windowOf(route: string): RateWindow {
    this.ensureSelf();
    return this.familyOf(route) === 'write' ? this.writeWindow : this.readWindow;
  }

  override async start(): Promise<this> {
    await super.start();
    // The own account's URLs depend on the port: (re)create it now that the URL is known.
    this.accounts.delete(this.accountId);
    this.ensureSelf();
    return this;
  }
}

function roll(w: RateWindow, now: number): void {
  if (now >= w.resetAt) {
    w.left = w.limit;
    w.resetAt = now + w.windowMs;
  }
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function toIso(d: string | Date | undefined): string {
  if (d === undefined) return new Date().toISOString();
  return (typeof d === 'string' ? new Date(d) : d).toISOString();
}

function cmpId(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Mastodon pagination: newest first; max_id = older than; since_id = newer than (newest page);
 * min_id = the page immediately newer than min_id (so following rel="prev" never skips).
 */
function paginate<T extends { id: string }>(all: T[], q: URLSearchParams, defaultLimit: number, maxLimit: number): T[] {
  const rawLimit = Number(q.get('limit') ?? defaultLimit);
  const limit = Number.isFinite(rawLimit) && rawLimit > 0 ? Math.min(Math.floor(rawLimit), maxLimit) : defaultLimit;
  const num = (name: string) => {
    const v = q.get(name);
    return v !== null && /^\d+$/.test(v) ? v : undefined;
  };
  const maxId = num('max_id');
  const sinceId = num('since_id');
  const minId = num('min_id');
  const filtered = all.filter(
    (x) =>
      (maxId === undefined || cmpId(x.id, maxId) < 0) &&
      (sinceId === undefined || cmpId(x.id, sinceId) > 0) &&
      (minId === undefined || cmpId(x.id, minId) > 0),
  );
  if (minId !== undefined) {
    return filtered.sort((a, b) => cmpId(a.id, b.id)).slice(0, limit).reverse();
  }
  return filtered.sort((a, b) => cmpId(b.id, a.id)).slice(0, limit);
}

/** Starts a fake Mastodon on 127.0.0.1 (random port). */
export async function startFakeMastodon(options: FakeMastodonOptions = {}): Promise<FakeMastodon> {
  return new FakeMastodon(options).start();
}
