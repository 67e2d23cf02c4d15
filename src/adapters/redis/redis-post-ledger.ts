import type { Redis } from 'ioredis';
import type { LedgerEntry } from '../../domain/ledger-entry.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import type { PostLedger } from '../../ports/post-ledger.ts';
import { redisKey } from './redis-key.ts';

/** The ledger in Redis: one hash per platform, `ledger:<platform>` (ledger key → JSON entry). */
export class RedisPostLedger implements PostLedger {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async get(key: string, platform: Platform): Promise<LedgerEntry | undefined> {
    const raw = await this.#redis.hget(redisKey(this.#prefix, 'ledger', platform), key);
    return raw === null ? undefined : (JSON.parse(raw) as LedgerEntry);
  }

  async set(key: string, platform: Platform, entry: LedgerEntry): Promise<void> {
    await this.#redis.hset(redisKey(this.#prefix, 'ledger', platform), key, JSON.stringify(entry));
  }

  async entries(key: string): Promise<Partial<Record<Platform, LedgerEntry>>> {
    const found: Partial<Record<Platform, LedgerEntry>> = {};
    for (const platform of PLATFORMS) {
      const entry = await this.get(key, platform);
      if (entry) found[platform] = entry;
    }
    return found;
  }
}
