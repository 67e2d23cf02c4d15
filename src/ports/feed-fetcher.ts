/** The validators of a conditional GET (remembered from the last answer). */
export interface FeedValidators {
  etag?: string;
  lastModified?: string;
}

/**
 * One fetch of a feed. A failure is an expected outcome (feeds break), with a short `reason`
 * for the `herald_feed_errors_total` label and a message that says what went wrong.
 */
export type FetchedFeed =
  | { kind: 'fetched'; body: string; validators: FeedValidators }
  | { kind: 'not-modified' }
  | { kind: 'failed'; reason: string; message: string };

/** Fetches feeds over HTTP (deadline, byte cap, redirects, https only are the adapter's). */
export interface FeedFetcher {
  fetch(feedUrl: string, validators: FeedValidators): Promise<FetchedFeed>;
}
