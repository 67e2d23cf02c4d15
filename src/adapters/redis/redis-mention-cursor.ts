import type { Redis } from 'ioredis';
import type { Platform } from '../../domain/platform.ts';
import type { Clock } from '../../ports/clock.ts';
import type { MentionCursor } from '../../ports/mention-cursor.ts';
import { redisKey } from './redis-key.ts';

/** Mention cursors (`mentions-cursor:<platform>`) and read blocks (`mentions-read-until:<platform>`, expiring). */
export class RedisMentionCursor implements MentionCursor {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #clock: Clock;

  constructor(redis: Redis, prefix: string, clock: Clock) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#clock = clock;
  }

  async get(platform: Platform): Promise<string | undefined> {
    return (await this.#redis.get(redisKey(this.#prefix, 'mentions-cursor', platform))) ?? undefined;
  }

  async set(platform: Platform, cursor: string): Promise<void> {
    await this.#redis.set(redisKey(this.#prefix, 'mentions-cursor', platform), cursor);
  }

  async readsBlockedUntil(platform: Platform): Promise<number> {
    return Number((await this.#redis.get(redisKey(this.#prefix, 'mentions-read-until', platform))) ?? 0);
  }

  async blockReadsUntil(platform: Platform, until: number): Promise<void> {
    const ttl = Math.max(1000, until - this.#clock.now());
    await this.#redis.set(redisKey(this.#prefix, 'mentions-read-until', platform), String(until), 'PX', ttl);
  }
}
