import type { OfficialChannels } from '../../../config/official-channels.ts';
import type { HoldReason } from '../../domain/hold-reason.ts';
import { normaliseLink } from '../feed/normalise-link.ts';
import type { FeedItem } from '../feed/parse-feed.ts';
import { findTextHazards } from './find-text-hazards.ts';
import { isOfficialLink } from './is-official-link.ts';

export interface Selection {
  /** New items to put on the publish queues. */
  announce: FeedItem[];
  /** New items that wait for an operator. */
  held: Array<{ item: FeedItem; reason: HoldReason; detail?: string }>;
  /** New items older than the age limit: recorded as seen, never posted. */
  tooOld: FeedItem[];
  /** On a feed's first poll: recorded as seen, never posted. */
  baseline: FeedItem[];
}

export interface SelectionInput {
  items: FeedItem[];
  /** Item identities and normalised links Herald has already recorded, from any feed. */
  known: ReadonlySet<string>;
  /** True until the feed's first successful, non-empty poll has been recorded. */
  firstPoll: boolean;
  /** On the first poll, how many of the newest items to announce anyway. */
  backfill: number;
  now: Date;
  maxItemAgeDays: number;
  /** The registry (with OFFICIAL_DOMAINS applied): what the verifier calls official may go out unreviewed. */
  officialChannels: OfficialChannels;
  burstLimit: number;
}

/**
 * Why an item must wait for a human, burst aside, if it must: its link is off the
 * official channels, or its title or summary carries a link, an account or a footer imitation
 * that is not official (the first found is the reason; the footer imitation first).
 */
function holdOf(item: FeedItem, channels: OfficialChannels): { reason: HoldReason; detail?: string } | undefined {
  if (!isOfficialLink(item.link, channels)) return { reason: 'offsite-link', detail: 'the link is not on an official channel' };
  const hazards = [
    ...findTextHazards(item.writtenTitle ?? item.title, 'title', channels),
    ...(item.summary === undefined ? [] : findTextHazards(item.summary, 'summary', channels)),
  ];
  const first = hazards.find((h) => h.reason === 'footer-like-text') ?? hazards[0];
  return first === undefined ? undefined : { reason: first.reason, detail: first.detail };
}

function newestFirst(items: FeedItem[]): FeedItem[] {
  if (!items.every((item) => item.publishedAt !== undefined)) return items;
  return [...items].sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime());
}

/**
 * Decides what a poll announces. Identity is the item key (normalised guid, else link) and
 * also the normalised link, so the same post in two feeds goes out once; dates never decide
 * identity. The first poll of a feed is a baseline: everything is recorded, nothing posted
 * (but `backfill`). Items too old are recorded and skipped; items whose link is off the
 * official channels, whose title or summary links elsewhere or imitates the scam warning, or
 * every new item when more than `burstLimit` appear at once (a re-keyed or hijacked feed makes
 * old posts look new), are held for a human.
 */
export function selectNewItems(input: SelectionInput): Selection {
  const selection: Selection = { announce: [], held: [], tooOld: [], baseline: [] };
  const inThisPoll = new Set<string>();
  const fresh = input.items.filter((item) => {
    const link = normaliseLink(item.link);
    const isKnown =
      input.known.has(item.key) || input.known.has(link) || inThisPoll.has(link) || inThisPoll.has(item.key);
    inThisPoll.add(item.key);
    inThisPoll.add(link);
    return !isKnown;
  });

  let candidates = fresh;
  if (input.firstPoll) {
    const ordered = newestFirst(fresh);
    candidates = ordered.slice(0, input.backfill);
    selection.baseline = ordered.slice(input.backfill);
  }

  const oldest = input.now.getTime() - input.maxItemAgeDays * 86_400_000;
  const recent: FeedItem[] = [];
  for (const item of candidates) {
    if (item.publishedAt !== undefined && item.publishedAt.getTime() < oldest) {
      selection.tooOld.push(item);
    } else {
      recent.push(item);
    }
  }

  if (!input.firstPoll && recent.length > input.burstLimit) {
    // Each keeps its own reason when it has one: a scam in a burst must not hide behind "burst".
    for (const item of recent) selection.held.push({ item, ...(holdOf(item, input.officialChannels) ?? { reason: 'burst' }) });
    return selection;
  }
  for (const item of recent) {
    const hold = holdOf(item, input.officialChannels);
    if (hold === undefined) selection.announce.push(item);
    else selection.held.push({ item, ...hold });
  }
  return selection;
}
