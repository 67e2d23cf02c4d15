import type { FeedPacing, FeedValidators } from '../../ports/feed-fetcher.ts';
import { decodeFeedBody } from './decode-feed-body.ts';
import { describeUrl, FeedFetchError, isRetryableStatus } from './feed-fetch-error.ts';
import { readCappedBody } from './read-capped-body.ts';
import { readPacing } from './read-pacing.ts';
import { sniffFeedBody } from './sniff-feed-body.ts';

export { FeedFetchError, type FeedFetchFailure } from './feed-fetch-error.ts';

export interface FetchFeedOptions {
  /** Deadline for the whole exchange — every redirect hop and the full body — in milliseconds. */
  timeoutMs: number;
  /** Largest body accepted, counted after decompression (and on the declared wire size). */
  maxBytes: number;
  /** Redirects followed before giving up (5 is what browsers' feed readers tolerate). */
  maxRedirects: number;
  /** Allow plain `http://` (tests against a local fake server); production feeds are https. */
  allowInsecure: boolean;
  /** Sent as User-Agent, so site operators can identify and contact the bot. */
  userAgent: string;
  /**
   * The HTTP client; global `fetch` when omitted. Injected by tests that need an https origin
   * without certificates (a wrapper that maps https:// onto a local http fake server).
   */
  fetch?: typeof globalThis.fetch;
}

/** What the server said about the version we hold, echoed back to make the next GET conditional. */
export type { FeedValidators };

/**
 * `not-modified`: the validators still match, so there is nothing to parse this time. `pacing`:
 * the answer's `Cache-Control: max-age` / `Retry-After`, when it sent them.
 */
export type FetchFeedResult =
  | { kind: 'not-modified'; pacing?: FeedPacing }
  | { kind: 'fetched'; body: string; finalUrl: string; validators: FeedValidators; pacing?: FeedPacing };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1';

interface Exchange {
  /** The URL as given, which may hold credentials: parsed, never printed. */
  rawUrl: string;
  /** The URL for messages. */
  feedUrl: string;
  options: FetchFeedOptions;
}

function fail(exchange: Exchange, reason: FeedFetchError['reason'], message: string, extra: { status?: number; cause?: unknown; pacing?: FeedPacing } = {}): FeedFetchError {
  return new FeedFetchError({ reason, feedUrl: exchange.feedUrl, message, ...extra });
}

/** Parses and vets a URL before any request is made to it: the first one, and every redirect hop. */
function checkTarget(exchange: Exchange, raw: string, base: URL | undefined): URL {
  const { feedUrl, options } = exchange;
  const via = base === undefined ? '' : ` redirected to ${describeUrl(new URL(raw, base).href)}, which`;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (error) {
    const what = base === undefined ? 'is not a valid URL' : `redirected to ${describeUrl(raw)}, which is not a valid URL`;
    throw fail(exchange, 'bad-url', `Feed ${feedUrl} ${what}. Check the feed URL in Herald's config.`, { cause: error });
  }
  const allowed = options.allowInsecure ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(url.protocol)) {
    const plainHttp = url.protocol === 'http:';
    throw fail(
      exchange,
      'insecure-url',
      `Feed ${feedUrl}${via} uses ${url.protocol}//; Herald only fetches ${plainHttp ? 'https:// feeds (plain http could be tampered with on the way)' : 'web feeds over https://'}. ` +
        'Configure the https:// URL of the feed.',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw fail(exchange, 'bad-url', `Feed ${feedUrl}${via} carries user:password credentials in the URL; Herald does not send them. Remove them from the URL.`);
  }
  return url;
}

function conditionalHeaders(validators: FeedValidators, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': userAgent };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  return headers;
}

