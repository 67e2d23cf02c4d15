import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedStates } from '../../src/ports/feed-states.ts';
import { type OpenStores, STORE_FAMILIES } from './store-families.ts';

describe.each(STORE_FAMILIES)('feed states and the poll lock ($name)', (family) => {
  let open: OpenStores;
  let feeds: FeedStates;
  beforeEach(async () => {
    open = await family.open();
    feeds = open.stores.feeds;
  });
  afterEach(() => open.close());

  it('a feed never polled has no failures; a state is kept per feed', async () => {
    expect(await feeds.get('feed-a')).toEqual({ consecutiveFailures: 0 });
    await feeds.set('feed-a', { consecutiveFailures: 2, etag: '"v1"', lastError: 'timeout' });
    expect(await feeds.get('feed-a')).toEqual({ consecutiveFailures: 2, etag: '"v1"', lastError: 'timeout' });
    expect(await feeds.get('feed-b')).toEqual({ consecutiveFailures: 0 });
  });

  it('keeps the floors a feed set (max-age, Retry-After) and forgets them when set without', async () => {
    const paced = { consecutiveFailures: 1, nextAttemptAt: 1_000, freshUntil: 2_000, retryAfterUntil: 3_000 };
    await feeds.set('feed-a', paced);
    expect(await feeds.get('feed-a')).toEqual(paced);
    await feeds.set('feed-a', { consecutiveFailures: 0, freshUntil: undefined, retryAfterUntil: undefined });
    expect(await feeds.get('feed-a')).toEqual({ consecutiveFailures: 0 });
  });

  it('one poll lock per feed; released, it can be taken again', async () => {
    const release = await feeds.lockPoll('feed-a', 10_000);
    expect(release).toBeDefined();
    expect(await feeds.lockPoll('feed-a', 10_000)).toBeUndefined();
    expect(await feeds.lockPoll('feed-b', 10_000)).toBeDefined();
    await release!();
    expect(await feeds.lockPoll('feed-a', 10_000)).toBeDefined();
  });

  it('an expired lock frees the feed, and its late release does not free the next holder', async () => {
    const stale = await feeds.lockPoll('feed-a', 30);
    await open.letTimePass(40);
    const next = await feeds.lockPoll('feed-a', 10_000);
    expect(next).toBeDefined();
    await stale!();
    expect(await feeds.lockPoll('feed-a', 10_000)).toBeUndefined();
  });
});
