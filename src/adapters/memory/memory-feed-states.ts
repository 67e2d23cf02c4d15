import { type FeedState, NEW_FEED_STATE } from '../../domain/feed-state.ts';
import type { Clock } from '../../ports/clock.ts';
import type { FeedStates, ReleaseLock } from '../../ports/feed-states.ts';
import { copyValue } from './copy-value.ts';
import { ExpiringMap } from './expiring-map.ts';

export class MemoryFeedStates implements FeedStates {
  readonly #states = new Map<string, FeedState>();
  readonly #locks: ExpiringMap<symbol>;

  constructor(clock: Clock) {
    this.#locks = new ExpiringMap(clock);
  }

  async get(feedId: string): Promise<FeedState> {
    return copyValue(this.#states.get(feedId) ?? NEW_FEED_STATE);
  }

  async set(feedId: string, state: FeedState): Promise<void> {
    this.#states.set(feedId, copyValue(state));
  }

  async lockPoll(feedId: string, ttlMs: number): Promise<ReleaseLock | undefined> {
    if (this.#locks.has(feedId)) return undefined;
    const token = Symbol(feedId);
    this.#locks.set(feedId, token, ttlMs);
    return async () => {
      if (this.#locks.get(feedId) === token) this.#locks.delete(feedId);
    };
  }
}
