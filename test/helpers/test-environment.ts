import type { Environment } from '../../config/load-config.ts';
import { TEST_REDIS_URL } from './redis-prefix.ts';

/** The environment of a test service: fast polls, fast retries, its own prefix and port. */
export function testEnvironment(prefix: string, env: Environment): Record<string, string> {
  const merged: Record<string, string | undefined> = {
    REDIS_URL: TEST_REDIS_URL,
    HERALD_PREFIX: prefix,
    FEED_POLL_SECONDS: '1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'debug',
    ALLOW_INSECURE_FEEDS: 'true',
    ALLOW_INSECURE_APIS: 'true',
    RETRY_BASE_SECONDS: '0.1',
    RETRY_MAX_SECONDS: '1',
    HTTP_TIMEOUT_SECONDS: '2',
    FEED_TIMEOUT_SECONDS: '2',
    SHUTDOWN_TIMEOUT_SECONDS: '5',
    ...env,
  };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
}
