import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import type { PostLimits } from '../../domain/post-limits.ts';
import { redactUrl } from '../../domain/redact-url.ts';
import { normaliseLink } from '../feed/normalise-link.ts';
import { type FeedItem, parseFeed } from '../feed/parse-feed.ts';
import type { FeedFetcher } from '../../ports/feed-fetcher.ts';
import type { Publisher } from '../../ports/publisher.ts';
import { composePost } from '../announce/compose-post.ts';
import { feedId } from '../announce/feed-id.ts';
import { itemId } from '../announce/item-id.ts';
import { type Selection, selectNewItems } from '../announce/select-new-items.ts';
import type { OperatorContext } from './operator-context.ts';

export interface PreviewItem {
  key: string;
  title: string;
  link: string;
  publishedAt?: string;
  verdict: 'new' | 'seen' | 'too old' | 'held' | 'baseline';
  reason?: string;
  /** Why it would be held, in words. */
  detail?: string;
  posts: Record<Platform, { text: string; length: number; limit: number }>;
}

export interface PreviewResult {
  feed: string;
  items: PreviewItem[];
  rejected: Array<{ reason: string; title?: string; link?: string }>;
}

export interface PreviewDeps {
  publishers: Record<Platform, Pick<Publisher, 'limits'>>;
  fetcher: FeedFetcher;
  /** Reads a local feed file (`--feed ./file.xml`). */
  readFile(path: string): Promise<string>;
}

async function loadFeed(source: string, deps: PreviewDeps): Promise<string> {
  if (!/^https?:\/\//i.test(source)) return deps.readFile(source);
  const fetched = await deps.fetcher.fetch(source, {});
  if (fetched.kind === 'failed') throw new Error(fetched.message);
  if (fetched.kind !== 'fetched') throw new Error(`${source} answered 304 to an unconditional request`);
  return fetched.body;
}

/** The ids and links already recorded, as a poll would see them. */
async function knownKeys(ctx: OperatorContext, items: FeedItem[]): Promise<Set<string>> {
  const recorded = await ctx.stores.items.known(
    items.map((i) => i.key),
    items.map((i) => normaliseLink(i.link)),
  );
  const known = new Set<string>(recorded.identities);
  for (const item of items) {
    const owner = recorded.linkOwners.get(normaliseLink(item.link));
    if (owner !== undefined) known.add(owner === itemId(item.key) ? item.key : normaliseLink(item.link));
  }
  return known;
}

function verdictOf(selection: Selection, item: FeedItem): Pick<PreviewItem, 'verdict' | 'reason' | 'detail'> {
  if (selection.announce.includes(item)) return { verdict: 'new' };
  const held = selection.held.find((h) => h.item === item);
  if (held) return { verdict: 'held', reason: held.reason, detail: held.detail };
  if (selection.tooOld.includes(item)) return { verdict: 'too old' };
  if (selection.baseline.includes(item)) return { verdict: 'baseline', reason: 'first poll of this feed: recorded as seen, not posted' };
  return { verdict: 'seen' };
}

/**
 * `herald preview`: what a poll of this feed (a URL, or a file) would do, item by item, with
 * the exact text per platform and its counted length. Reads only: nothing is recorded.
 */
export async function previewFeed(ctx: OperatorContext, source: string | undefined, deps: PreviewDeps): Promise<PreviewResult> {
  const { config } = ctx;
  const feed = source ?? config.feedUrls[0]!;
  const isUrl = /^https?:\/\//i.test(feed);
  const now = new Date(ctx.clock.now());
  const parsed = await parseFeed(await loadFeed(feed, deps), isUrl ? feed : 'https://session.foundation/', now);
  const state = isUrl ? await ctx.stores.feeds.get(feedId(feed)) : { baselinedAt: undefined };
  const selection = selectNewItems({
    items: parsed.items,
    known: await knownKeys(ctx, parsed.items),
    firstPoll: state.baselinedAt === undefined,
    backfill: config.backfill,
    now,
    maxItemAgeDays: config.maxItemAgeDays,
    officialChannels: config.officialChannels,
    burstLimit: config.burstLimit,
  });
  const limits = {} as Record<Platform, PostLimits>;
  for (const platform of PLATFORMS) limits[platform] = await deps.publishers[platform].limits();
  const items = parsed.items.map((item): PreviewItem => {
    const posts = {} as PreviewItem['posts'];
    for (const platform of PLATFORMS) {
      const { text, length, limit } = composePost({ title: item.title, link: item.link, footer: config[platform].footer }, limits[platform]);
      posts[platform] = { text, length, limit };
    }
    const { title, link } = item;
    return { key: itemId(item.key), title, link, publishedAt: item.publishedAt?.toISOString(), ...verdictOf(selection, item), posts };
  });
  return { feed: isUrl ? redactUrl(feed) : `file://${feed}`, rejected: parsed.rejected, items };
}
