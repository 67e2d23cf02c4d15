import { Writable } from 'node:stream';
import { type Config, type Environment, loadConfig, secretValues } from '../../config/load-config.ts';
import { type HeraldService, startService } from '../../bin/wiring.ts';
import { createLogger } from '../../src/adapters/log/create-logger.ts';
import { TEST_REDIS_URL } from './redis-prefix.ts';

export interface TestService {
  service: HeraldService;
  config: Config;
  /** Every log line the service wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  rawLogs: string[];
  stop(): Promise<void>;
}

/** The environment of a test service: fast polls, fast retries, its own prefix and port. */
export function testEnvironment(prefix: string, env: Environment): Record<string, string> {
  const merged: Record<string, string | undefined> = {
    REDIS_URL: TEST_REDIS_URL,
    HERALD_PREFIX: prefix,
    FEED_POLL_SECONDS: '1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'debug',
    ALLOW_INSECURE_FEEDS: 'true',
    RETRY_BASE_SECONDS: '0.1',
    RETRY_MAX_SECONDS: '1',
    HTTP_TIMEOUT_SECONDS: '2',
    FEED_TIMEOUT_SECONDS: '2',
    SHUTDOWN_TIMEOUT_SECONDS: '5',
    ...env,
  };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Starts the real service in this process, its logs captured in memory. */
export async function startTestService(prefix: string, env: Environment): Promise<TestService> {
  const config = loadConfig(testEnvironment(prefix, env));
  const rawLogs: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        rawLogs.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  const log = createLogger({ level: config.logLevel, secrets: secretValues(config), destination });
  const service = await startService(config, log);
  return { service, config, logs, rawLogs, stop: () => service.stop() };
}
