import { DelayedError, type Job, type Queue, RateLimitError, UnrecoverableError } from 'bullmq';
import { type AttemptDeps, attemptPublish } from '../src/core/publish/attempt-publish.ts';
import type { PublishJobData } from './queues.ts';

export interface PublishJobDeps extends AttemptDeps {
  queue: Queue<PublishJobData>;
}

/** A paused platform's job is looked at again after this long (it is not called meanwhile). */
const PAUSED_RECHECK_MS = 5000;

/**
 * The processor of a platform's publish queue: one attempt (src/core/publish/attempt-publish.ts
 * decides), translated into BullMQ's control flow:
 * - a rate limit, or a success with no calls left: `queue.rateLimit` holds every worker of the
 *   queue, in every replica; a rate-limited job is put back by `RateLimitError` without
 *   consuming an attempt;
 * - a hard stop: `UnrecoverableError`, the job fails at once (`herald retry` runs it again);
 * - the kill switch: the job is delayed without calling (`DelayedError`);
 * - X's budget spent: this job alone is delayed to the next UTC day (the others go on);
 * - a transient fault: thrown on, BullMQ backs off (src/core/announce/retry-policy.ts).
 */
export function createPublishProcessor(deps: PublishJobDeps) {
  return async (job: Job<PublishJobData>, token?: string) => {
    const data = job.data;
    const log = deps.log.child({
      itemKey: data.kind === 'reply' ? undefined : data.itemId,
      mentionId: data.kind === 'reply' ? data.mentionId : undefined,
      platform: deps.publisher.platform,
      jobId: job.id,
      attempt: job.attemptsMade + 1,
    });
    const step = await attemptPublish(data, { ...deps, log });
    switch (step.kind) {
      case 'paused':
        await job.moveToDelayed(deps.clock.now() + PAUSED_RECHECK_MS, token);
        throw new DelayedError();
      case 'deferred':
        await job.moveToDelayed(step.until, token);
        throw new DelayedError();
      case 'rate-limited':
        await job.updateData({ ...data, rateLimitHits: step.rateLimitHits });
        await deps.queue.rateLimit(step.holdMs);
        throw new RateLimitError();
      case 'hard-stop':
        throw new UnrecoverableError(step.message);
      case 'done':
        if (step.holdMs !== undefined) await deps.queue.rateLimit(step.holdMs);
        return { remoteId: step.remoteId, url: step.url };
    }
  };
}
