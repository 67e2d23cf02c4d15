import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { createMemoryStores } from '../../src/adapters/memory/create-memory-stores.ts';
import { ManualClock } from '../../src/adapters/memory/manual-clock.ts';
import { createRedisStores } from '../../src/adapters/redis/create-redis-stores.ts';
import { systemClock } from '../../src/adapters/system-clock.ts';
import type { Clock } from '../../src/ports/clock.ts';
import type { Stores } from '../../src/ports/stores.ts';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../helpers/redis-prefix.ts';

/** One family of store adapters, opened fresh for each test. */
export interface OpenStores {
  stores: Stores;
  clock: Clock;
  /**
   * Lets `ms` pass for whatever expires: the manual clock moves; Redis expires keys on its own
   * clock, so the Redis family really waits (ms are kept to a few dozen in these suites).
   */
  letTimePass(ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface StoreFamily {
  name: string;
  open(): Promise<OpenStores>;
}

export const redisFamily: StoreFamily = {
  name: 'Redis',
  open: async () => {
    const prefix = testPrefix();
    const redis = new Redis(TEST_REDIS_URL);
    return {
      stores: createRedisStores(redis, prefix, systemClock),
      clock: systemClock,
      letTimePass: (ms) => delay(ms + 5),
      close: async () => {
        redis.disconnect();
        await cleanupPrefix(prefix);
      },
    };
  },
};

export const memoryFamily: StoreFamily = {
  name: 'memory',
  open: async () => {
    const clock = new ManualClock();
    return {
      stores: createMemoryStores(clock),
      clock,
      letTimePass: async (ms) => clock.advance(ms),
      close: async () => undefined,
    };
  },
};

/** Every suite in this folder runs once per family: the same cases, both adapters. */
export const STORE_FAMILIES = [redisFamily, memoryFamily];
