import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { routeErrors } from '../src/adapters/redis/redis-connection.ts';
import { feedId } from '../src/core/announce/feed-id.ts';
import type { Platform } from '../src/domain/platform.ts';
import { redactUrl, redactUrlsIn } from '../src/domain/redact-url.ts';
import type { Clock } from '../src/ports/clock.ts';
import type { PollReport, QueueControl } from '../src/ports/queue-control.ts';
import { allQueues, type Queues } from './queues.ts';

const COUNTED_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** Operators' hold on the BullMQ queues: global pause, counts, and a poll through the poll queue. */
export class BullmqQueueControl implements QueueControl {
  readonly #queues: Queues;
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #clock: Clock;

  constructor(queues: Queues, redis: Redis, prefix: string, clock: Clock) {
    this.#queues = queues;
    this.#redis = redis;
    this.#prefix = prefix;
    this.#clock = clock;
  }

  async pausePublishing(platform: Platform): Promise<void> {
    await this.#queues.publish[platform].pause();
  }

  async resumePublishing(platform: Platform): Promise<void> {
    await this.#queues.publish[platform].resume();
  }

  async jobCounts(): Promise<Record<string, Record<string, number>>> {
    const counts: Record<string, Record<string, number>> = {};
    for (const queue of allQueues(this.#queues)) counts[queue.name] = await queue.getJobCounts(...COUNTED_STATES);
    return counts;
  }

  /** From Redis's CLIENT LIST (BullMQ names its workers' connections); managed Redis may forbid it. */
  async pollWorkers(): Promise<number | undefined> {
    try {
      return await this.#queues.poll.getWorkersCount();
    } catch {
      return undefined;
    }
  }

  async pollNow(feedUrls: string[], timeoutMs: number): Promise<PollReport[]> {
    // QueueEvents blocks on Redis, so BullMQ wants a connection that retries forever; its own.
    // Its errors are not reported on their own: a poll that cannot finish says so in its result.
    const connection = routeErrors(this.#redis.duplicate({ maxRetriesPerRequest: null }), () => undefined);
    const events = routeErrors(new QueueEvents(this.#queues.poll.name, { connection, prefix: this.#prefix }), () => undefined);
    try {
      await events.waitUntilReady();
      const now = this.#clock.now();
      const options = (feedUrl: string) => ({ jobId: `manual-${feedId(feedUrl)}-${now}`, removeOnComplete: 50, removeOnFail: 50 });
      const jobs = await Promise.all(feedUrls.map((feedUrl) => this.#queues.poll.add('poll', { feedUrl, manual: true }, options(feedUrl))));
      return await Promise.all(
        jobs.map(async (job, i): Promise<PollReport> => {
          try {
            return (await job.waitUntilFinished(events, timeoutMs)) as PollReport;
          } catch (error) {
            const message = (error as Error).message;
            const hint = /timed out/i.test(message) ? ' (is the service running? "herald start")' : '';
            return { feedUrl: redactUrl(feedUrls[i]!), result: 'failed', error: `${redactUrlsIn(message)}${hint}` };
          }
        }),
      );
    } finally {
      await events.close();
      connection.disconnect();
    }
  }
}
