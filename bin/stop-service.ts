import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import { allQueues, type Queues } from '../jobs/queues.ts';
import type { HttpServer } from '../src/adapters/http/start-http-server.ts';
import { withDeadline } from '../src/adapters/with-deadline.ts';

export interface Running {
  config: Config;
  log: Logger;
  workers: Worker[];
  queues: Queues;
  server: HttpServer;
  connection: Redis;
  abortInFlight: AbortController;
  /** Leaves the prefix's live instances (and stops the heartbeat). */
  releasePrefix(): Promise<void>;
}

/**
 * The graceful stop (once, however often asked): in-flight jobs get the shutdown timeout minus
 * 2.5 s; then their calls are aborted (the jobs fail this attempt and go back to the queue, and
 * the ledger's attempt time makes the retry look before posting); as a last resort the workers
 * are forced closed (an unfinished job is taken over once its lock expires).
 */
export function stopOnce(running: Running): () => Promise<void> {
  const { config, log, workers } = running;
  const closeAll = (force: boolean, ms: number) => withDeadline(Promise.all(workers.map((w) => w.close(force))).then(() => true), ms);
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      log.info('stopping: letting in-flight jobs finish');
      let closed = await closeAll(false, Math.max(500, config.shutdownTimeoutMs - 2500));
      if (!closed) {
        log.warn('in-flight calls did not finish in time: aborting them (their jobs will be retried)');
        running.abortInFlight.abort();
        closed = await closeAll(false, 1000);
      }
      if (!closed) {
        log.warn('workers did not finish in time: forcing them closed (an unfinished job is taken over by another worker once its lock expires; the ledger keeps it from posting twice)');
        await closeAll(true, 500);
      }
      // Leaving the prefix's live instances runs beside the queues' close (each within 0.5 s), so the stop stays within its budget when Redis is gone.
      await Promise.all([withDeadline(Promise.all(allQueues(running.queues).map((q) => q.close())), 500), running.releasePrefix()]);
      await running.server.close();
      running.connection.disconnect();
      log.info('stopped');
    })();
    return stopping;
  };
}
