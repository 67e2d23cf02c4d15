import type { Retraction } from './ledger-entry.ts';

/** Where an item stands: announced, or why it was recorded without being posted (or taken back). */
export type ItemStatus = 'announced' | 'baseline' | 'too-old' | 'held' | 'rejected' | 'duplicate' | 'retracted';

/** What Herald knows of one feed item (stored as seen; the operator tools read it back). */
export interface Item {
  /** Short stable id derived from the identity: the item key of `herald status`. */
  id: string;
  /** Identity: normalised guid, else normalised link. */
  identity: string;
  guid?: string;
  title: string;
  link: string;
  /** Plain-text summary from the feed, for link cards (items recorded before it was kept have none). */
  description?: string;
  /** The feed's image for the item, for link cards (used only from an official domain). */
  imageUrl?: string;
  feedUrl: string;
  publishedAt?: string;
  firstSeenAt: string;
  status: ItemStatus;
  holdReason?: string;
  /** Set by `herald retract`: the item is never announced or reposted again. */
  retraction?: Retraction;
  /** Words saying what made it held (what the title or summary carries), for status and logs. */
  holdDetail?: string;
  /** When an operator released it (`herald approve`): the links it carries were reviewed by a human. */
  approvedAt?: string;
}

/** The date an item is shown and ordered by: the feed's, else when Herald first saw it (ms). */
export function announcedAt(item: Item): number {
  const published = item.publishedAt === undefined ? Number.NaN : Date.parse(item.publishedAt);
  return Number.isNaN(published) ? Date.parse(item.firstSeenAt) : published;
}
