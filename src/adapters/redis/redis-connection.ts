import { Redis } from 'ioredis';
import type { StoreTroubleReporter } from '../../core/operate/store-trouble.ts';

/** Errors of the connection to Redis itself (as opposed to a command's or a job's own error). */
export function isConnectionError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|EHOSTUNREACH|ENETUNREACH)$/.test(code) || /connection is closed|connect ETIMEDOUT|Stream isn't writeable|MaxRetriesPerRequest|^(LOADING|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN)\b/i.test(error.message);
}

/** Something that emits Redis's 'error' events: an ioredis connection, a BullMQ queue, worker or queue-events object. */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Errors of `emitter` go to `onError` (never to BullMQ's and ioredis's console fallbacks). */
export function routeErrors<T extends ErrorEmitter>(emitter: T, onError: (error: Error) => void): T {
  emitter.on('error', (error: Error) => onError(error));
  return emitter;
}

/**
 * A connection for the service: retries forever (BullMQ needs that), named for `CLIENT LIST`;
 * its errors and its recovery go to the trouble reporter (a few JSON lines per outage).
 */
export function redisConnection(url: string, trouble: StoreTroubleReporter, name: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: `herald-${name}` });
  routeErrors(redis, (error) => trouble.failed(name, error));
  redis.on('ready', () => trouble.recovered());
  return redis;
}

/** A connection for one CLI command: fails fast instead of waiting for Redis; the command reports the failure itself. */
export function shortLivedRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 5000, retryStrategy: (times) => (times > 3 ? null : 200) });
  routeErrors(redis, () => undefined);
  return redis;
}
