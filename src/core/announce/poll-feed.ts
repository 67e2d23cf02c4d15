import type { Logger } from 'pino';
import type { Config } from '../../../config/load-config.ts';
import type { FeedState } from '../../domain/feed-state.ts';
import type { Item } from '../../domain/item.ts';
import { PLATFORMS } from '../../domain/platform.ts';
import { redactUrl, redactUrlsIn } from '../../domain/redact-url.ts';
import { FeedParseError, type ParsedFeed, parseFeed } from '../feed/parse-feed.ts';
import type { Clock } from '../../ports/clock.ts';
import type { FeedFetcher, FeedValidators, FetchedFeed } from '../../ports/feed-fetcher.ts';
import type { FeedStates } from '../../ports/feed-states.ts';
import type { Metrics } from '../../ports/metrics.ts';
import type { PublishQueue } from '../../ports/publish-queue.ts';
import type { SeenItems } from '../../ports/seen-items.ts';
import { feedId } from './feed-id.ts';
import { recordSelection } from './record-selection.ts';

export interface PollResult {
  feedUrl: string;
  result: 'fetched' | 'not-modified' | 'failed' | 'skipped';
  found: number;
  announced: Item[];
  held: Item[];
  tooOld: number;
  baseline: number;
  rejected: number;
  error?: string;
  /** Skipped or failed: the earliest time the next scheduled poll asks the feed. */
  nextAttemptAt?: number;
  /** Why a poll was skipped: another poll held the lock, or what it waits for (see `pollWait`). */
  skipReason?: 'locked' | PollWait['reason'];
}

export interface PollDeps {
  config: Pick<Config, 'feed' | 'feedPollSeconds' | 'backfill' | 'maxItemAgeDays' | 'officialChannels' | 'burstLimit'>;
  items: SeenItems;
  feeds: FeedStates;
  fetcher: FeedFetcher;
  /** Where the announced items go (one job per item and platform). */
  queue: Pick<PublishQueue, 'announce'>;
  metrics: Metrics;
  log: Logger;
  clock: Clock;
}

const MAX_BACKOFF_MS = 3_600_000;
const POLL_LOCK_WAIT_STEP_MS = 100;
/**
 * The longest a feed's own `Cache-Control: max-age` or `Retry-After` holds back its polls: the
 * same hour as the error backoff, so a hostile or mistaken header cannot silence Herald for a week.
 */
export const MAX_FEED_FLOOR_MS = 3_600_000;
/**
 * A `max-age` floor ends this much early. The scheduler's ticks land a few milliseconds either
 * side of the interval, so without it a max-age that is a multiple of the interval (120 s at
 * 30 s polls) would cost a whole extra interval about half the time. `Retry-After` is kept to
 * the letter instead (being late there costs a poll, being early may cost the feed's patience).
 */
const FRESHNESS_SLACK_MS = 1000;

const emptyResult = (feedUrl: string): PollResult => ({ feedUrl: redactUrl(feedUrl), result: 'skipped', found: 0, announced: [], held: [], tooOld: 0, baseline: 0, rejected: 0 });

/**
 * One poll of one feed: conditional fetch, parse, select what is new, put it on the queues,
 * then record it as seen (in that order, so a crash in between re-adds the same job ids,
 * which the queue ignores, instead of losing the items). Never overlaps itself for a feed (a
 * lock, also across replicas); a failing feed backs off, doubling up to an hour, without
 * blocking the others. `force` (a manual poll) ignores the backoff and waits for the lock.
 */
export async function pollFeed(feedUrl: string, deps: PollDeps, options: { force?: boolean } = {}): Promise<PollResult> {
  const log = deps.log.child({ feed: redactUrl(feedUrl) });
  const release = await takePollLock(feedUrl, deps, options.force === true);
  if (!release) {
    log.debug('another poll of this feed is running: skipped');
    deps.metrics.feedPollsTotal.inc({ feed: redactUrl(feedUrl), result: 'skipped' });
    return { ...emptyResult(feedUrl), skipReason: 'locked' };
  }
  const timer = deps.metrics.feedPollDuration.startTimer({ feed: redactUrl(feedUrl) });
  try {
    return await pollLocked(feedUrl, { ...deps, log }, options.force === true);
  } finally {
    timer();
    await release();
  }
}

/**
 * The fetch is bounded by the feed deadline and the rest takes well under a second, so the
 * lock outlives a poll yet frees the feed soon after a replica dies mid-poll (an overlap after
 * expiry would still be safe: job ids are deterministic and links are claimed atomically). A
 * manual poll waits for a scheduled one in progress instead of reporting "skipped".
 */
async function takePollLock(feedUrl: string, deps: PollDeps, wait: boolean) {
  const ttl = deps.config.feed.timeoutMs + 5000;
  const id = feedId(feedUrl);
  let release = await deps.feeds.lockPoll(id, ttl);
  for (let waited = 0; !release && wait && waited < ttl; waited += POLL_LOCK_WAIT_STEP_MS) {
    await deps.clock.sleep(POLL_LOCK_WAIT_STEP_MS);
    release = await deps.feeds.lockPoll(id, ttl);
  }
  return release;
}

