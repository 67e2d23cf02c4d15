import { feedId } from '../announce/poll-feed.ts';
import { type ItemRecord, PLATFORMS, type Platform } from '../store/redis-store.ts';
import { allQueues } from '../../jobs/queues.ts';
import type { OperatorContext } from './operator-context.ts';

export interface PlatformItemState {
  state: 'posted' | 'pending' | 'failed' | 'held' | 'not-announced';
  id?: string;
  url?: string;
  reason?: string;
  dryRun?: boolean;
  at?: string;
}

export interface StatusReport {
  items: Array<{
    key: string;
    title: string;
    link: string;
    feedUrl: string;
    publishedAt?: string;
    firstSeenAt: string;
    status: ItemRecord['status'];
    holdReason?: string;
    platforms: Record<Platform, PlatformItemState>;
  }>;
  held: Array<{ key: string; title: string; link: string; reason?: string }>;
  platforms: Record<
    Platform,
    { mode: 'live' | 'dry-run'; paused: { reason: string; since: string } | null; rateLimitedUntil: string | null }
  >;
  queues: Record<string, Record<string, number>>;
  feeds: Array<{
    url: string;
    lastSuccessAt: string | null;
    consecutiveFailures: number;
    lastError: string | null;
    nextAttemptAt: string | null;
  }>;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

async function platformState(ctx: OperatorContext, record: ItemRecord, platform: Platform): Promise<PlatformItemState> {
  if (record.status === 'held') return { state: 'held', reason: record.holdReason };
  const entry = await ctx.store.getLedger(record.id, platform);
  if (!entry) return { state: record.status === 'announced' ? 'pending' : 'not-announced', reason: record.status === 'announced' ? undefined : record.status };
  return {
    state: entry.state,
    id: entry.remoteId,
    url: entry.url,
    reason: entry.reason,
    dryRun: entry.dryRun,
    at: new Date(entry.updatedAt).toISOString(),
  };
}

/** What Herald did and is doing: `herald status` and `GET /admin/status`. */
export async function getStatus(ctx: OperatorContext, count = 10): Promise<StatusReport> {
  const { store, config } = ctx;
  const latest = await store.latestItems(count);
  const heldRecords = await store.latestItems(100, (r) => r.status === 'held');
  const items = [];
  for (const record of latest) {
    const platforms = {} as Record<Platform, PlatformItemState>;
    for (const platform of PLATFORMS) platforms[platform] = await platformState(ctx, record, platform);
    items.push({
      key: record.id,
      title: record.title,
      link: record.link,
      feedUrl: record.feedUrl,
      publishedAt: record.publishedAt,
      firstSeenAt: record.firstSeenAt,
      status: record.status,
      holdReason: record.holdReason,
      platforms,
    });
  }
  const platforms = {} as StatusReport['platforms'];
  for (const platform of PLATFORMS) {
    const pause = await store.getPause(platform);
    const limited = await store.getRateLimitedUntil(platform);
    platforms[platform] = {
      mode: config[platform].dryRun ? 'dry-run' : 'live',
      paused: pause ? { reason: pause.reason, since: new Date(pause.since).toISOString() } : null,
      rateLimitedUntil: limited !== undefined && limited > ctx.now() ? iso(limited) : null,
    };
  }
  const queues: StatusReport['queues'] = {};
  for (const queue of allQueues(ctx.queues)) {
    queues[queue.name] = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
  }
  const feeds = [];
  for (const url of config.feedUrls) {
    const state = await store.getFeedState(feedId(url));
    feeds.push({
      url,
      lastSuccessAt: iso(state.lastSuccessAt),
      consecutiveFailures: state.consecutiveFailures,
      lastError: state.lastError ?? null,
      nextAttemptAt: iso(state.nextAttemptAt),
    });
  }
  return {
    items,
    held: heldRecords.map((r) => ({ key: r.id, title: r.title, link: r.link, reason: r.holdReason })),
    platforms,
    queues,
    feeds,
  };
}
