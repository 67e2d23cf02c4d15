import { redactUrl } from '../../domain/redact-url.ts';
import type { FeedPacing } from '../../ports/feed-fetcher.ts';

/** Why a feed could not be fetched; each reason maps to one thing an operator can check. */
export type FeedFetchFailure =
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'insecure-url'
  | 'bad-url'
  | 'http-status'
  | 'network'
  | 'not-xml';

/**
 * Failures that usually fix themselves (the site is down, slow or rate-limiting us): worth an
 * automatic retry with backoff. Everything else needs a person to change the config or the
 * site, so retrying sooner than the normal poll only adds noise.
 */
const TRANSIENT: ReadonlySet<FeedFetchFailure> = new Set(['timeout', 'network']);

/** HTTP statuses that mean "later", not "never": 5xx, 408 Request Timeout, 429 Too Many Requests. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * A feed could not be fetched. The message is written for the operator's log: it names the feed
 * and says what to do; it never contains request headers or URL credentials.
 */
export class FeedFetchError extends Error {
  readonly reason: FeedFetchFailure;
  /** True when trying again later may succeed without anyone changing anything. */
  readonly retryable: boolean;
  /** The feed URL as configured (credentials removed), not the redirect hop that failed. */
  readonly feedUrl: string;
  /** The HTTP status, for reason `http-status`. */
  readonly status?: number;
  /** The error answer's `Retry-After` / `Cache-Control: max-age`, when it sent them. */
  readonly pacing?: FeedPacing;

  constructor(init: {
    reason: FeedFetchFailure;
    feedUrl: string;
    message: string;
    status?: number;
    cause?: unknown;
    pacing?: FeedPacing;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'FeedFetchError';
    this.reason = init.reason;
    this.feedUrl = init.feedUrl;
    if (init.status !== undefined) this.status = init.status;
    if (init.pacing !== undefined) this.pacing = init.pacing;
    this.retryable =
      init.reason === 'http-status' && init.status !== undefined
        ? isRetryableStatus(init.status)
        : TRANSIENT.has(init.reason);
  }
}

/**
 * A URL fit for a log line: userinfo and credential-like parameters become `***` (redactUrl).
 * Unparseable input is shortened and stripped of control characters instead, since it may be anything.
 */
export function describeUrl(url: string | URL): string {
  try {
    return redactUrl(new URL(url).href);
  } catch {
    return JSON.stringify(redactUrl(String(url).replace(/\p{C}/gu, '').slice(0, 200)));
  }
}
