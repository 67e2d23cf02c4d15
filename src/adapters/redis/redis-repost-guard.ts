import type { Redis } from 'ioredis';
import type { Platform } from '../../domain/platform.ts';
import type { Clock } from '../../ports/clock.ts';
import type { RepostGuard } from '../../ports/repost-guard.ts';
import { redisKey } from './redis-key.ts';

/** The repost mark, `repost-guard:<platform>:<item id>`, set with NX and a time to live. */
export class RedisRepostGuard implements RepostGuard {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #clock: Clock;

  constructor(redis: Redis, prefix: string, clock: Clock) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#clock = clock;
  }

  async claim(platform: Platform, itemId: string, windowMs: number, force: boolean): Promise<boolean> {
    const key = redisKey(this.#prefix, 'repost-guard', platform, itemId);
    const now = String(this.#clock.now());
    const claimed = (await this.#redis.set(key, now, 'PX', windowMs, 'NX')) === 'OK';
    if (!claimed && force) await this.#redis.set(key, now, 'PX', windowMs);
    return claimed;
  }
}
