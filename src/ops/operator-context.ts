import type { Redis } from 'ioredis';
import type { Config } from '../../config/load-config.ts';
import { createQueues, type Queues } from '../../jobs/queues.ts';
import { attemptsFor } from '../announce/retry-policy.ts';
import { RedisStore } from '../store/redis-store.ts';

/**
 * What an operator's action needs: the same Redis, store and queues as the service. The CLI
 * makes its own (it is a BullMQ producer, so it works from any machine that reaches Redis);
 * the admin API shares the service's.
 */
export interface OperatorContext {
  config: Config;
  store: RedisStore;
  queues: Queues;
  /** Attempts of a publish job (the retry horizon). */
  attempts: number;
  now: () => number;
}

export function createOperatorContext(config: Config, redis: Redis, queues?: Queues): OperatorContext {
  return {
    config,
    store: new RedisStore(redis, config.prefix),
    queues: queues ?? createQueues(redis, config.prefix),
    attempts: attemptsFor(config.retry),
    now: Date.now,
  };
}

/** A mistake in an operator's request (unknown item, wrong platform…): said plainly, exit 1 / HTTP 4xx. */
export class OperatorError extends Error {
  readonly status: 400 | 404 | 409;
  constructor(message: string, status: 400 | 404 | 409 = 400) {
    super(message);
    this.name = 'OperatorError';
    this.status = status;
  }
}
