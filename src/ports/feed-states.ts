import type { FeedState } from '../domain/feed-state.ts';

/** Releases a lock if it is still held by its taker. */
export type ReleaseLock = () => Promise<void>;

/** What Herald remembers of each feed, and the lock that keeps two polls of one feed apart. */
export interface FeedStates {
  /** The feed's state; a feed never polled has no failures and no validators. */
  get(feedId: string): Promise<FeedState>;
  set(feedId: string, state: FeedState): Promise<void>;
  /**
   * Takes the poll lock of a feed for `ttlMs` (across replicas); undefined when another poll
   * holds it. The lock expires by itself, so a replica dying mid-poll frees the feed.
   */
  lockPoll(feedId: string, ttlMs: number): Promise<ReleaseLock | undefined>;
}
