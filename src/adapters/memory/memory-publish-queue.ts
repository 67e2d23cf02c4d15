import { announceJob, announceJobId, type PublishJob, replyJob, repostJob } from '../../core/publish/publish-job.ts';
import type { Item } from '../../domain/item.ts';
import type { Reply } from '../../domain/mention.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import type { Clock } from '../../ports/clock.ts';
import type { AnnounceOptions, PublishQueue, RetryOutcome } from '../../ports/publish-queue.ts';
import { copyValue } from './copy-value.ts';

export type JobState = 'waiting' | 'active' | 'failed' | 'completed';

export interface QueuedJob {
  id: string;
  data: PublishJob;
  state: JobState;
}

/**
 * The publish queues in memory, with BullMQ's rule that a job id is added once. Nothing runs
 * the jobs: a test takes them (`take`) and settles them (`settle`), standing in for a worker.
 */
export class MemoryPublishQueue implements PublishQueue {
  readonly #clock: Clock;
  readonly #jobs = new Map<Platform, Map<string, QueuedJob>>(PLATFORMS.map((p) => [p, new Map()]));

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async announce(items: Item[], platforms: readonly Platform[], options: AnnounceOptions = {}): Promise<void> {
    for (const platform of platforms) for (const item of items) this.#add(platform, announceJobId(item.id), announceJob(item, item.id, options));
  }

  async repost(item: Item, platform: Platform, prefix: string, now: number): Promise<string> {
    const data = repostJob(item, prefix, now);
    this.#add(platform, data.ledgerKey, data);
    return data.ledgerKey;
  }

  async reply(platform: Platform, reply: Reply): Promise<void> {
    this.#add(platform, reply.ledgerKey, replyJob(reply));
  }

  async has(platform: Platform, jobId: string): Promise<boolean> {
    return this.#queue(platform).has(jobId);
  }

  async retryFailed(platform: Platform, ledgerKey: string, item: Item | undefined): Promise<RetryOutcome> {
    const queue = this.#queue(platform);
    const job = queue.get(announceJobId(ledgerKey)) ?? queue.get(ledgerKey);
    if (job?.state === 'failed') {
      job.state = 'waiting';
      return 'retried';
    }
    if (!item) return 'gone';
    this.#add(platform, `${announceJobId(ledgerKey)}-retry-${this.#clock.now()}`, announceJob(item, ledgerKey));
    return 'added';
  }

  /** Every job of the platform's queue, oldest first. */
  jobs(platform: Platform, state?: JobState): QueuedJob[] {
    return [...this.#queue(platform).values()].filter((job) => state === undefined || job.state === state).map(copyValue);
  }

  /** The oldest waiting job (or the one named), now active: what a worker would take next. */
  take(platform: Platform, jobId?: string): QueuedJob | undefined {
    const job = [...this.#queue(platform).values()].find((j) => j.state === 'waiting' && (jobId === undefined || j.id === jobId));
    if (!job) return undefined;
    job.state = 'active';
    return copyValue(job);
  }

  /** Ends an active job; `data` replaces its data (a worker's `updateData`). */
  settle(platform: Platform, jobId: string, state: JobState, data?: PublishJob): void {
    const job = this.#queue(platform).get(jobId);
    if (!job) throw new Error(`no job ${jobId} on ${platform}`);
    job.state = state;
    if (data) job.data = copyValue(data);
  }

  #queue(platform: Platform): Map<string, QueuedJob> {
    return this.#jobs.get(platform)!;
  }

  #add(platform: Platform, id: string, data: PublishJob): void {
    const queue = this.#queue(platform);
    if (!queue.has(id)) queue.set(id, { id, data: copyValue(data), state: 'waiting' });
  }
}
