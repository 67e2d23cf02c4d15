import type { Redis } from 'ioredis';
import type { Platform } from '../../domain/platform.ts';
import type { SessionStore } from '../../ports/session-store.ts';
import { redisKey } from './redis-key.ts';

/** Sessions (`session:<platform>:<account, lower-case>`); Bluesky's refresh tokens last about 90 days, so does the key. */
const SESSION_TTL_SECONDS = 90 * 86_400;

export class RedisSessionStore implements SessionStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async get(platform: Platform, account: string): Promise<string | undefined> {
    return (await this.#redis.get(redisKey(this.#prefix, 'session', platform, account.toLowerCase()))) ?? undefined;
  }

  async set(platform: Platform, account: string, session: string): Promise<void> {
    await this.#redis.set(redisKey(this.#prefix, 'session', platform, account.toLowerCase()), session, 'EX', SESSION_TTL_SECONDS);
  }
}
