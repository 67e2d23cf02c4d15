import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { BullmqPublishQueue } from '../../jobs/bullmq-publish-queue.ts';
import { BullmqQueueControl } from '../../jobs/bullmq-queue-control.ts';
import { allQueues, createQueues, POLL_QUEUE, type PollJobData, publishQueueName } from '../../jobs/queues.ts';
import { ManualClock } from '../../src/adapters/memory/manual-clock.ts';
import { MemoryPublishQueue } from '../../src/adapters/memory/memory-publish-queue.ts';
import { MemoryQueueControl, type PollOne } from '../../src/adapters/memory/memory-queue-control.ts';
import { systemClock } from '../../src/adapters/system-clock.ts';
import type { PublishJob } from '../../src/core/publish/publish-job.ts';
import type { Platform } from '../../src/domain/platform.ts';
import type { PublishQueue } from '../../src/ports/publish-queue.ts';
import type { QueueControl } from '../../src/ports/queue-control.ts';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../helpers/redis-prefix.ts';

/** A publish queue and its control, with what a test needs to look inside. */
export interface OpenQueue {
  queue: PublishQueue;
  control: QueueControl;
  /** Ids and data of every job on the platform's queue, in any state. */
  jobs(platform: Platform): Promise<Array<{ id: string; data: PublishJob }>>;
  /** Takes the only waiting job of the platform and fails it for good (a worker would). */
  failOnlyJob(platform: Platform): Promise<string>;
  isPaused(platform: Platform): Promise<boolean>;
  close(): Promise<void>;
}

export interface QueueFamily {
  name: string;
  /** `poll` stands in for the poll worker; without it nobody answers a poll. */
  open(poll?: PollOne): Promise<OpenQueue>;
}

async function openBullmq(poll?: PollOne): Promise<OpenQueue> {
  const prefix = testPrefix();
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queues = createQueues(redis, prefix, () => undefined);
  const worker = poll ? new Worker<PollJobData>(POLL_QUEUE, (job) => poll(job.data.feedUrl), { connection: redis, prefix }) : undefined;
  await worker?.waitUntilReady();
  return {
    queue: new BullmqPublishQueue(queues.publish, 1, systemClock),
    control: new BullmqQueueControl(queues, redis, prefix, systemClock),
    jobs: async (platform) => {
      const jobs = await queues.publish[platform].getJobs(['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children']);
      return jobs.map((job) => ({ id: job.id!, data: job.data }));
    },
    failOnlyJob: async (platform) => {
      const taker = new Worker(publishQueueName(platform), null, { connection: redis, prefix, autorun: false });
      try {
        const token = randomUUID();
        const job = await taker.getNextJob(token);
        if (!job) throw new Error('no job to fail');
        await job.moveToFailed(new Error('failed for good'), token, false);
        return job.id!;
      } finally {
        await taker.close();
      }
    },
    isPaused: (platform) => queues.publish[platform].isPaused(),
    close: async () => {
      await worker?.close();
      await Promise.all(allQueues(queues).map((q) => q.close()));
      redis.disconnect();
      await cleanupPrefix(prefix);
    },
  };
}

async function openMemory(poll?: PollOne): Promise<OpenQueue> {
  const queue = new MemoryPublishQueue(new ManualClock());
  const control = new MemoryQueueControl(queue, poll);
  return {
    queue,
    control,
    jobs: async (platform) => queue.jobs(platform).map(({ id, data }) => ({ id, data })),
    failOnlyJob: async (platform) => {
      const job = queue.take(platform);
      if (!job) throw new Error('no job to fail');
      queue.settle(platform, job.id, 'failed');
      return job.id;
    },
    isPaused: async (platform) => control.paused.has(platform),
    close: async () => undefined,
  };
}

export const QUEUE_FAMILIES: QueueFamily[] = [
  { name: 'BullMQ', open: openBullmq },
  { name: 'memory', open: openMemory },
];
