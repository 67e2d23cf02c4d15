import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionCursor } from '../../src/ports/mention-cursor.ts';
import { type OpenStores, STORE_FAMILIES } from './store-families.ts';

describe.each(STORE_FAMILIES)('mention cursors ($name)', (family) => {
  let open: OpenStores;
  let mentions: MentionCursor;
  beforeEach(async () => {
    open = await family.open();
    mentions = open.stores.mentions;
  });
  afterEach(() => open.close());

  it('has no cursor before the first check, then the last one set, per platform', async () => {
    expect(await mentions.get('x')).toBeUndefined();
    await mentions.set('x', '100');
    await mentions.set('x', '250');
    expect(await mentions.get('x')).toBe('250');
    expect(await mentions.get('mastodon')).toBeUndefined();
  });

  it('blocks reads of one platform until the given time', async () => {
    expect(await mentions.readsBlockedUntil('x')).toBe(0);
    const until = open.clock.now() + 60_000;
    await mentions.blockReadsUntil('x', until);
    expect(await mentions.readsBlockedUntil('x')).toBe(until);
    expect(await mentions.readsBlockedUntil('mastodon')).toBe(0);
  });
});
