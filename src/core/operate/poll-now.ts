import { redactUrl } from '../../domain/redact-url.ts';
import type { PollReport } from '../../ports/queue-control.ts';
import type { OperatorContext } from './operator-context.ts';
import { OperatorError } from './operator-error.ts';

/**
 * `herald poll`: polls now, through the queue (so a running service's worker does it, with
 * the same lock and dedupe as a scheduled poll), and waits for the answers. Without a running
 * service it says so at once instead of waiting for an answer that cannot come.
 */
export async function pollNow(ctx: OperatorContext, feed: string | undefined, timeoutMs = 60_000): Promise<PollReport[]> {
  const configured = ctx.config.feedUrls;
  if (feed !== undefined && !configured.includes(feed)) {
    throw new OperatorError(`${redactUrl(feed)} is not one of the configured feeds (FEED_URLS): ${configured.map(redactUrl).join(', ')}`);
  }
  if ((await ctx.control.pollWorkers()) === 0) {
    throw new OperatorError(
      `No Herald service is running on this Redis (HERALD_PREFIX ${ctx.config.prefix}), so nothing would poll. Start it ("npx herald start", "npm start" or "docker compose up"); "herald preview" reads a feed without one.`,
      409,
    );
  }
  return ctx.control.pollNow(feed === undefined ? configured : [feed], timeoutMs);
}
