import type { Logger } from 'pino';
import { type Config, secretValues } from '../../../config/load-config.ts';
import { createLogger } from '../log/create-logger.ts';

type StartService = (config: Config, log: Logger) => Promise<{ stop(): Promise<void> }>;

/** `herald start`: the service, until SIGTERM / SIGINT (graceful, bounded by SHUTDOWN_TIMEOUT_SECONDS). */
export async function runStart(config: Config, startService: StartService): Promise<void> {
  const log = createLogger({ level: config.logLevel, secrets: secretValues(config), pretty: process.stdout.isTTY === true });
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled rejection (the service keeps running)');
  });
  const service = await startService(config, log);
  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown deadline passed: exiting now');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    service.stop().then(
      () => process.exit(0),
      (error: Error) => {
        log.error({ error: error.message }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