function statusError(exchange: Exchange, response: Response, at: URL): FeedFetchError {
  const { status } = response;
  const where = describeUrl(at) === exchange.feedUrl ? '' : ` (at ${describeUrl(at)}, after redirects)`;
  const said = `Feed ${exchange.feedUrl}${where} answered HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  let advice: string;
  if (isRetryableStatus(status)) advice = 'Herald will retry with backoff.';
  else if (status === 404 || status === 410) advice = 'The feed may have moved or been removed: check the feed URL in Herald\'s config.';
  else if (status === 401 || status === 403) advice = `The site refuses the request (a bot filter?): check the feed URL and that the site allows the user agent "${exchange.options.userAgent}".`;
  else if (status === 304) advice = 'but Herald sent no validators, so the server or a proxy in front of it is misbehaving.';
  else if (status >= 300 && status < 400) advice = 'without a usable redirect; check the feed URL in Herald\'s config.';
  else advice = 'This will not fix itself: check the feed URL in Herald\'s config.';
  return fail(exchange, 'http-status', `${said}; ${advice}`, { status, pacing: readPacing(response.headers) });
}

function describeNetworkError(error: unknown): string {
  let cause: unknown = error instanceof Error && error.cause !== undefined ? error.cause : error;
  if (cause instanceof AggregateError && cause.errors.length > 0) cause = cause.errors[0];
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}

function validatorsOf(response: Response): FeedValidators {
  const validators: FeedValidators = {};
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  if (etag) validators.etag = etag;
  if (lastModified) validators.lastModified = lastModified;
  return validators;
}

function assertUsableOptions(options: FetchFeedOptions): void {
  const positive = (value: number) => Number.isFinite(value) && value > 0;
  if (!positive(options.timeoutMs) || options.timeoutMs > 2 ** 31 - 1) {
    throw new TypeError(`fetchFeed: timeoutMs must be a positive number of milliseconds, got ${options.timeoutMs}`);
  }
  if (!positive(options.maxBytes)) throw new TypeError(`fetchFeed: maxBytes must be positive, got ${options.maxBytes}`);
  if (!Number.isInteger(options.maxRedirects) || options.maxRedirects < 0) {
    throw new TypeError(`fetchFeed: maxRedirects must be a whole number >= 0, got ${options.maxRedirects}`);
  }
}

async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}

async function exchangeOnce(exchange: Exchange, validators: FeedValidators, signal: AbortSignal): Promise<FetchFeedResult> {
  const { options } = exchange;
  const headers = conditionalHeaders(validators, options.userAgent);
  const send = options.fetch ?? globalThis.fetch;
  let target = checkTarget(exchange, exchange.rawUrl, undefined);
  for (let redirects = 0; ; redirects += 1) {
    const response = await send(target, { redirect: 'manual', signal, headers });
    const location = response.headers.get('location');
    if (REDIRECT_STATUSES.has(response.status) && location !== null) {
      await discardBody(response);
      if (redirects >= options.maxRedirects) {
        throw fail(
          exchange,
          'too-many-redirects',
          `Feed ${exchange.feedUrl} redirected more than ${options.maxRedirects} times (last at ${describeUrl(target)}); ` +
            'configure the final feed URL instead.',
        );
      }
      target = checkTarget(exchange, location, target);
      continue;
    }
    if (response.status === 304 && (validators.etag || validators.lastModified)) {
      await discardBody(response);
      return { kind: 'not-modified', pacing: readPacing(response.headers) };
    }
    if (response.status < 200 || response.status > 299) {
      await discardBody(response);
      throw statusError(exchange, response, target);
    }
    const body = await readCappedBody(response, options.maxBytes);
    if (body.kind === 'too-large') {
      throw fail(
        exchange,
        'too-large',
        `Feed ${exchange.feedUrl} is larger than the ${options.maxBytes}-byte limit (counted after decompression); Herald stopped reading it. ` +
          'Check that the URL points at the feed, or raise the feed size limit if the feed is legitimately this big.',
      );
    }
    const contentType = response.headers.get('content-type');
    const text = decodeFeedBody(body.bytes, contentType);
    const sniffed = sniffFeedBody(text);
    if (!sniffed.ok) {
      throw fail(
        exchange,
        'not-xml',
        `Feed ${exchange.feedUrl} answered with ${contentType ? `content type ${JSON.stringify(contentType)}` : 'no content type'} ` +
          `and ${sniffed.description}, which is not an RSS or Atom feed. Check the feed URL: a moved or broken feed often serves a web page instead.`,
      );
    }
    return { kind: 'fetched', body: text, finalUrl: target.href, validators: validatorsOf(response), pacing: readPacing(response.headers) };
  }
}

/**
 * Fetches a feed once, safely, as a conditional GET.
 *
 * Why so guarded: the feed URL is the one input an attacker might influence (a hijacked DNS
 * record or a compromised blog), and the poller must never hang or exhaust memory on it. So:
 * one deadline for everything, including a body trickled a byte at a time; a size cap counted
 * after decompression; redirects followed by hand, each hop re-checked so https cannot be
 * downgraded to http or sent to `file:`/`data:`; and a sniff that refuses web pages and JSON
 * before any parser sees them. A 304 returns `not-modified` so nothing is re-parsed.
 *
 * Throws `FeedFetchError` for every feed problem; its `retryable` says whether waiting may help
 * (timeouts, network errors, 5xx, 408, 429) or a person must act (4xx, insecure or bad URL, too
 * large, not a feed). Nonsensical options are a bug in the caller and throw a TypeError instead.
 */
export async function fetchFeed(url: string, validators: FeedValidators, options: FetchFeedOptions): Promise<FetchFeedResult> {
  assertUsableOptions(options);
  const exchange: Exchange = { rawUrl: url, feedUrl: describeUrl(url), options };
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const cancel = new AbortController();
  const signal = AbortSignal.any([deadline, cancel.signal]);
  try {
    return await exchangeOnce(exchange, validators, signal);
  } catch (error) {
    cancel.abort();
    if (error instanceof FeedFetchError) throw error;
    if (deadline.aborted) {
      throw fail(
        exchange,
        'timeout',
        `Feed ${exchange.feedUrl} did not answer completely within ${options.timeoutMs} ms; Herald will retry with backoff. ` +
          'If the site is merely slow, raise the feed timeout.',
        { cause: error },
      );
    }
    throw fail(
      exchange,
      'network',
      `Feed ${exchange.feedUrl} could not be reached (${describeNetworkError(error)}); Herald will retry with backoff.`,
      { cause: error },
    );
  }
}
