import { type ConnectionOptions, type JobsOptions, Queue } from 'bullmq';
import { type PublishJob, publishQueueName } from '../src/core/publish/publish-job.ts';
import { PLATFORMS, type Platform } from '../src/domain/platform.ts';

/** Queue names (BullMQ keys live under HERALD_PREFIX). One publish queue per platform, so a
 * rate limit or a kill switch pauses exactly one platform. */
export const POLL_QUEUE = 'poll';
export const MENTIONS_QUEUE = 'mentions';

export interface PollJobData {
  feedUrl: string;
  /** A manual poll (`herald poll`): ignores a failing feed's backoff. */
  manual?: boolean;
  /** The configuration fingerprint of the instance that scheduled it (repeating polls only). */
  fingerprint?: string;
}

export interface CheckMentionsJobData {
  platform: Platform;
  /** The configuration fingerprint of the instance that scheduled it. */
  fingerprint?: string;
}

export type PublishJobData = PublishJob;

export { announceJobId, publishQueueName } from '../src/core/publish/publish-job.ts';

export interface Queues {
  poll: Queue<PollJobData>;
  publish: Record<Platform, Queue<PublishJobData>>;
  mentions: Queue<CheckMentionsJobData>;
}

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const publish = {} as Queues['publish'];
  for (const platform of PLATFORMS) publish[platform] = new Queue<PublishJobData>(publishQueueName(platform), { connection, prefix });
  return {
    poll: new Queue<PollJobData>(POLL_QUEUE, { connection, prefix }),
    publish,
    mentions: new Queue<CheckMentionsJobData>(MENTIONS_QUEUE, { connection, prefix }),
  };
}

export function allQueues(queues: Queues): Queue[] {
  return [queues.poll, ...PLATFORMS.map((p) => queues.publish[p]), queues.mentions] as Queue[];
}

/** Options of every publish job: the retry policy (see src/core/announce/retry-policy.ts) and retention. */
export function publishJobOptions(jobId: string, attempts: number): JobsOptions {
  return {
    jobId,
    attempts,
    backoff: { type: 'herald' },
    removeOnComplete: { age: 7 * 86_400, count: 5000 },
    removeOnFail: { age: 30 * 86_400 },
  };
}
