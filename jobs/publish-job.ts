import { DelayedError, type Job, type Queue, RateLimitError, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { composePost } from '../src/announce/compose-post.ts';
import { publishOnce, type PublishTask } from '../src/announce/publish-once.ts';
import { rateLimitFallbackDelay } from '../src/announce/retry-policy.ts';
import type { Metrics } from '../src/metrics/create-metrics.ts';
import { HardStopError, type Publisher, RateLimitedError, TransientError } from '../src/publish/publisher.ts';
import type { RedisStore } from '../src/store/redis-store.ts';
import type { PublishJobData } from './queues.ts';

export interface PublishJobDeps {
  publisher: Publisher;
  queue: Queue<PublishJobData>;
  store: RedisStore;
  footer: string;
  metrics: Metrics;
  log: Logger;
}

/** A small jitter on top of a reset, so replicas do not all call at the same instant. */
const resetJitter = () => 250 + Math.round(Math.random() * 1000);

function taskOf(data: PublishJobData, footer: string): PublishTask {
  if (data.kind === 'reply') {
    return {
      ledgerKey: data.ledgerKey,
      idempotencyKey: `herald-${data.ledgerKey}`,
      inReplyToId: data.inReplyToId,
      visibility: data.visibility,
      compose: () => data.text,
    };
  }
  return {
    ledgerKey: data.ledgerKey,
    idempotencyKey: `herald-${data.ledgerKey}`,
    link: data.link,
    compose: (limits) => composePost({ title: data.title, link: data.link, footer, prefix: data.prefix }, limits).text,
  };
}

/**
 * The processor of a platform's publish queue. Retry policy, by kind of failure:
 * - rate limit (429): the whole queue waits until the announced reset plus a small jitter
 *   (`queue.rateLimit` + `RateLimitError`: no attempt consumed, no other worker calls);
 *   without a reset, from 60 s doubling;
 * - a success with no calls left: the queue waits for the reset before the next call;
 * - hard stop (401, 402, 403, usage cap): `UnrecoverableError`, the job fails at once and the
 *   ledger keeps the reason for `herald status` / `herald retry`;
 * - transient (network, timeout, 5xx, HTML page): thrown, BullMQ backs off (see retry-policy).
 * - the kill switch (`herald pause`): the job is put back, delayed, without calling.
 */
export function createPublishProcessor(deps: PublishJobDeps) {
  const { publisher, queue, store, metrics } = deps;
  const platform = publisher.platform;

  const holdPlatform = async (untilMs: number, log: Logger, why: string) => {
    const wait = Math.max(1000, untilMs - Date.now() + resetJitter());
    await queue.rateLimit(wait);
    await store.setRateLimitedUntil(platform, Date.now() + wait);
    metrics.rateLimitedTotal.inc({ platform });
    log.warn({ waitSeconds: Math.round(wait / 1000), until: new Date(Date.now() + wait).toISOString() }, why);
  };

  return async (job: Job<PublishJobData>, token?: string) => {
    const data = job.data;
    const log = deps.log.child({
      itemKey: data.kind === 'reply' ? undefined : data.itemId,
      mentionId: data.kind === 'reply' ? data.mentionId : undefined,
      platform,
      jobId: job.id,
      attempt: job.attemptsMade + 1,
    });
    const pause = await store.getPause(platform);
    if (pause) {
      await job.moveToDelayed(Date.now() + 5000, token);
      throw new DelayedError();
    }
    try {
      const outcome = await publishOnce(taskOf(data, deps.footer), { store, publisher, log, now: Date.now });
      if (outcome.kind === 'already-posted') {
        metrics.postsTotal.inc({ platform, outcome: 'already_posted' });
        log.info({ remoteId: outcome.entry.remoteId }, 'already posted: nothing sent');
      } else {
        metrics.postsTotal.inc({ platform, outcome: publisher.dryRun ? 'dry_run' : 'posted' });
        log.info({ remoteId: outcome.entry.remoteId, url: outcome.entry.url }, publisher.dryRun ? 'dry run recorded' : 'posted');
        if (outcome.pauseUntil !== undefined) {
          await holdPlatform(outcome.pauseUntil, log, 'no calls left before the reset: pausing this platform until then');
        }
      }
      return { remoteId: outcome.entry.remoteId, url: outcome.entry.url };
    } catch (error) {
      if (error instanceof RateLimitedError) {
        const hits = (data.rateLimitHits ?? 0) + 1;
        await job.updateData({ ...data, rateLimitHits: hits });
        const until = error.resumeAt ?? Date.now() + rateLimitFallbackDelay(hits);
        metrics.postsTotal.inc({ platform, outcome: 'rate_limited' });
        await holdPlatform(until, log, `${error.message}: pausing this platform until the reset`);
        throw new RateLimitError();
      }
      if (error instanceof HardStopError) {
        metrics.postsTotal.inc({ platform, outcome: 'hard_stop' });
        metrics.hardStopsTotal.inc({ platform, status: String(error.status ?? 'unknown') });
        log.error(error.message);
        throw new UnrecoverableError(error.message);
      }
      if (error instanceof TransientError) {
        metrics.postsTotal.inc({ platform, outcome: 'transient_error' });
        log.warn({ ambiguous: error.ambiguous }, `${error.message}: will retry with backoff`);
      } else {
        log.error({ err: error }, 'publish failed unexpectedly: will retry with backoff');
      }
      throw error;
    }
  };
}
