import type { Config } from '../../../config/load-config.ts';
import type { Clock } from '../../ports/clock.ts';
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
}
