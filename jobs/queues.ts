import { type ConnectionOptions, type JobsOptions, Queue } from 'bullmq';
import type { Platform } from '../src/store/redis-store.ts';

/** Queue names (BullMQ keys live under HERALD_PREFIX). One publish queue per platform, so a
 * rate limit or a kill switch pauses exactly one platform. */
export const POLL_QUEUE = 'poll';
export const publishQueueName = (platform: Platform) => `publish-${platform}`;
export const MENTIONS_QUEUE = 'mentions';

export interface PollJobData {
  feedUrl: string;
  /** A manual poll (`herald poll`): ignores a failing feed's backoff. */
  manual?: boolean;
}

export interface AnnounceJobData {
  kind: 'announce' | 'repost';
  itemId: string;
  ledgerKey: string;
  title: string;
  link: string;
  /** e.g. "Reminder:" on a repost, so X does not reject it as duplicate content. */
  prefix?: string;
  rateLimitHits?: number;
}

export interface ReplyJobData {
  kind: 'reply';
  ledgerKey: string;
  mentionId: string;
  text: string;
  inReplyToId: string;
  visibility?: 'public' | 'unlisted' | 'private' | 'direct';
  verdict: string;
  rateLimitHits?: number;
}

export type PublishJobData = AnnounceJobData | ReplyJobData;

/** Job ids must not contain ":" (BullMQ); ids are deterministic so a re-add is a no-op. */
export const announceJobId = (itemId: string) => `announce-${itemId}`;

export function createQueues(connection: ConnectionOptions, prefix: string) {
  return {
    poll: new Queue<PollJobData>(POLL_QUEUE, { connection, prefix }),
    publish: {
      x: new Queue<PublishJobData>(publishQueueName('x'), { connection, prefix }),
      mastodon: new Queue<PublishJobData>(publishQueueName('mastodon'), { connection, prefix }),
    } satisfies Record<Platform, Queue<PublishJobData>>,
    mentions: new Queue(MENTIONS_QUEUE, { connection, prefix }),
  };
}

export type Queues = ReturnType<typeof createQueues>;

export function allQueues(queues: Queues): Queue[] {
  return [queues.poll, queues.publish.x, queues.publish.mastodon, queues.mentions] as Queue[];
}

/** Options of every publish job: the retry policy (see src/announce/retry-policy.ts) and retention. */
export function publishJobOptions(jobId: string, attempts: number): JobsOptions {
  return {
    jobId,
    attempts,
    backoff: { type: 'herald' },
    removeOnComplete: { age: 7 * 86_400, count: 5000 },
    removeOnFail: { age: 30 * 86_400 },
  };
}
