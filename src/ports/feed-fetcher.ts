/** The validators of a conditional GET (remembered from the last answer). */
export interface FeedValidators {
  etag?: string;
  lastModified?: string;
}

/**
 * How long the feed's answer asked us to wait before asking again, in seconds from the answer,
 * as the server sent it (uncapped: capping is the poller's decision).
 */
export interface FeedPacing {
  /** `Cache-Control: max-age` less the `Age` of a cached copy; absent with `no-store`/`no-cache`. */
  maxAgeSeconds?: number;
  /** `Retry-After` (seconds, or an HTTP-date taken against the answer's `Date`). */
  retryAfterSeconds?: number;
}

/**
 * One fetch of a feed. A failure is an expected outcome (feeds break), with a short `reason`
 * for the `herald_feed_errors_total` label and a message that says what went wrong. Each
 * outcome that got an answer carries the answer's pacing headers.
 */
export type FetchedFeed =
  | { kind: 'fetched'; body: string; validators: FeedValidators; pacing?: FeedPacing }
  | { kind: 'not-modified'; pacing?: FeedPacing }
  | { kind: 'failed'; reason: string; message: string; pacing?: FeedPacing };

/** Fetches feeds over HTTP (deadline, byte cap, redirects, https only are the adapter's). */
export interface FeedFetcher {
  fetch(feedUrl: string, validators: FeedValidators): Promise<FetchedFeed>;
}
