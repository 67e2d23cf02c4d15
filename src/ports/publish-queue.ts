import type { Item } from '../domain/item.ts';
import type { Reply } from '../domain/mention.ts';
import type { Platform } from '../domain/platform.ts';

export type RetryOutcome = 'retried' | 'added' | 'gone';

export interface AnnounceOptions {
  lookFirst?: boolean;
}

/**
 * The publish queues, one per platform: what the core puts on them. Jobs have deterministic
 * ids, so adding the same announcement twice is a no-op.
 */
export interface PublishQueue {
  /**
   * One announce job per (item, platform), id `announce-<item id>`. `lookFirst`: each job looks
   * for the item's link on the platform's timeline before posting (a backfilling first poll,
   * which after a Redis data loss may announce what is already there).
   */
  announce(items: Item[], platforms: readonly Platform[], options?: AnnounceOptions): Promise<void>;
  /** A manual repost with `prefix` before the title; returns its own ledger key (also its job id). */
  repost(item: Item, platform: Platform, prefix: string, now: number): Promise<string>;
  /** A reply job, id = `reply.ledgerKey`. */
  reply(platform: Platform, reply: Reply): Promise<void>;
  /** Whether a job with this id is on the platform's queue (in any state). */
  has(platform: Platform, jobId: string): Promise<boolean>;
  /**
   * Runs a failed publish again: its failed job if it is still there ('retried'), else a fresh
   * announce job for `item` ('added'), else 'gone' (nothing to run it from).
   */
  retryFailed(platform: Platform, ledgerKey: string, item: Item | undefined): Promise<RetryOutcome>;
}