async function pollLocked(feedUrl: string, deps: PollDeps, force: boolean): Promise<PollResult> {
  const { metrics, log } = deps;
  const id = feedId(feedUrl);
  const state = await deps.feeds.get(id);
  const now = deps.clock.now();
  const wait = pollWait(state, now, force);
  if (wait !== undefined) {
    log.debug({ until: new Date(wait.until).toISOString(), reason: wait.reason }, 'not polled: the feed is not due yet');
    metrics.feedPollsTotal.inc({ feed: redactUrl(feedUrl), result: 'skipped' });
    return { ...emptyResult(feedUrl), nextAttemptAt: wait.until, skipReason: wait.reason, error: wait.reason === 'backoff' ? state.lastError : undefined };
  }
  const fetched = await deps.fetcher.fetch(feedUrl, { etag: state.etag, lastModified: state.lastModified });
  if (fetched.kind === 'failed') return recordFailure(feedUrl, state, fetched, now, deps);
  const succeeded = { consecutiveFailures: 0, nextAttemptAt: undefined, lastError: undefined, lastPolledAt: now, lastSuccessAt: now, ...floors(fetched.pacing, now) };
  if (fetched.kind === 'not-modified') {
    await deps.feeds.set(id, { ...state, ...succeeded });
    metrics.feedPollsTotal.inc({ feed: redactUrl(feedUrl), result: 'not_modified' });
    return { ...emptyResult(feedUrl), result: 'not-modified' };
  }
  let parsed: ParsedFeed;
  try {
    parsed = await parseFeed(fetched.body, feedUrl, new Date(now));
  } catch (error) {
    if (error instanceof FeedParseError) return recordFailure(feedUrl, state, { reason: 'parse-error', message: error.message }, now, deps);
    throw error;
  }
  if (parsed.rejected.length > 0) {
    metrics.feedItemsRejectedTotal.inc({ feed: redactUrl(feedUrl) }, parsed.rejected.length);
    log.warn({ rejected: parsed.rejected.slice(0, 10) }, `${parsed.rejected.length} feed item(s) skipped as invalid`);
  }
  const selected = await recordSelection(parsed.items, state.baselinedAt === undefined, { ...deps, now, platforms: PLATFORMS });
  await deps.feeds.set(id, successState(state, succeeded, fetched.validators, parsed.items.length > 0 ? now : undefined));
  metrics.feedPollsTotal.inc({ feed: redactUrl(feedUrl), result: 'fetched' });
  return { feedUrl: redactUrl(feedUrl), result: 'fetched', found: parsed.items.length, ...selected, rejected: parsed.rejected.length };
}

function successState(state: FeedState, succeeded: Partial<FeedState>, validators: FeedValidators, baselineAt: number | undefined): FeedState {
  // An empty first answer is no baseline: the next full one would look all new.
  return { ...state, ...succeeded, etag: validators.etag, lastModified: validators.lastModified, baselinedAt: state.baselinedAt ?? baselineAt };
}

/** What a poll waits for before asking the feed, and until when. */
export interface PollWait {
  until: number;
  reason: 'backoff' | 'max-age' | 'retry-after';
}

/**
 * Whether the feed is due. A scheduled poll waits for the latest of the error backoff, the
 * freshness of the last answer (`max-age`) and the feed's `Retry-After`. A manual poll
 * (`force`) overrides the backoff and the freshness (a person asked to look now), but honours
 * `Retry-After`: the feed said it cannot take a request before then, and a well-run bot listens.
 */
export function pollWait(state: FeedState, now: number, force: boolean): PollWait | undefined {
  const candidates: PollWait[] = [{ until: state.retryAfterUntil ?? 0, reason: 'retry-after' }];
  if (!force) candidates.push({ until: state.nextAttemptAt ?? 0, reason: 'backoff' }, { until: state.freshUntil ?? 0, reason: 'max-age' });
  const latest = candidates.reduce((a, b) => (b.until > a.until ? b : a));
  return latest.until > now ? latest : undefined;
}

/** The floors an answer sets, each capped at `MAX_FEED_FLOOR_MS`; none when it sent no header. */
function floors(pacing: FetchedFeed['pacing'], now: number): Pick<FeedState, 'freshUntil' | 'retryAfterUntil'> {
  const until = (seconds: number | undefined, slackMs: number) =>
    seconds !== undefined && seconds * 1000 > slackMs ? now + Math.min(seconds * 1000, MAX_FEED_FLOOR_MS) - slackMs : undefined;
  return { freshUntil: until(pacing?.maxAgeSeconds, FRESHNESS_SLACK_MS), retryAfterUntil: until(pacing?.retryAfterSeconds, 0) };
}

/**
 * A failed poll: the feed waits, doubling from the poll interval up to an hour, counted from
 * when the poll began (so the next scheduled poll is not missed by the fetch's own duration),
 * and at least as long as the error answer's `Retry-After` asked.
 */
async function recordFailure(
  feedUrl: string,
  state: FeedState,
  failure: { reason: string; message: string; pacing?: FetchedFeed['pacing'] },
  now: number,
  deps: PollDeps,
): Promise<PollResult> {
  const message = redactUrlsIn(failure.message);
  deps.metrics.feedErrorsTotal.inc({ feed: redactUrl(feedUrl), reason: failure.reason });
  const failures = state.consecutiveFailures + 1;
  const delay = Math.min(MAX_BACKOFF_MS, deps.config.feedPollSeconds * 1000 * 2 ** (failures - 1));
  const { retryAfterUntil } = floors(failure.pacing, now);
  const nextAttemptAt = Math.max(now + delay, retryAfterUntil ?? 0);
  await deps.feeds.set(feedId(feedUrl), { ...state, consecutiveFailures: failures, nextAttemptAt: now + delay, retryAfterUntil, lastError: message, lastPolledAt: now });
  deps.metrics.feedPollsTotal.inc({ feed: redactUrl(feedUrl), result: 'failed' });
  deps.log.warn({ failures, retryInSeconds: Math.round((nextAttemptAt - now) / 1000), retryAfter: retryAfterUntil !== undefined }, message);
  return { ...emptyResult(feedUrl), result: 'failed', error: message, nextAttemptAt };
}
