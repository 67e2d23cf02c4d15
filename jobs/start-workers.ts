import { type Job, type Processor, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import { isConnectionError } from '../src/adapters/redis/redis-connection.ts';
import type { PollDeps } from '../src/core/announce/poll-feed.ts';
import { backoffDelay } from '../src/core/announce/retry-policy.ts';
import type { AnswerDeps } from '../src/core/listen/answer-mentions.ts';
import type { StoreTroubleReporter } from '../src/core/operate/store-trouble.ts';
import { giveUpPublish } from '../src/core/publish/give-up-publish.ts';
import { PLATFORMS, type Platform } from '../src/domain/platform.ts';
import type { MentionSource } from '../src/ports/mention-source.ts';
import type { Publisher } from '../src/ports/publisher.ts';
import { createCheckMentionsProcessor } from './check-mentions-job.ts';
import { createPollProcessor } from './poll-feed-job.ts';
import { createPublishProcessor, type PublishJobDeps } from './publish-job.ts';
import { MENTIONS_QUEUE, POLL_QUEUE, type PublishJobData, publishQueueName, type Queues } from './queues.ts';

export interface WorkerDeps {
  config: Config;
  connection: Redis;
  queues: Queues;
  poll: PollDeps;
  publish: Omit<PublishJobDeps, 'publisher' | 'queue' | 'footer' | 'channels'>;
  publishers: Record<Platform, Publisher>;
  mentions: AnswerDeps;
  mentionSources: Partial<Record<Platform, MentionSource>>;
  log: Logger;
  /** Where the workers' Redis connection errors go (a few lines per outage, not one per retry). */
  trouble: StoreTroubleReporter;
}

function workerOptions(config: Config, connection: Redis): WorkerOptions {
  return {
    connection,
    prefix: config.prefix,
    // Needed for queue.rateLimit() to hold back every worker of the queue (BullMQ); the max is
    // far above any real posting rate so that it never throttles by itself.
    limiter: { max: 10_000, duration: 1000 },
    settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, config.retry) },
    // A worker killed mid-job (SIGKILL, OOM) loses its lock; another worker or replica takes
    // the job over after about this long. The ledger makes the takeover safe.
    lockDuration: config.jobLockMs,
    stalledInterval: config.jobLockMs,
    maxStalledCount: 10,
  };
}

/** When a publish job fails for the last time, the ledger says so (with the command that retries). */
function onFinalFailure(worker: Worker<PublishJobData>, platform: Platform, deps: WorkerDeps): void {
  worker.on('failed', (job: Job<PublishJobData> | undefined, error: Error) => {
    if (!job) return;
    const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) return;
    giveUpPublish(job.data.ledgerKey, platform, { attemptsMade: job.attemptsMade, message: error.message }, deps.publish).catch((e: Error) =>
      deps.log.error({ error: e.message }, 'could not record the failure in the ledger'),
    );
  });
}

/** The poll worker, one publish worker per platform and the mentions worker of this replica. */
export function startWorkers(deps: WorkerDeps): Worker[] {
  const { config, queues } = deps;
  const options = workerOptions(config, deps.connection);
  const start = <T>(name: string, processor: Processor<T>, concurrency: number) => new Worker<T>(name, processor, { ...options, concurrency });
  const pollWorker = start(POLL_QUEUE, createPollProcessor(deps.poll), 4);
  const publishWorkers = PLATFORMS.map((platform) => {
    const processor = createPublishProcessor({
      ...deps.publish,
      publisher: deps.publishers[platform],
      queue: queues.publish[platform],
      footer: config[platform].footer,
      replyLinks: config.publicPage?.replyCheckUrl === undefined ? [] : [config.publicPage.replyCheckUrl],
      channels: config.officialChannels,
    });
    const worker = start<PublishJobData>(publishQueueName(platform), processor, 1);
    onFinalFailure(worker, platform, deps);
    return worker;
  });
  const mentionsWorker = start(MENTIONS_QUEUE, createCheckMentionsProcessor(deps.mentionSources, deps.mentions), 2);
  const workers = [pollWorker, ...publishWorkers, mentionsWorker] as Worker[];
  for (const worker of workers) {
    worker.on('error', (error) => {
      if (isConnectionError(error)) deps.trouble.failed(`worker ${worker.name}`, error);
      else deps.log.warn({ queue: worker.name, error: error.message }, 'worker error');
    });
  }
  return workers;
}
