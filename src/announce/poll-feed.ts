import type { Logger } from 'pino';
import type { Config } from '../../config/load-config.ts';
import { FeedFetchError, fetchFeed } from '../feed/fetch-feed.ts';
import { normaliseLink } from '../feed/normalise-link.ts';
import { FeedParseError, type FeedItem, parseFeed } from '../feed/parse-feed.ts';
import type { Metrics } from '../metrics/create-metrics.ts';
import type { ItemRecord, RedisStore } from '../store/redis-store.ts';
import { itemId } from './item-id.ts';
import { selectNewItems } from './select-new-items.ts';

export interface PollResult {
  feedUrl: string;
  result: 'fetched' | 'not-modified' | 'failed' | 'skipped';
  found: number;
  announced: ItemRecord[];
  held: ItemRecord[];
  tooOld: number;
  baseline: number;
  rejected: number;
  error?: string;
  nextAttemptAt?: number;
}

export interface PollDeps {
  config: Pick<
    Config,
    'feed' | 'feedPollSeconds' | 'backfill' | 'maxItemAgeDays' | 'officialDomains' | 'burstLimit'
  >;
  store: RedisStore;
  /** Puts the announced items on the publish queues (one job per item and platform). */
  enqueue(records: ItemRecord[]): Promise<void>;
  metrics: Metrics;
  log: Logger;
  now: () => Date;
  userAgent: string;
}

/** A feed's id in Redis keys and job-scheduler ids. */
export function feedId(feedUrl: string): string {
  return itemId(`feed ${feedUrl}`);
}

const MAX_BACKOFF_MS = 3_600_000;

function toRecord(item: FeedItem, now: Date, status: ItemRecord['status'], holdReason?: string): ItemRecord {
  return {
    id: itemId(item.key),
    identity: item.key,
    guid: item.guid,
    title: item.title,
    link: item.link,
    feedUrl: item.feedUrl,
    publishedAt: item.publishedAt?.toISOString(),
    firstSeenAt: now.toISOString(),
    status,
    holdReason,
  };
}

/**
 * One poll of one feed: conditional fetch, parse, select what is new, put it on the queues,
 * then record it as seen (in that order, so a crash in between re-adds the same job ids,
 * which BullMQ ignores, instead of losing the items). Never overlaps itself for a feed (a
 * Redis lock, also across replicas); a failing feed backs off, doubling up to an hour,
 * without blocking the others. `force` (a manual poll) ignores the backoff.
 */
