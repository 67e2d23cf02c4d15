import { QueueEvents } from 'bullmq';
import { feedId } from '../announce/poll-feed.ts';
import { type OperatorContext, OperatorError } from './operator-context.ts';

export interface PollNowResult {
  feedUrl: string;
  result: string;
  found?: number;
  enqueued?: Array<{ itemKey: string; title: string; link: string }>;
  held?: Array<{ itemKey: string; title: string; link: string; reason?: string }>;
  error?: string;
}

/**
 * `herald poll`: polls now, through the queue (so a running service's worker does it, with
 * the same lock and dedupe as a scheduled poll), and waits for the answers.
 */
export async function pollNow(ctx: OperatorContext, feed: string | undefined, timeoutMs = 60_000): Promise<PollNowResult[]> {
  const feeds = feed === undefined ? ctx.config.feedUrls : [feed];
  if (feed !== undefined && !ctx.config.feedUrls.includes(feed)) {
    throw new OperatorError(`${feed} is not one of the configured feeds (FEED_URLS): ${ctx.config.feedUrls.join(', ')}`);
  }
  // QueueEvents blocks on Redis, so BullMQ wants a connection that retries forever; its own.
  const connection = ctx.store.redis.duplicate({ maxRetriesPerRequest: null });
  const events = new QueueEvents(ctx.queues.poll.name, { connection, prefix: ctx.config.prefix });
  try {
    await events.waitUntilReady();
    const jobs = await Promise.all(
      feeds.map((feedUrl) =>
        ctx.queues.poll.add('poll', { feedUrl, manual: true }, { jobId: `manual-${feedId(feedUrl)}-${ctx.now()}`, removeOnComplete: 50, removeOnFail: 50 }),
      ),
    );
    return await Promise.all(
      jobs.map(async (job, i) => {
        try {
          return (await job.waitUntilFinished(events, timeoutMs)) as PollNowResult;
        } catch (error) {
          const message = (error as Error).message;
          const hint = /timed out/i.test(message) ? ' (is the service running? "herald start")' : '';
          return { feedUrl: feeds[i]!, result: 'failed', error: `${message}${hint}` };
        }
      }),
    );
  } finally {
    await events.close();
    connection.disconnect();
  }
}
