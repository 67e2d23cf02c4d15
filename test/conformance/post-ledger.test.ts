import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisStores } from '../../src/adapters/redis/create-redis-stores.ts';
import { systemClock } from '../../src/adapters/system-clock.ts';
import { markPosted, markRetracted, startAttempt } from '../../src/domain/ledger-entry.ts';
import type { PostLedger } from '../../src/ports/post-ledger.ts';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../helpers/redis-prefix.ts';
import { type OpenStores, STORE_FAMILIES } from './store-families.ts';

describe.each(STORE_FAMILIES)('the post ledger ($name)', (family) => {
  let open: OpenStores;
  let ledger: PostLedger;
  beforeEach(async () => {
    open = await family.open();
    ledger = open.stores.ledger;
  });
  afterEach(() => open.close());

  it('keeps one entry per key and platform', async () => {
    expect(await ledger.get('item', 'x')).toBeUndefined();
    await ledger.set('item', 'x', startAttempt('text', 1000));
    await ledger.set('item', 'mastodon', markPosted('text', { remoteId: 'm1', url: 'https://m/1' }, 2000));
    expect(await ledger.get('item', 'x')).toEqual({ state: 'pending', text: 'text', attemptedAt: 1000, updatedAt: 1000 });
    expect((await ledger.get('item', 'mastodon'))?.remoteId).toBe('m1');
    expect(await ledger.get('other', 'x')).toBeUndefined();
  });

  it('replaces an entry, dropping fields the new one does not have', async () => {
    await ledger.set('item', 'x', startAttempt('text', 1000));
    await ledger.set('item', 'x', markPosted('text', { remoteId: '42' }, 3000));
    expect(await ledger.get('item', 'x')).toEqual({ state: 'posted', text: 'text', remoteId: '42', updatedAt: 3000 });
  });

  it('lists the entries of a key on every platform that has one', async () => {
    await ledger.set('item', 'mastodon', startAttempt('text', 1000));
    expect(Object.keys(await ledger.entries('item'))).toEqual(['mastodon']);
    expect(await ledger.entries('unknown')).toEqual({});
  });

  it('finds a post by its remote id on its own platform only', async () => {
    await ledger.set('item-a', 'x', markPosted('text', { remoteId: '1001', url: 'https://x.com/i/status/1001' }, 1000));
    await ledger.set('reply-77', 'mastodon', markPosted('text', { remoteId: '1001', url: 'https://m.example/@s/1001' }, 1000));
    expect(await ledger.findPost('x', '1001')).toEqual({ key: 'item-a', entry: expect.objectContaining({ state: 'posted', remoteId: '1001' }) });
    expect((await ledger.findPost('mastodon', '1001'))?.key).toBe('reply-77');
    expect(await ledger.findPost('x', '1002')).toBeUndefined();
    expect(await ledger.findPost('x', 'item-a')).toBeUndefined();
  });

  it('finds a post written through setUnlessRetracted (the publish path)', async () => {
    expect(await ledger.setUnlessRetracted('item-b', 'x', markPosted('text', { remoteId: '3003' }, 1000))).toBe(true);
    expect((await ledger.findPost('x', '3003'))?.key).toBe('item-b');
  });

  it('no longer finds a post once its entry names another one', async () => {
    await ledger.set('item-a', 'x', markPosted('text', { remoteId: '1001' }, 1000));
    await ledger.set('item-a', 'x', markPosted('text', { remoteId: '1002' }, 2000));
    expect(await ledger.findPost('x', '1001')).toBeUndefined();
    expect((await ledger.findPost('x', '1002'))?.key).toBe('item-a');
  });
  it('never overwrites a retracted entry through setUnlessRetracted, and writes any other', async () => {
    expect(await ledger.setUnlessRetracted('item', 'x', startAttempt('text', 1000))).toBe(true);
    expect(await ledger.setUnlessRetracted('item', 'x', markPosted('text', { remoteId: '1' }, 2000))).toBe(true);
    expect((await ledger.get('item', 'x'))?.state).toBe('posted');
    await ledger.set('item', 'x', markRetracted(await ledger.get('item', 'x'), { by: 'cli alice@host', at: 3000, reason: 'wrong link' }, 3000));
    expect(await ledger.setUnlessRetracted('item', 'x', markPosted('text', { remoteId: '2' }, 4000))).toBe(false);
    expect(await ledger.get('item', 'x')).toEqual({
      state: 'retracted',
      text: 'text',
      remoteId: '1',
      retraction: { by: 'cli alice@host', at: 3000, reason: 'wrong link' },
      updatedAt: 3000,
    });
    expect(await ledger.setUnlessRetracted('item', 'mastodon', startAttempt('text', 1000))).toBe(true);
  });

  it('lists the keys of a platform by prefix (the reposts of an item), glob characters taken literally', async () => {
    await ledger.set('repost-abc-1', 'x', startAttempt('t', 1));
    await ledger.set('repost-abc-2', 'x', startAttempt('t', 2));
    await ledger.set('repost-abd-3', 'x', startAttempt('t', 3));
    await ledger.set('repost-abc-4', 'mastodon', startAttempt('t', 4));
    await ledger.set('repost-a*c-5', 'x', startAttempt('t', 5));
    expect((await ledger.keysStartingWith('x', 'repost-abc-')).sort()).toEqual(['repost-abc-1', 'repost-abc-2']);
    expect(await ledger.keysStartingWith('x', 'repost-a*')).toEqual(['repost-a*c-5']);
    expect(await ledger.keysStartingWith('mastodon', 'repost-zzz-')).toEqual([]);
  });
});

describe('the post ledger in Redis, written before the post index existed', () => {
  it('indexes the old entries on the first lookup', async () => {
    const prefix = testPrefix();
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const entry = markPosted('text', { remoteId: '5005', url: 'https://x.com/i/status/5005' }, 1000);
      // As an older Herald wrote it: the ledger hash only.
      await redis.hset(`${prefix}:ledger:x`, 'old-item', JSON.stringify(entry), 'pending-item', JSON.stringify(startAttempt('t', 1)));
      const ledger = createRedisStores(redis, prefix, systemClock).ledger;
      expect(await ledger.findPost('x', '5005')).toEqual({ key: 'old-item', entry });
      expect(await ledger.findPost('x', '5006')).toBeUndefined();
    } finally {
      redis.disconnect();
      await cleanupPrefix(prefix);
    }
  });
});
