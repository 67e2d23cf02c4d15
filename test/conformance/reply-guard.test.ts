import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReplyGuard } from '../../src/ports/reply-guard.ts';
import { type OpenStores, STORE_FAMILIES } from './store-families.ts';

const HOUR = 3_600_000;

describe.each(STORE_FAMILIES)('the reply guard ($name)', (family) => {
  let open: OpenStores;
  let replies: ReplyGuard;
  const limits = (now: number, maxPerHour = 30, cooldownMs = 600_000) => ({ now, cooldownMs, maxPerHour });
  beforeEach(async () => {
    open = await family.open();
    replies = open.stores.replies;
  });
  afterEach(() => open.close());

  it('one reply per author within the cooldown, on each platform apart', async () => {
    const now = open.clock.now();
    expect(await replies.claim('x', 'alice', 'x-1', limits(now))).toBe('ok');
    expect(await replies.claim('x', 'alice', 'x-2', limits(now))).toBe('cooldown');
    expect(await replies.claim('x', 'bob', 'x-3', limits(now))).toBe('ok');
    expect(await replies.claim('mastodon', 'alice', 'mastodon-4', limits(now))).toBe('ok');
  });

  it('the cooldown ends', async () => {
    const now = open.clock.now();
    expect(await replies.claim('x', 'alice', 'x-1', limits(now, 30, 30))).toBe('ok');
    await open.letTimePass(40);
    expect(await replies.claim('x', 'alice', 'x-2', limits(open.clock.now(), 30, 30))).toBe('ok');
  });

  it('at most the cap in any hour, all platforms together; the window slides', async () => {
    const now = open.clock.now();
    expect(await replies.claim('x', 'a', 'x-1', limits(now, 2))).toBe('ok');
    expect(await replies.claim('mastodon', 'b', 'mastodon-2', limits(now + 1000, 2))).toBe('ok');
    expect(await replies.claim('x', 'c', 'x-3', limits(now + 2000, 2))).toBe('hourly-cap');
    expect(await replies.claim('x', 'c', 'x-3', limits(now + HOUR + 1, 2))).toBe('ok');
  });

  it('a cap of 0 turns replies off', async () => {
    expect(await replies.claim('x', 'a', 'x-1', limits(open.clock.now(), 0))).toBe('hourly-cap');
  });

  it('of claims racing for the last reply of the hour, exactly one wins', async () => {
    const now = open.clock.now();
    const claims = await Promise.all(['a', 'b', 'c', 'd'].map((author, i) => replies.claim('x', author, `x-${i}`, limits(now, 1))));
    expect(claims.filter((c) => c === 'ok')).toHaveLength(1);
    expect(claims.filter((c) => c === 'hourly-cap')).toHaveLength(3);
  });
});
