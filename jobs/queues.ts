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

/**
 * The queues on one connection. Every queue's 'error' events go to `onError` (the service's
 * trouble reporter, or nothing for a CLI command that reports the failure itself): without a
 * listener BullMQ prints each one, stack trace and all, to stderr.
 */
export function createQueues(connection: ConnectionOptions, prefix: string, onError: (source: string, error: Error) => void): Queues {
  const open = <T>(name: string) => {
    const queue = new Queue<T>(name, { connection, prefix });
    queue.on('error', (error: Error) => onError(`queue ${name}`, error));
    return queue;
  };
  const publish = {} as Queues['publish'];
  for (const platform of PLATFORMS) publish[platform] = open<PublishJobData>(publishQueueName(platform));
  return { poll: open<PollJobData>(POLL_QUEUE), publish, mentions: open<CheckMentionsJobData>(MENTIONS_QUEUE) };
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
