import type { Queue } from 'bullmq';
import { announceJob, announceJobId, replyJob, repostJob } from '../src/core/publish/publish-job.ts';
import type { Item } from '../src/domain/item.ts';
import type { Reply } from '../src/domain/mention.ts';
import type { Platform } from '../src/domain/platform.ts';
import type { Clock } from '../src/ports/clock.ts';
import type { AnnounceOptions, PublishQueue, RetryOutcome } from '../src/ports/publish-queue.ts';
import { type PublishJobData, publishJobOptions } from './queues.ts';

/** The publish-queue port on BullMQ: one queue per platform, deterministic job ids. */
export class BullmqPublishQueue implements PublishQueue {
  readonly #queues: Record<Platform, Queue<PublishJobData>>;
  readonly #attempts: number;
  readonly #clock: Clock;

  /** `attempts`: of every publish job, so the retries cover the retry horizon. */
  constructor(queues: Record<Platform, Queue<PublishJobData>>, attempts: number, clock: Clock) {
    this.#queues = queues;
    this.#attempts = attempts;
    this.#clock = clock;
  }

  async announce(items: Item[], platforms: readonly Platform[], options: AnnounceOptions = {}): Promise<void> {
    if (items.length === 0) return;
    for (const platform of platforms) {
      await this.#queues[platform].addBulk(
        items.map((item) => ({ name: 'announce', data: announceJob(item, item.id, options), opts: publishJobOptions(announceJobId(item.id), this.#attempts) })),
      );
    }
  }

  async repost(item: Item, platform: Platform, prefix: string, now: number): Promise<string> {
    const data = repostJob(item, prefix, now);
    await this.#queues[platform].add('repost', data, publishJobOptions(data.ledgerKey, this.#attempts));
    return data.ledgerKey;
  }

  async reply(platform: Platform, reply: Reply): Promise<void> {
    await this.#queues[platform].add('reply', replyJob(reply), publishJobOptions(reply.ledgerKey, this.#attempts));
  }

  async has(platform: Platform, jobId: string): Promise<boolean> {
    return (await this.#queues[platform].getJob(jobId)) !== undefined;
  }

  async retryFailed(platform: Platform, ledgerKey: string, item: Item | undefined): Promise<RetryOutcome> {
    const queue = this.#queues[platform];
    const job = (await queue.getJob(announceJobId(ledgerKey))) ?? (await queue.getJob(ledgerKey));
    if (job && (await job.isFailed())) {
      await job.retry('failed');
      return 'retried';
    }
    if (!item) return 'gone';
    const jobId = `${announceJobId(ledgerKey)}-retry-${this.#clock.now()}`;
    await queue.add('announce', announceJob(item, ledgerKey), publishJobOptions(jobId, this.#attempts));
    return 'added';
  }
}
