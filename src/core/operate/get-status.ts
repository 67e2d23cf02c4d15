import type { Item } from '../../domain/item.ts';
import type { LedgerEntry } from '../../domain/ledger-entry.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import { redactUrl, redactUrlsIn } from '../../domain/redact-url.ts';
import { feedId } from '../announce/feed-id.ts';
import { configFingerprint } from './config-fingerprint.ts';
import { type PollWait, pollWait } from '../announce/poll-feed.ts';
import type { OperatorContext } from './operator-context.ts';
import { type SpendReport, spendReport } from './spend-report.ts';

export interface PlatformItemState {
  state: 'posted' | 'pending' | 'failed' | 'retracted' | 'held' | 'not-announced';
  id?: string;
  url?: string;
  reason?: string;
  /** Why it is held, in words. */
  detail?: string;
  dryRun?: boolean;
  at?: string;
  /** Retracted: who, when (ISO), why; `deleted` once the platform confirmed the post gone. */
  retraction?: { by: string; at: string; reason: string; deleted: boolean };
}

export interface StatusReport {
  items: Array<{
    key: string;
    title: string;
    link: string;
    feedUrl: string;
    publishedAt?: string;
    firstSeenAt: string;
    status: Item['status'];
    holdReason?: string;
    holdDetail?: string;
    platforms: Record<Platform, PlatformItemState>;
  }>;
  held: Array<{ key: string; title: string; link: string; reason?: string; detail?: string }>;
  platforms: Record<Platform, { mode: 'live' | 'dry-run'; paused: { reason: string; since: string } | null; rateLimitedUntil: string | null }>;
  queues: Record<string, Record<string, number>>;
  /**
   * `nextPollNotBefore`: the scheduled poll does not ask the feed before `at` (ISO), because of
   * the error backoff, the last answer's `Cache-Control: max-age` or the feed's `Retry-After`;
   * null when the next scheduled poll asks.
   */
  feeds: Array<{
    url: string;
    lastSuccessAt: string | null;
    consecutiveFailures: number;
    lastError: string | null;
    nextAttemptAt: string | null;
    nextPollNotBefore: { at: string; reason: PollWait['reason'] } | null;
  }>;
  /** What X cost today and this month, and the budgets (X is the one platform that bills). */
  spend: { x: SpendReport };
  /**
   * The prefix's configuration: the recorded fingerprint (null before any instance started), the
   * instances live on it, and whether this configuration (the one `herald` runs with) matches it.
   */
  prefix: { name: string; fingerprint: string | null; liveInstances: number; matchesThisConfiguration: boolean | null };
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function platformState(item: Item, entry: LedgerEntry | undefined): PlatformItemState {
  if (item.status === 'held') return { state: 'held', reason: item.holdReason, detail: item.holdDetail };
  if (!entry) return { state: item.status === 'announced' ? 'pending' : 'not-announced', reason: item.status === 'announced' ? undefined : item.status };
  const state: PlatformItemState = { state: entry.state, id: entry.remoteId, url: entry.url, reason: entry.reason, dryRun: entry.dryRun, at: new Date(entry.updatedAt).toISOString() };
  const r = entry.retraction;
  if (r) state.retraction = { by: r.by, at: new Date(r.at).toISOString(), reason: r.reason, deleted: entry.deleted === true };
  return state;
}

async function itemReport(ctx: OperatorContext, item: Item): Promise<StatusReport['items'][number]> {
  const entries = await ctx.stores.ledger.entries(item.id);
  const platforms = {} as Record<Platform, PlatformItemState>;
  for (const platform of PLATFORMS) platforms[platform] = platformState(item, entries[platform]);
  const { id, title, link, feedUrl, publishedAt, firstSeenAt, status, holdReason, holdDetail } = item;
  return { key: id, title, link, feedUrl: redactUrl(feedUrl), publishedAt, firstSeenAt, status, holdReason, holdDetail, platforms };
}

async function platformsReport(ctx: OperatorContext): Promise<StatusReport['platforms']> {
  const report = {} as StatusReport['platforms'];
  for (const platform of PLATFORMS) {
    const pause = await ctx.stores.platforms.pauseOf(platform);
    const limited = await ctx.stores.platforms.rateLimitedUntil(platform);
    report[platform] = {
      mode: ctx.config[platform].dryRun ? 'dry-run' : 'live',
      paused: pause ? { reason: pause.reason, since: new Date(pause.since).toISOString() } : null,
      rateLimitedUntil: limited !== undefined && limited > ctx.clock.now() ? iso(limited) : null,
    };
  }
  return report;
}

async function feedsReport(ctx: OperatorContext): Promise<StatusReport['feeds']> {
  const feeds = [];
  for (const url of ctx.config.feedUrls) {
    const state = await ctx.stores.feeds.get(feedId(url));
    feeds.push({
      url: redactUrl(url),
      lastSuccessAt: iso(state.lastSuccessAt),
      consecutiveFailures: state.consecutiveFailures,
      lastError: state.lastError === undefined ? null : redactUrlsIn(state.lastError),
      nextAttemptAt: iso(state.nextAttemptAt),
      nextPollNotBefore: notBefore(pollWait(state, ctx.clock.now(), false)),
    });
  }
  return feeds;
}

async function prefixReport(ctx: OperatorContext): Promise<StatusReport['prefix']> {
  const { recorded, live } = await ctx.stores.fingerprints.inspect();
  const fingerprint = recorded?.hash ?? null;
  const matches = fingerprint === null ? null : fingerprint === configFingerprint(ctx.config).hash;
  return { name: ctx.config.prefix, fingerprint, liveInstances: live.length, matchesThisConfiguration: matches };
}

const notBefore = (wait: PollWait | undefined) => (wait === undefined ? null : { at: new Date(wait.until).toISOString(), reason: wait.reason });

/** What Herald did and is doing: `herald status` and `GET /admin/status`. */
export async function getStatus(ctx: OperatorContext, count = 10): Promise<StatusReport> {
  const items = [];
  for (const item of await ctx.stores.items.latest(count)) items.push(await itemReport(ctx, item));
  const held = await ctx.stores.items.latest(100, (r) => r.status === 'held');
  return {
    items,
    held: held.map((r) => ({ key: r.id, title: r.title, link: r.link, reason: r.holdReason, detail: r.holdDetail })),
    platforms: await platformsReport(ctx),
    queues: await ctx.control.jobCounts(),
    feeds: await feedsReport(ctx),
    spend: { x: await spendReport(ctx) },
    prefix: await prefixReport(ctx),
  };
}
