import type { Redis } from 'ioredis';
import type { Platform } from '../../domain/platform.ts';
import type { PlatformPause } from '../../domain/platform-pause.ts';
import type { Clock } from '../../ports/clock.ts';
import type { PlatformState } from '../../ports/platform-state.ts';
import { redisKey } from './redis-key.ts';

/** Kill switches (`paused:<platform>`, JSON) and rate limits (`rate-limited-until:<platform>`, expiring). */
export class RedisPlatformState implements PlatformState {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #clock: Clock;

  constructor(redis: Redis, prefix: string, clock: Clock) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#clock = clock;
  }

  async pauseOf(platform: Platform): Promise<PlatformPause | undefined> {
    const raw = await this.#redis.get(redisKey(this.#prefix, 'paused', platform));
    return raw === null ? undefined : (JSON.parse(raw) as PlatformPause);
  }

  async setPause(platform: Platform, pause: PlatformPause | undefined): Promise<void> {
    const key = redisKey(this.#prefix, 'paused', platform);
    if (pause) await this.#redis.set(key, JSON.stringify(pause));
    else await this.#redis.del(key);
  }

  async rateLimitedUntil(platform: Platform): Promise<number | undefined> {
    const raw = await this.#redis.get(redisKey(this.#prefix, 'rate-limited-until', platform));
    return raw === null ? undefined : Number(raw);
  }

  async setRateLimitedUntil(platform: Platform, until: number): Promise<void> {
    const ttl = Math.max(1, until - this.#clock.now());
    await this.#redis.set(redisKey(this.#prefix, 'rate-limited-until', platform), String(until), 'PX', ttl);
  }
}
