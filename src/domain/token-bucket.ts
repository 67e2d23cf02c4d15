/** A token bucket: `capacity` requests at once, refilled at `refillPerSecond`. */
export interface TokenBucket {
  capacity: number;
  refillPerSecond: number;
}

export interface RateDecision {
  allowed: boolean;
  /** When refused: how long until one token is back (ms, at least 1). 0 when allowed. */
  retryAfterMs: number;
}

/** What a bucket holds: its tokens (fractional) as of `at` (ms). */
export interface BucketState {
  tokens: number;
  at: number;
}

/**
 * One request against a bucket. The Redis adapter runs the same arithmetic in its script; this
 * is the reference the memory adapter uses and the conformance suite holds both to. A clock
 * that goes back (another replica's) refills nothing rather than draining the bucket.
 */
export function takeToken(state: BucketState | undefined, now: number, bucket: TokenBucket): { state: BucketState; decision: RateDecision } {
  const perMs = bucket.refillPerSecond / 1000;
  const before = state ?? { tokens: bucket.capacity, at: now };
  const tokens = Math.min(bucket.capacity, before.tokens + Math.max(0, now - before.at) * perMs);
  if (tokens >= 1) return { state: { tokens: tokens - 1, at: now }, decision: { allowed: true, retryAfterMs: 0 } };
  return { state: { tokens, at: now }, decision: { allowed: false, retryAfterMs: Math.max(1, Math.ceil((1 - tokens) / perMs)) } };
}

/** How long an untouched bucket takes to fill up again (its key may expire after that). */
export function refillMs(bucket: TokenBucket): number {
  return Math.ceil((bucket.capacity / bucket.refillPerSecond) * 1000);
}
