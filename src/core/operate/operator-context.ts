import type { Config } from '../../../config/load-config.ts';
import type { Platform } from '../../domain/platform.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Publisher } from '../../ports/publisher.ts';
import type { PublishQueue } from '../../ports/publish-queue.ts';
import type { QueueControl } from '../../ports/queue-control.ts';
import type { Stores } from '../../ports/stores.ts';

/**
 * What an operator's action needs: the same stores and queues as the service. The CLI opens
 * its own (it is a queue producer, so it works from any machine that reaches Redis); the admin
 * API shares the service's; unit tests pass in-memory ones.
 */
export interface OperatorContext {
  config: Config;
  stores: Stores;
  queue: PublishQueue;
  control: QueueControl;
  clock: Clock;
  /** The platforms, for what operators do to them directly (`herald retract` deletes posts). */
  publishers: Record<Platform, Publisher>;
  /**
   * Who acts, for the audit log and the records actions leave (a pause's `by`, a retraction's):
   * `cli <OS user>@<host>` or `admin-api <client address>`.
   */
  actor: string;
}
