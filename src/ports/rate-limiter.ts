import type { RateDecision, TokenBucket } from '../domain/token-bucket.ts';

export type { RateDecision, TokenBucket } from '../domain/token-bucket.ts';

/**
 * Per-client rate limits of the public check (one bucket per key, shared by every replica), so a
 * stranger hammering `/check` slows down without slowing anyone else.
 */
export interface RateLimiter {
  /** Takes one token from `key`'s bucket, if there is one. */
  take(key: string, bucket: TokenBucket): Promise<RateDecision>;
}
