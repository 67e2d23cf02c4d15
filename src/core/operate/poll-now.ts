import type { PollReport } from '../../ports/queue-control.ts';
import type { OperatorContext } from './operator-context.ts';
import { OperatorError } from './operator-error.ts';

/**
 * `herald poll`: polls now, through the queue (so a running service's worker does it, with
 * the same lock and dedupe as a scheduled poll), and waits for the answers.
 */
export async function pollNow(ctx: OperatorContext, feed: string | undefined, timeoutMs = 60_000): Promise<PollReport[]> {
  const configured = ctx.config.feedUrls;
  if (feed !== undefined && !configured.includes(feed)) {
    throw new OperatorError(`${feed} is not one of the configured feeds (FEED_URLS): ${configured.join(', ')}`);
  }
  return ctx.control.pollNow(feed === undefined ? configured : [feed], timeoutMs);
}
