import { publishQueueName } from '../../core/publish/publish-job.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import type { PollReport, QueueControl } from '../../ports/queue-control.ts';
import type { MemoryPublishQueue } from './memory-publish-queue.ts';

/** Polls one feed as the poll worker would, and reports it. */
export type PollOne = (feedUrl: string) => Promise<PollReport>;

/** Queue control over the in-memory publish queues; `poll` stands in for the poll worker. */
export class MemoryQueueControl implements QueueControl {
  readonly #queue: MemoryPublishQueue;
  readonly #poll: PollOne | undefined;
  readonly paused = new Set<Platform>();

  constructor(queue: MemoryPublishQueue, poll?: PollOne) {
    this.#queue = queue;
    this.#poll = poll;
  }

  async pausePublishing(platform: Platform): Promise<void> {
    this.paused.add(platform);
  }

  async resumePublishing(platform: Platform): Promise<void> {
    this.paused.delete(platform);
  }

  async jobCounts(): Promise<Record<string, Record<string, number>>> {
    const counts: Record<string, Record<string, number>> = {};
    for (const platform of PLATFORMS) {
      const count = (state: 'waiting' | 'active' | 'failed' | 'completed') => this.#queue.jobs(platform, state).length;
      counts[publishQueueName(platform)] = {
        waiting: count('waiting'),
        active: count('active'),
        delayed: 0,
        failed: count('failed'),
        completed: count('completed'),
        prioritized: 0,
      };
    }
    return counts;
  }

  async pollWorkers(): Promise<number | undefined> {
    return this.#poll ? 1 : 0;
  }

  async pollNow(feedUrls: string[], _timeoutMs: number): Promise<PollReport[]> {
    const poll = this.#poll;
    if (!poll) return feedUrls.map((feedUrl) => ({ feedUrl, result: 'failed', error: 'no poll worker runs' }));
    return Promise.all(feedUrls.map((feedUrl) => poll(feedUrl)));
  }
}
