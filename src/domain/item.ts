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
  feedUrl: string;
  publishedAt?: string;
  firstSeenAt: string;
  status: ItemStatus;
  holdReason?: string;
  /** Set by `herald retract`: the item is never announced or reposted again. */
  retraction?: Retraction;
}
