import { readFile } from 'node:fs/promises';
import { composePost, type PostLimits } from '../announce/compose-post.ts';
import { itemId } from '../announce/item-id.ts';
import { feedId } from '../announce/poll-feed.ts';
import { selectNewItems } from '../announce/select-new-items.ts';
import { fetchFeed } from '../feed/fetch-feed.ts';
import { normaliseLink } from '../feed/normalise-link.ts';
import { parseFeed } from '../feed/parse-feed.ts';
import type { Publisher } from '../publish/publisher.ts';
import { PLATFORMS, type Platform } from '../store/redis-store.ts';
import type { OperatorContext } from './operator-context.ts';

export interface PreviewItem {
  key: string;
  title: string;
  link: string;
  publishedAt?: string;
  verdict: 'new' | 'seen' | 'too old' | 'held' | 'baseline';
  reason?: string;
  posts: Record<Platform, { text: string; length: number; limit: number }>;
}

export interface PreviewResult {
  feed: string;
  items: PreviewItem[];
  rejected: Array<{ reason: string; title?: string; link?: string }>;
}

/**
 * `herald preview`: what a poll of this feed (a URL, or a file) would do, item by item, with
 * the exact text per platform and its counted length. Reads only: nothing is recorded.
 */
export async function previewFeed(
  ctx: OperatorContext,
  source: string | undefined,
  publishers: Record<Platform, Pick<Publisher, 'limits'>>,
  userAgent: string,
): Promise<PreviewResult> {
  const feed = source ?? ctx.config.feedUrls[0]!;
  const isUrl = /^https?:\/\//i.test(feed);
  let xml: string;
  if (isUrl) {
    const fetched = await fetchFeed(feed, {}, {
      timeoutMs: ctx.config.feed.timeoutMs,
      maxBytes: ctx.config.feed.maxBytes,
      maxRedirects: 5,
      allowInsecure: ctx.config.feed.allowInsecure,
      userAgent,
    });
    if (fetched.kind !== 'fetched') throw new Error(`${feed} answered 304 to an unconditional request`);
    xml = fetched.body;
  } else {
    xml = await readFile(feed, 'utf8');
  }
  const feedUrl = isUrl ? feed : `file://${feed}`;
  const now = new Date(ctx.now());
  const parsed = await parseFeed(xml, isUrl ? feed : 'https://session.foundation/', now);
  const recorded = await ctx.store.known(
    parsed.items.map((i) => i.key),
    parsed.items.map((i) => normaliseLink(i.link)),
  );
  const known = new Set<string>(recorded.identities);
  for (const item of parsed.items) {
    const owner = recorded.linkOwners.get(normaliseLink(item.link));
    if (owner !== undefined) known.add(owner === itemId(item.key) ? item.key : normaliseLink(item.link));
  }
  const state = isUrl ? await ctx.store.getFeedState(feedId(feed)) : { baselinedAt: undefined };
  const selection = selectNewItems({
    items: parsed.items,
    known,
    firstPoll: state.baselinedAt === undefined,
    backfill: ctx.config.backfill,
    now,
    maxItemAgeDays: ctx.config.maxItemAgeDays,
    officialDomains: ctx.config.officialDomains,
    burstLimit: ctx.config.burstLimit,
  });
  const limits = {} as Record<Platform, PostLimits>;
  for (const platform of PLATFORMS) limits[platform] = await publishers[platform].limits();
  const verdictOf = (item: (typeof parsed.items)[number]): Pick<PreviewItem, 'verdict' | 'reason'> => {
    if (selection.announce.includes(item)) return { verdict: 'new' };
    const held = selection.held.find((h) => h.item === item);
    if (held) return { verdict: 'held', reason: held.reason };
    if (selection.tooOld.includes(item)) return { verdict: 'too old' };
    if (selection.baseline.includes(item)) return { verdict: 'baseline', reason: 'first poll of this feed: recorded as seen, not posted' };
    return { verdict: 'seen' };
  };
  return {
    feed: feedUrl,
    rejected: parsed.rejected,
    items: parsed.items.map((item) => {
      const posts = {} as PreviewItem['posts'];
      for (const platform of PLATFORMS) {
        const composed = composePost({ title: item.title, link: item.link, footer: ctx.config[platform].footer }, limits[platform]);
        posts[platform] = { text: composed.text, length: composed.length, limit: composed.limit };
      }
      return {
        key: itemId(item.key),
        title: item.title,
        link: item.link,
        publishedAt: item.publishedAt?.toISOString(),
        ...verdictOf(item),
        posts,
      };
    }),
  };
}
