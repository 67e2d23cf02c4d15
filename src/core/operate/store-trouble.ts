import type { Clock } from '../../ports/clock.ts';

/** Where the reporter writes: pino's `warn`/`info` (one JSON line each). */
export interface TroubleLog {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

/** What every Redis / BullMQ connection's 'error' and 'ready' events go through. */
export interface StoreTroubleReporter {
  /** A connection (or a queue, worker, queue-events object) reported an error. */
  failed(source: string, error: Error): void;
  /** The store answers again (a connection became ready). */
  recovered(): void;
}

/** At most one warning per minute while Redis stays unreachable. */
export const TROUBLE_REPEAT_MS = 60_000;

/**
 * Redis trouble as a few clear lines instead of one stack trace per retry per connection: the
 * first failure logs one warning, a failure that lasts logs one more at most every minute (with
 * how many errors were seen meanwhile), and the recovery logs one info line with how long it lasted.
 */
export function storeTroubleReporter(clock: Clock, log: TroubleLog, repeatMs = TROUBLE_REPEAT_MS): StoreTroubleReporter {
  let downSince: number | undefined;
  let lastWarning = Number.NEGATIVE_INFINITY;
  let unreported = 0;
  return {
    failed(source, error) {
      const now = clock.now();
      const first = downSince === undefined;
      downSince ??= now;
      unreported += 1;
      if (now - lastWarning < repeatMs) return;
      lastWarning = now;
      const fields = { connection: source, error: error.message, errors: unreported, downSeconds: Math.round((now - downSince) / 1000) };
      unreported = 0;
      log.warn(fields, first ? 'Redis unreachable: waiting for it to come back (Herald retries; nothing is lost)' : 'Redis still unreachable: waiting for it to come back');
    },
    recovered() {
      if (downSince === undefined) return;
      const downSeconds = Math.round((clock.now() - downSince) / 1000);
      downSince = undefined;
      unreported = 0;
      log.info({ downSeconds }, 'Redis reachable again: resuming');
    },
  };
}