export async function pollFeed(feedUrl: string, deps: PollDeps, options: { force?: boolean } = {}): Promise<PollResult> {
  const { store, metrics, config } = deps;
  const log = deps.log.child({ feed: feedUrl });
  const empty: PollResult = { feedUrl, result: 'skipped', found: 0, announced: [], held: [], tooOld: 0, baseline: 0, rejected: 0 };
  const id = feedId(feedUrl);
  // The fetch is bounded by the feed deadline and the rest takes well under a second, so the
  // lock outlives a poll yet frees the feed soon after a replica dies mid-poll (an overlap after
  // expiry would still be safe: job ids are deterministic and links are claimed atomically).
  const lockTtl = config.feed.timeoutMs + 5000;
  let release = await store.acquireLock(`poll-${id}`, lockTtl);
  // A manual poll waits for a scheduled one in progress instead of reporting "skipped".
  for (let waited = 0; !release && options.force && waited < config.feed.timeoutMs + 5000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    release = await store.acquireLock(`poll-${id}`, lockTtl);
  }
  if (!release) {
    log.debug('another poll of this feed is running: skipped');
    metrics.feedPollsTotal.inc({ feed: feedUrl, result: 'skipped' });
    return empty;
  }
  const timer = metrics.feedPollDuration.startTimer({ feed: feedUrl });
  try {
    const state = await store.getFeedState(id);
    const now = deps.now();
    if (!options.force && state.nextAttemptAt !== undefined && state.nextAttemptAt > now.getTime()) {
      metrics.feedPollsTotal.inc({ feed: feedUrl, result: 'skipped' });
      return { ...empty, nextAttemptAt: state.nextAttemptAt, error: state.lastError };
    }
    const fail = async (message: string, reason: string): Promise<PollResult> => {
      metrics.feedErrorsTotal.inc({ feed: feedUrl, reason });
      const failures = state.consecutiveFailures + 1;
      const delay = Math.min(MAX_BACKOFF_MS, config.feedPollSeconds * 1000 * 2 ** (failures - 1));
      const nextAttemptAt = now.getTime() + delay;
      await store.setFeedState(id, { ...state, consecutiveFailures: failures, nextAttemptAt, lastError: message, lastPolledAt: now.getTime() });
      metrics.feedPollsTotal.inc({ feed: feedUrl, result: 'failed' });
      log.warn({ failures, retryInSeconds: Math.round(delay / 1000) }, message);
      return { ...empty, result: 'failed', error: message, nextAttemptAt };
    };

    let fetched: Awaited<ReturnType<typeof fetchFeed>>;
    try {
      fetched = await fetchFeed(
        feedUrl,
        { etag: state.etag, lastModified: state.lastModified },
        { timeoutMs: config.feed.timeoutMs, maxBytes: config.feed.maxBytes, maxRedirects: 5, allowInsecure: config.feed.allowInsecure, userAgent: deps.userAgent },
      );
    } catch (error) {
      if (error instanceof FeedFetchError) return await fail(error.message, error.reason);
      throw error;
    }
    const succeeded = { consecutiveFailures: 0, nextAttemptAt: undefined, lastError: undefined, lastPolledAt: now.getTime(), lastSuccessAt: now.getTime() };
    if (fetched.kind === 'not-modified') {
      await store.setFeedState(id, { ...state, ...succeeded });
      metrics.feedPollsTotal.inc({ feed: feedUrl, result: 'not_modified' });
      return { ...empty, result: 'not-modified' };
    }

    let parsed: Awaited<ReturnType<typeof parseFeed>>;
    try {
      parsed = await parseFeed(fetched.body, feedUrl, now);
    } catch (error) {
      if (error instanceof FeedParseError) return await fail(error.message, 'parse-error');
      throw error;
    }
    if (parsed.rejected.length > 0) {
      metrics.feedItemsRejectedTotal.inc({ feed: feedUrl }, parsed.rejected.length);
      log.warn({ rejected: parsed.rejected.slice(0, 10) }, `${parsed.rejected.length} feed item(s) skipped as invalid`);
    }

    const firstPoll = state.baselinedAt === undefined;
    const recorded = await store.known(
      parsed.items.map((item) => item.key),
      parsed.items.map((item) => normaliseLink(item.link)),
    );
    // Known: the identity was recorded, or the link belongs to another item (another feed).
    const known = new Set(recorded.identities);
    for (const item of parsed.items) {
      const link = normaliseLink(item.link);
      const owner = recorded.linkOwners.get(link);
      if (owner !== undefined && owner !== itemId(item.key)) known.add(link);
    }
    const selection = selectNewItems({
      items: parsed.items,
      known,
      firstPoll,
      backfill: config.backfill,
      now,
      maxItemAgeDays: config.maxItemAgeDays,
      officialDomains: config.officialDomains,
      burstLimit: config.burstLimit,
    });

    const candidates = selection.announce.map((item) => toRecord(item, now, 'announced'));
    const claimed = await store.claimLinks(candidates.map((r) => ({ link: normaliseLink(r.link), id: r.id })));
    const announced = candidates.filter((r) => claimed.has(r.id));
    const duplicates = candidates.filter((r) => !claimed.has(r.id)).map((r) => ({ ...r, status: 'duplicate' as const }));
    const held = selection.held.map(({ item, reason }) => toRecord(item, now, 'held', reason));
    await deps.enqueue(announced);
    const all = [
      ...announced,
      ...duplicates,
      ...held,
      ...selection.tooOld.map((item) => toRecord(item, now, 'too-old')),
      ...selection.baseline.map((item) => toRecord(item, now, 'baseline')),
    ];
    await store.recordItems(all.map((record) => ({ record, normalisedLink: normaliseLink(record.link) })));

    for (const record of held) {
      metrics.itemsHeldTotal.inc({ reason: record.holdReason ?? 'unknown' });
      log.warn({ itemKey: record.id, link: record.link, reason: record.holdReason }, `item held for approval (${record.holdReason}): run "herald approve ${record.id}" or "herald reject ${record.id}"`);
    }
    if (parsed.items.length === 0) {
      log.warn('the feed has no items: nothing recorded (an empty feed never means "all posts deleted")');
    }
    await store.setFeedState(id, {
      ...state,
      ...succeeded,
      etag: fetched.validators.etag,
      lastModified: fetched.validators.lastModified,
      // An empty first answer is no baseline: the next full one would look all new.
      baselinedAt: state.baselinedAt ?? (parsed.items.length > 0 ? now.getTime() : undefined),
    });
    metrics.feedPollsTotal.inc({ feed: feedUrl, result: 'fetched' });
    if (firstPoll && parsed.items.length > 0) {
      log.info({ items: parsed.items.length, backfill: announced.length }, 'first poll of this feed: existing items recorded as seen');
    }
    if (announced.length > 0) log.info({ items: announced.map((r) => ({ itemKey: r.id, title: r.title })) }, `${announced.length} new item(s) queued`);
    return {
      feedUrl,
      result: 'fetched',
      found: parsed.items.length,
      announced,
      held,
      tooOld: selection.tooOld.length,
      baseline: selection.baseline.length,
      rejected: parsed.rejected.length,
    };
  } finally {
    timer();
    await release();
  }
}
