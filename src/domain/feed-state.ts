/** What Herald remembers of one feed between polls. */
export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** Set once the first non-empty poll recorded the feed's items as seen. */
  baselinedAt?: number;
  consecutiveFailures: number;
  nextAttemptAt?: number;
  lastError?: string;
  lastPolledAt?: number;
  lastSuccessAt?: number;
}

/** A feed never polled yet. */
export const NEW_FEED_STATE: FeedState = { consecutiveFailures: 0 };
