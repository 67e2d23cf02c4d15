import type { Redis } from 'ioredis';
import type { LedgerEntry } from '../../domain/ledger-entry.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import type { PostLedger } from '../../ports/post-ledger.ts';
import { redisKey } from './redis-key.ts';

/** HSET unless the field holds a retracted entry (one round trip, atomic). */
const SET_UNLESS_RETRACTED = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current and cjson.decode(current).state == 'retracted' then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

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

  async setUnlessRetracted(key: string, platform: Platform, entry: LedgerEntry): Promise<boolean> {
    const written = await this.#redis.eval(SET_UNLESS_RETRACTED, 1, redisKey(this.#prefix, 'ledger', platform), key, JSON.stringify(entry));
    return written === 1;
  }

  async keysStartingWith(platform: Platform, prefix: string): Promise<string[]> {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, flat] = await this.#redis.hscan(redisKey(this.#prefix, 'ledger', platform), cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      for (let i = 0; i < flat.length; i += 2) keys.push(flat[i]!);
    } while (cursor !== '0');
    return keys;
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
