import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlatformState } from '../../src/ports/platform-state.ts';
import { type OpenStores, STORE_FAMILIES } from './store-families.ts';

describe.each(STORE_FAMILIES)('platform pauses and rate limits ($name)', (family) => {
  let open: OpenStores;
  let platforms: PlatformState;
  beforeEach(async () => {
    open = await family.open();
    platforms = open.stores.platforms;
  });
  afterEach(() => open.close());

  it('keeps a pause per platform until it is lifted', async () => {
    expect(await platforms.pauseOf('x')).toBeUndefined();
    await platforms.setPause('x', { reason: 'incident 42', since: 1000, by: 'cli' });
    expect(await platforms.pauseOf('x')).toEqual({ reason: 'incident 42', since: 1000, by: 'cli' });
    expect(await platforms.pauseOf('mastodon')).toBeUndefined();
    await platforms.setPause('x', undefined);
    expect(await platforms.pauseOf('x')).toBeUndefined();
  });

  it('remembers a rate limit until it has passed', async () => {
    const until = open.clock.now() + 30;
    await platforms.setRateLimitedUntil('mastodon', until);
    expect(await platforms.rateLimitedUntil('mastodon')).toBe(until);
    expect(await platforms.rateLimitedUntil('x')).toBeUndefined();
    await open.letTimePass(40);
    expect(await platforms.rateLimitedUntil('mastodon')).toBeUndefined();
  });
});
