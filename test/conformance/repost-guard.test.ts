import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepostGuard } from '../../src/ports/repost-guard.ts';
import { type OpenStores, STORE_FAMILIES } from './store-families.ts';

describe.each(STORE_FAMILIES)('the repost guard ($name)', (family) => {
  let open: OpenStores;
  let reposts: RepostGuard;
  beforeEach(async () => {
    open = await family.open();
    reposts = open.stores.reposts;
  });
  afterEach(() => open.close());

  it('is free once per item and platform within the window', async () => {
    expect(await reposts.claim('x', 'item', 10_000, false)).toBe(true);
    expect(await reposts.claim('x', 'item', 10_000, false)).toBe(false);
    expect(await reposts.claim('mastodon', 'item', 10_000, false)).toBe(true);
    expect(await reposts.claim('x', 'other', 10_000, false)).toBe(true);
  });

  it('frees itself after the window; force sets it again either way', async () => {
    expect(await reposts.claim('x', 'item', 30, false)).toBe(true);
    await open.letTimePass(40);
    expect(await reposts.claim('x', 'item', 10_000, true)).toBe(true);
    expect(await reposts.claim('x', 'item', 10_000, true)).toBe(false);
    expect(await reposts.claim('x', 'item', 10_000, false)).toBe(false);
  });

  it('of two racing claims, one wins', async () => {
    const claims = await Promise.all([reposts.claim('x', 'item', 10_000, false), reposts.claim('x', 'item', 10_000, false)]);
    expect(claims.sort()).toEqual([false, true]);
  });
});
