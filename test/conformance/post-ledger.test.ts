import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markPosted, startAttempt } from '../../src/domain/ledger-entry.ts';
import type { PostLedger } from '../../src/ports/post-ledger.ts';
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
});
