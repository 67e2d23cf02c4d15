import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A Redis connection for the service: retries forever (BullMQ needs that), named for
 * `CLIENT LIST`, and warns at most every 10 s while Redis is unreachable.
 */
export function redisConnection(url: string, log: Logger, name: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: `herald-${name}` });
  let lastWarning = 0;
  redis.on('error', (error: Error) => {
    if (Date.now() - lastWarning > 10_000) {
      lastWarning = Date.now();
      log.warn({ connection: name, error: error.message }, 'Redis unreachable: waiting for it to come back');
    }
  });
  return redis;
}

/** A connection for one CLI command: fails fast instead of waiting for Redis. */
export function shortLivedRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 5000, retryStrategy: (times) => (times > 3 ? null : 200) });
  redis.on('error', () => undefined);
  return redis;
}
