import type { Job } from 'bullmq';
import { type PollDeps, pollFeed } from '../src/core/announce/poll-feed.ts';
import type { PollReport } from '../src/ports/queue-control.ts';
import type { PollJobData } from './queues.ts';

/** The processor of the poll queue: one feed per job (scheduled, or `herald poll`). */
export function createPollProcessor(deps: PollDeps) {
  return async (job: Job<PollJobData>): Promise<PollReport> => {
    const result = await pollFeed(job.data.feedUrl, deps, { force: job.data.manual === true });
    return {
      feedUrl: result.feedUrl,
      result: result.result,
      found: result.found,
      enqueued: result.announced.map((r) => ({ itemKey: r.id, title: r.title, link: r.link })),
      held: result.held.map((r) => ({ itemKey: r.id, title: r.title, link: r.link, reason: r.holdReason })),
      tooOld: result.tooOld,
      baseline: result.baseline,
      rejected: result.rejected,
      error: result.error,
      skipReason: result.skipReason,
      notBefore: result.nextAttemptAt === undefined ? undefined : new Date(result.nextAttemptAt).toISOString(),
    };
  };
}
