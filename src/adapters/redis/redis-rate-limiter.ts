import type { Redis } from 'ioredis';
import { refillMs } from '../../domain/token-bucket.ts';
import type { Clock } from '../../ports/clock.ts';
import type { RateDecision, RateLimiter, TokenBucket } from '../../ports/rate-limiter.ts';
import { redisKey } from './redis-key.ts';

/**
 * `takeToken` (src/domain/token-bucket.ts) as one script, so replicas share each bucket without
 * a race: `rate-limit:<key>` is a hash of tokens and time, expiring once it would be full again.
 */
const TAKE_TOKEN = `
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2]) / 1000
local now = tonumber(ARGV[3])
local saved = redis.call('hmget', KEYS[1], 'tokens', 'at')
local tokens = tonumber(saved[1]) or capacity
local at = tonumber(saved[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * perMs)
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  retry = math.max(1, math.ceil((1 - tokens) / perMs))
end
redis.call('hset', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('pexpire', KEYS[1], ARGV[4])
return retry`;

export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #clock: Clock;

  constructor(redis: Redis, prefix: string, clock: Clock) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#clock = clock;
  }

  async take(key: string, bucket: TokenBucket): Promise<RateDecision> {
    const retry = Number(
      await this.#redis.eval(
        TAKE_TOKEN,
        1,
        redisKey(this.#prefix, 'rate-limit', key),
        String(bucket.capacity),
        String(bucket.refillPerSecond),
        String(this.#clock.now()),
        String(refillMs(bucket) + 1000),
      ),
    );
    return { allowed: retry === 0, retryAfterMs: retry };
  }
}
