import type { Logger } from 'pino';
import type { OfficialChannels } from '../../../config/official-channels.ts';
import { HardStopError, RateLimitedError, TransientError } from '../../domain/platform-errors.ts';
import { UnsafeTextError } from '../../domain/unsafe-text-error.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Metrics } from '../../ports/metrics.ts';
import type { PlatformState } from '../../ports/platform-state.ts';
import type { PostLedger } from '../../ports/post-ledger.ts';
import type { Publisher } from '../../ports/publisher.ts';
import { rateLimitFallbackDelay } from '../announce/retry-policy.ts';
import { type BudgetDeps, checkBudget } from '../spend/check-budget.ts';
import { priceXCall } from '../spend/price-x-call.ts';
import { type PublishJob, publishTaskOf } from './publish-job.ts';
import { publishOnce } from './publish-once.ts';

/**
 * What the queue must do after one attempt:
 * - `paused`: the kill switch is on; put the job back, delayed, without calling the platform;
 * - `done`: posted (or already posted); with `holdMs`, no call left before the reset, so the
 *   platform's whole queue waits that long before the next job;
 * - `rate-limited`: the whole queue waits `holdMs` (the announced reset plus a small jitter,
 *   else from 60 s doubling with `rateLimitHits`) and the job runs again, no attempt consumed;
 * - `hard-stop`: final (401, 402, 403, usage cap, unsafe text): the ledger already says failed, with why;
 * - `deferred`: X's daily budget is spent; this job alone waits until `until` (the next UTC
 *   day), the rest of the queue goes on (a reply over budget never holds an announcement).
 * Transient faults (network, timeout, 5xx, HTML page) are thrown: the queue backs off.
 */
export type PublishStep =
  | { kind: 'paused' }
  | { kind: 'deferred'; until: number; why: string }
  | { kind: 'done'; remoteId?: string; url?: string; holdMs?: number }
  | { kind: 'rate-limited'; holdMs: number; rateLimitHits: number }
  | { kind: 'hard-stop'; message: string };

export interface AttemptDeps {
  publisher: Publisher;
  ledger: PostLedger;
  platforms: PlatformState;
  footer: string;
  /** Links the operator configured for replies (the public page's check address), allowed as written. */
  replyLinks?: readonly string[];
  /** The registry: the last check before each call lets only official links out. */
  channels: OfficialChannels;
  metrics: Metrics;
  log: Logger;
  clock: Clock;
  /** Jitter source (replicas must not all call at the same instant after a reset). */
  random?: () => number;
  /** X's spend meter and budgets; without it nothing is held back for cost. */
  budget?: BudgetDeps;
}

/** One attempt at a publish job, with every decision the queue acts on made here. */
export async function attemptPublish(job: PublishJob, deps: AttemptDeps): Promise<PublishStep> {
  const { publisher, metrics, log } = deps;
  const platform = publisher.platform;
  if (await deps.platforms.pauseOf(platform)) return { kind: 'paused' };
  const hold = await overBudget(job, deps);
  if (hold) {
    metrics.postsTotal.inc({ platform, outcome: 'over_budget' });
    return { kind: 'deferred', until: hold.until, why: hold.why };
  }
  try {
    const outcome = await publishOnce(publishTaskOf(job, deps.footer, deps.replyLinks), deps);
    const { remoteId, url } = outcome.entry;
    if (outcome.kind === 'already-posted') {
      metrics.postsTotal.inc({ platform, outcome: 'already_posted' });
      log.info({ remoteId }, 'already posted: nothing sent');
      return { kind: 'done', remoteId, url };
    }
    if (outcome.kind === 'retracted') {
      metrics.postsTotal.inc({ platform, outcome: 'retracted' });
      log.info({ retraction: outcome.entry.retraction }, 'retracted by an operator: not posted');
      return { kind: 'done' };
    }
    metrics.postsTotal.inc({ platform, outcome: publisher.dryRun ? 'dry_run' : 'posted' });
    log.info({ remoteId, url }, publisher.dryRun ? 'dry run recorded' : 'posted');
    if (outcome.pauseUntil === undefined) return { kind: 'done', remoteId, url };
    const holdMs = await holdPlatform(outcome.pauseUntil, deps, 'no calls left before the reset: pausing this platform until then');
    return { kind: 'done', remoteId, url, holdMs };
  } catch (error) {
    return await decideOnFault(error, job, deps);
  }
}

/** X only (the one platform that bills), live only, and not for a post that is already settled. */
async function overBudget(job: PublishJob, deps: AttemptDeps) {
  const { publisher, budget } = deps;
  if (budget === undefined || publisher.platform !== 'x' || publisher.dryRun) return undefined;
  const entry = await deps.ledger.get(job.ledgerKey, publisher.platform);
  if (entry?.state === 'posted' || entry?.state === 'retracted') return undefined;
  const cost = priceXCall({ kind: 'post', text: job.kind === 'reply' ? job.text : '', inReplyTo: job.kind === 'reply' }, budget.prices);
  return checkBudget(cost.kind, cost.usd, deps.clock.now(), budget);
}

async function decideOnFault(error: unknown, job: PublishJob, deps: AttemptDeps): Promise<PublishStep> {
  const { metrics, log } = deps;
  const platform = deps.publisher.platform;
  if (error instanceof RateLimitedError) {
    const rateLimitHits = (job.rateLimitHits ?? 0) + 1;
    const until = error.resumeAt ?? deps.clock.now() + rateLimitFallbackDelay(rateLimitHits);
    metrics.postsTotal.inc({ platform, outcome: 'rate_limited' });
    const holdMs = await holdPlatform(until, deps, `${error.message}: pausing this platform until the reset`);
    return { kind: 'rate-limited', holdMs, rateLimitHits };
  }
  if (error instanceof UnsafeTextError) {
    metrics.postsTotal.inc({ platform, outcome: 'unsafe_text' });
    log.error(`${error.message}: not sent; the job fails for good`);
    return { kind: 'hard-stop', message: error.message };
  }
  if (error instanceof HardStopError) {
    metrics.postsTotal.inc({ platform, outcome: 'hard_stop' });
    metrics.hardStopsTotal.inc({ platform, status: String(error.status ?? 'unknown') });
    log.error(error.message);
    return { kind: 'hard-stop', message: error.message };
  }
  if (error instanceof TransientError) {
    metrics.postsTotal.inc({ platform, outcome: 'transient_error' });
    log.warn({ ambiguous: error.ambiguous }, `${error.message}: will retry with backoff`);
  } else {
    log.error({ err: error }, 'publish failed unexpectedly: will retry with backoff');
  }
  throw error;
}

/** Holds the platform until `untilMs` plus a jitter (at least a second); recorded for status. */
async function holdPlatform(untilMs: number, deps: AttemptDeps, why: string): Promise<number> {
  const platform = deps.publisher.platform;
  const now = deps.clock.now();
  const jitter = 250 + Math.round((deps.random ?? Math.random)() * 1000);
  const holdMs = Math.max(1000, untilMs - now + jitter);
  await deps.platforms.setRateLimitedUntil(platform, now + holdMs);
  deps.metrics.rateLimitedTotal.inc({ platform });
  deps.log.warn({ waitSeconds: Math.round(holdMs / 1000), until: new Date(now + holdMs).toISOString() }, why);
  return holdMs;
}
