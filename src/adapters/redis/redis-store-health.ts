import type { Redis } from 'ioredis';
import type { StoreHealth, StoreInspection } from '../../ports/store-health.ts';
import { withDeadline } from '../with-deadline.ts';

/** `field:value` lines of an INFO section. */
function infoField(info: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/**
 * Redis as `herald doctor` sees it, through INFO (allowed where CONFIG is not, as on managed
 * Redis): `aof_enabled` and `maxmemory_policy`. Bounded by `deadlineMs`.
 */
export class RedisStoreHealth implements StoreHealth {
  readonly #redis: Redis;
  readonly #deadlineMs: number;

  constructor(redis: Redis, deadlineMs = 3000) {
    this.#redis = redis;
    this.#deadlineMs = deadlineMs;
  }

  async inspect(): Promise<StoreInspection> {
    let info: string | undefined;
    try {
      info = await withDeadline(this.#redis.info(), this.#deadlineMs);
    } catch (error) {
      return { reachable: false, error: (error as Error).message };
    }
    if (info === undefined) return { reachable: false, error: `no answer within ${this.#deadlineMs} ms` };
    const aof = infoField(info, 'aof_enabled');
    return {
      reachable: true,
      version: infoField(info, 'redis_version'),
      appendOnly: aof === undefined ? undefined : aof === '1',
      evictionPolicy: infoField(info, 'maxmemory_policy'),
    };
  }
}
