import type { LedgerEntry } from '../domain/ledger-entry.ts';
import type { Platform } from '../domain/platform.ts';

/**
 * The ledger: one entry per (ledger key, platform), where the key is an item id, a repost id
 * or `reply-<mention id>`. Entries are built only by src/domain/ledger-entry.ts.
 */
export interface PostLedger {
  get(key: string, platform: Platform): Promise<LedgerEntry | undefined>;
  set(key: string, platform: Platform, entry: LedgerEntry): Promise<void>;
  /**
   * Writes the entry unless the current one is `retracted` (atomically, across replicas): a
   * publish that raced a retraction never brings the post back. Returns whether it wrote.
   */
  setUnlessRetracted(key: string, platform: Platform, entry: LedgerEntry): Promise<boolean>;
  /** The ledger keys of the platform that start with `prefix` (the reposts of an item). */
  keysStartingWith(platform: Platform, prefix: string): Promise<string[]>;
  /** The entry of `key` on each platform that has one. */
  entries(key: string): Promise<Partial<Record<Platform, LedgerEntry>>>;
  /**
   * The entry whose post on `platform` has the remote id `remoteId`, with its ledger key: what
   * the public check asks of a pasted post URL. An index, not a scan (years of posts).
   */
  findPost(platform: Platform, remoteId: string): Promise<LedgerPost | undefined>;
}

export interface LedgerPost {
  key: string;
  entry: LedgerEntry;
}
