import { type BucketState, refillMs, takeToken } from '../../domain/token-bucket.ts';
import type { Clock } from '../../ports/clock.ts';
import type { RateDecision, RateLimiter, TokenBucket } from '../../ports/rate-limiter.ts';
import { ExpiringMap } from './expiring-map.ts';

/** Token buckets in memory; a full bucket's entry expires, as its Redis key does. */
export class MemoryRateLimiter implements RateLimiter {
  readonly #clock: Clock;
  readonly #buckets: ExpiringMap<BucketState>;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.#buckets = new ExpiringMap(clock);
  }

  async take(key: string, bucket: TokenBucket): Promise<RateDecision> {
    const now = this.#clock.now();
    const { state, decision } = takeToken(this.#buckets.get(key), now, bucket);
    this.#buckets.set(key, state, refillMs(bucket) + 1000);
    return decision;
  }
}
