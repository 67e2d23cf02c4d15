/** What Herald remembers of one feed between polls. */
export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** Set once the first non-empty poll recorded the feed's items as seen. */
  baselinedAt?: number;
  consecutiveFailures: number;
  /** Error backoff: no scheduled poll before this time (epoch ms). */
  nextAttemptAt?: number;
  lastError?: string;
  lastPolledAt?: number;
  lastSuccessAt?: number;
  /**
   * The feed's last answer is fresh until then (its `Cache-Control: max-age`, capped): the
   * scheduled poll does not ask before it; a manual `herald poll` may.
   */
  freshUntil?: number;
  /** The feed asked not to be asked before then (`Retry-After`, capped): every poll waits. */
  retryAfterUntil?: number;
}

/** A feed never polled yet. */
export const NEW_FEED_STATE: FeedState = { consecutiveFailures: 0 };
