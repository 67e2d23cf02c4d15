import type { Redis } from 'ioredis';
import type { LedgerEntry } from '../../domain/ledger-entry.ts';
import type { Platform } from '../../domain/platform.ts';
import type { LedgerPost, PostLedger } from '../../ports/post-ledger.ts';
import { redisKey } from './redis-key.ts';
import { entriesAcrossPlatforms } from '../entries-across-platforms.ts';

/**
 * HSET unless the field holds a retracted entry (one round trip, atomic), indexing the post by
 * its remote id (ARGV[3], empty when none) like `set` does.
 */
const SET_UNLESS_RETRACTED = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current and cjson.decode(current).state == 'retracted' then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], ARGV[3], ARGV[1]) end
return 1`;

/**
 * The ledger in Redis: one hash per platform, `ledger:<platform>` (ledger key → JSON entry), and
 * its index by post, `ledger-posts:<platform>` (remote id → ledger key), written in the same
 * transaction. Entries from before the index existed are indexed once, on the first lookup
 * (`ledger-posts-indexed:<platform>` marks it done).
 */
export class RedisPostLedger implements PostLedger {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #indexed = new Set<Platform>();

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async get(key: string, platform: Platform): Promise<LedgerEntry | undefined> {
    const raw = await this.#redis.hget(redisKey(this.#prefix, 'ledger', platform), key);
    return raw === null ? undefined : (JSON.parse(raw) as LedgerEntry);
  }

  async set(key: string, platform: Platform, entry: LedgerEntry): Promise<void> {
    const tx = this.#redis.multi().hset(redisKey(this.#prefix, 'ledger', platform), key, JSON.stringify(entry));
    if (entry.remoteId !== undefined) tx.hset(redisKey(this.#prefix, 'ledger-posts', platform), entry.remoteId, key);
    await tx.exec();
  }

  async setUnlessRetracted(key: string, platform: Platform, entry: LedgerEntry): Promise<boolean> {
    const keys = [redisKey(this.#prefix, 'ledger', platform), redisKey(this.#prefix, 'ledger-posts', platform)];
    const written = await this.#redis.eval(SET_UNLESS_RETRACTED, 2, ...keys, key, JSON.stringify(entry), entry.remoteId ?? '');
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

  entries(key: string): Promise<Partial<Record<Platform, LedgerEntry>>> {
    return entriesAcrossPlatforms(key, (k, platform) => this.get(k, platform));
  }

  async findPost(platform: Platform, remoteId: string): Promise<LedgerPost | undefined> {
    await this.#indexOnce(platform);
    const key = await this.#redis.hget(redisKey(this.#prefix, 'ledger-posts', platform), remoteId);
    const entry = key === null ? undefined : await this.get(key, platform);
    // The index may point at an entry since replaced by one for another post.
    return key !== null && entry?.remoteId === remoteId ? { key, entry } : undefined;
  }

  /** Indexes the entries written before the index existed (once per deployment; idempotent). */
  async #indexOnce(platform: Platform): Promise<void> {
    if (this.#indexed.has(platform)) return;
    const done = redisKey(this.#prefix, 'ledger-posts-indexed', platform);
    if ((await this.#redis.exists(done)) === 0) {
      const index = redisKey(this.#prefix, 'ledger-posts', platform);
      const stream = this.#redis.hscanStream(redisKey(this.#prefix, 'ledger', platform), { count: 500 });
      for await (const chunk of stream as AsyncIterable<string[]>) {
        // HSETNX: an entry a concurrent `set` indexed is newer than this scan's view of it.
        const tx = this.#redis.pipeline();
        for (let i = 0; i + 1 < chunk.length; i += 2) {
          const remoteId = (JSON.parse(chunk[i + 1]!) as LedgerEntry).remoteId;
          if (remoteId !== undefined) tx.hsetnx(index, remoteId, chunk[i]!);
        }
        await tx.exec();
      }
      await this.#redis.set(done, '1');
    }
    this.#indexed.add(platform);
  }
}
