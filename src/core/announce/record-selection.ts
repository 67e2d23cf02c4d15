import type { Logger } from 'pino';
import type { Config } from '../../../config/load-config.ts';
import type { Item, ItemStatus } from '../../domain/item.ts';
import type { Platform } from '../../domain/platform.ts';
import { normaliseLink } from '../feed/normalise-link.ts';
import type { FeedItem } from '../feed/parse-feed.ts';
import type { Metrics } from '../../ports/metrics.ts';
import type { PublishQueue } from '../../ports/publish-queue.ts';
import type { SeenItems } from '../../ports/seen-items.ts';
import { itemId } from './item-id.ts';
import { selectNewItems } from './select-new-items.ts';

export interface SelectionDeps {
  config: Pick<Config, 'backfill' | 'maxItemAgeDays' | 'officialChannels' | 'burstLimit'>;
  items: SeenItems;
  queue: Pick<PublishQueue, 'announce'>;
  metrics: Metrics;
  log: Logger;
  now: number;
  platforms: readonly Platform[];
}

export interface RecordedSelection {
  announced: Item[];
  held: Item[];
  tooOld: number;
  baseline: number;
}

function toItem(item: FeedItem, now: number, status: ItemStatus, hold?: { reason: string; detail?: string }): Item {
  return {
    id: itemId(item.key),
    identity: item.key,
    guid: item.guid,
    title: item.title,
    link: item.link,
    description: item.description,
    imageUrl: item.imageUrl,
    feedUrl: item.feedUrl,
    publishedAt: item.publishedAt?.toISOString(),
    firstSeenAt: new Date(now).toISOString(),
    status,
    holdReason: hold?.reason,
    holdDetail: hold?.detail,
  };
}

/** Known: the identity was recorded, or the link belongs to another item (another feed). */
async function knownKeys(parsed: FeedItem[], items: SeenItems): Promise<Set<string>> {
  const recorded = await items.known(
    parsed.map((item) => item.key),
    parsed.map((item) => normaliseLink(item.link)),
  );
  const known = new Set<string>(recorded.identities);
  for (const item of parsed) {
    const link = normaliseLink(item.link);
    const owner = recorded.linkOwners.get(link);
    if (owner !== undefined && owner !== itemId(item.key)) known.add(link);
  }
  return known;
}

/**
 * Decides what of a parsed feed is new, claims the links of what goes out (so the same post
 * in two feeds goes out once), puts it on the queues and then records every item as seen.
 */
export async function recordSelection(parsed: FeedItem[], firstPoll: boolean, deps: SelectionDeps): Promise<RecordedSelection> {
  const { config, now } = deps;
  const selection = selectNewItems({
    items: parsed,
    known: await knownKeys(parsed, deps.items),
    firstPoll,
    backfill: config.backfill,
    now: new Date(now),
    maxItemAgeDays: config.maxItemAgeDays,
    officialChannels: config.officialChannels,
    burstLimit: config.burstLimit,
  });
  const candidates = selection.announce.map((item) => toItem(item, now, 'announced'));
  const claimed = await deps.items.claimLinks(candidates.map((r) => ({ link: normaliseLink(r.link), id: r.id })));
  const announced = candidates.filter((r) => claimed.has(r.id));
  const duplicates = candidates.filter((r) => !claimed.has(r.id)).map((r) => ({ ...r, status: 'duplicate' as const }));
  const held = selection.held.map(({ item, reason, detail }) => toItem(item, now, 'held', { reason, detail }));
  // A backfilling first poll may follow a Redis data loss: each job looks on the timeline first.
  await deps.queue.announce(announced, deps.platforms, { lookFirst: firstPoll });
  const all = [
    ...announced,
    ...duplicates,
    ...held,
    ...selection.tooOld.map((item) => toItem(item, now, 'too-old')),
    ...selection.baseline.map((item) => toItem(item, now, 'baseline')),
  ];
  await deps.items.record(all.map((item) => ({ item, normalisedLink: normaliseLink(item.link) })));
  reportSelection(parsed.length, firstPoll, announced, held, deps);
  return { announced, held, tooOld: selection.tooOld.length, baseline: selection.baseline.length };
}

function reportSelection(found: number, firstPoll: boolean, announced: Item[], held: Item[], deps: SelectionDeps): void {
  const { log } = deps;
  for (const item of held) {
    deps.metrics.itemsHeldTotal.inc({ reason: item.holdReason ?? 'unknown' });
    log.warn(
      { itemKey: item.id, link: item.link, reason: item.holdReason, detail: item.holdDetail },
      `item held for approval (${item.holdReason}${item.holdDetail === undefined ? '' : `: ${item.holdDetail}`}): run "herald approve ${item.id}" or "herald reject ${item.id}"`,
    );
  }
  if (found === 0) log.warn('the feed has no items: nothing recorded (an empty feed never means "all posts deleted")');
  if (firstPoll && found > 0) {
    log.info({ items: found, backfill: announced.length }, 'first poll of this feed: existing items recorded as seen');
  }
  if (announced.length > 0) {
    log.info({ items: announced.map((r) => ({ itemKey: r.id, title: r.title })) }, `${announced.length} new item(s) queued`);
  }
}
