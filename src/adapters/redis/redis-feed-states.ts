import type { Redis } from 'ioredis';
import { type FeedState, NEW_FEED_STATE } from '../../domain/feed-state.ts';
import type { FeedStates, ReleaseLock } from '../../ports/feed-states.ts';
import { redisKey } from './redis-key.ts';

/** Deletes the lock only if it is still ours (it may have expired and been taken by another replica). */
const RELEASE_IF_OURS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Feed states in Redis (`feed:<feed id>`, JSON) and the poll lock (`lock:poll-<feed id>`, SET NX PX). */
export class RedisFeedStates implements FeedStates {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async get(feedId: string): Promise<FeedState> {
    const raw = await this.#redis.get(redisKey(this.#prefix, 'feed', feedId));
    return raw === null ? { ...NEW_FEED_STATE } : (JSON.parse(raw) as FeedState);
  }

  async set(feedId: string, state: FeedState): Promise<void> {
    await this.#redis.set(redisKey(this.#prefix, 'feed', feedId), JSON.stringify(state));
  }

  async lockPoll(feedId: string, ttlMs: number): Promise<ReleaseLock | undefined> {
    const key = redisKey(this.#prefix, 'lock', `poll-${feedId}`);
    const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
    const ok = await this.#redis.set(key, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return undefined;
    return async () => {
      await this.#redis.eval(RELEASE_IF_OURS, 1, key, token);
    };
  }
}
