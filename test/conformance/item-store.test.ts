import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/item.ts';
import type { Stores } from '../../src/ports/stores.ts';
import { type OpenStores, STORE_FAMILIES } from './store-families.ts';

const item = (n: number, overrides: Partial<Item> = {}): Item => ({
  id: `id${n}`,
  identity: `https://session.foundation/blog/${n}`,
  title: `Post ${n}`,
  link: `https://session.foundation/blog/${n}`,
  feedUrl: 'https://session.foundation/rss.xml',
  firstSeenAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  status: 'announced',
  ...overrides,
});
const record = (i: Item) => ({ item: i, normalisedLink: i.link });

describe.each(STORE_FAMILIES)('seen items and the item catalog ($name)', (family) => {
  let open: OpenStores;
  let items: Stores['items'];
  beforeEach(async () => {
    open = await family.open();
    items = open.stores.items;
  });
  afterEach(() => open.close());

  it('knows nothing at first, then the identities and link owners recorded', async () => {
    const empty = await items.known([item(1).identity], [item(1).link]);
    expect([...empty.identities]).toEqual([]);
    expect([...empty.linkOwners]).toEqual([]);
    await items.record([record(item(1))]);
    const known = await items.known([item(1).identity, item(2).identity], [item(1).link, item(2).link]);
    expect([...known.identities]).toEqual([item(1).identity]);
    expect([...known.linkOwners]).toEqual([[item(1).link, 'id1']]);
  });

  it('gives a link to its first claimant only, and confirms a claim already held', async () => {
    const first = await items.claimLinks([{ link: 'https://session.foundation/a', id: 'rss-item' }]);
    const second = await items.claimLinks([{ link: 'https://session.foundation/a', id: 'atom-item' }]);
    const again = await items.claimLinks([{ link: 'https://session.foundation/a', id: 'rss-item' }]);
    expect([...first]).toEqual(['rss-item']);
    expect([...second]).toEqual([]);
    expect([...again]).toEqual(['rss-item']);
  });

  it('recording keeps the link of its first owner', async () => {
    await items.record([record(item(1))]);
    await items.record([{ item: item(2), normalisedLink: item(1).link }]);
    expect((await items.known([], [item(1).link])).linkOwners.get(item(1).link)).toBe('id1');
  });

  it('finds an item by id, identity or link, in the order the candidates are given', async () => {
    await items.record([record(item(1, { identity: 'guid-1' })), record(item(2))]);
    expect((await items.get('id1'))?.title).toBe('Post 1');
    expect(await items.get('nope')).toBeUndefined();
    expect((await items.find(['guid-1']))?.id).toBe('id1');
    expect((await items.find([item(2).link]))?.id).toBe('id2');
    expect((await items.find(['nothing', 'id2']))?.id).toBe('id2');
    expect(await items.find(['nothing', 'else'])).toBeUndefined();
  });

  it('lists the latest items newest first, filtered when asked', async () => {
    await items.record([1, 2, 3, 4].map((n) => record(item(n, { status: n % 2 === 0 ? 'held' : 'announced' }))));
    expect((await items.latest(2)).map((i) => i.id)).toEqual(['id4', 'id3']);
    expect((await items.latest(10, (i) => i.status === 'held')).map((i) => i.id)).toEqual(['id4', 'id2']);
    expect(await items.latest(5, () => false)).toEqual([]);
  });

  it('updates an item in place, and hands out copies', async () => {
    await items.record([record(item(1, { status: 'held', holdReason: 'burst' }))]);
    const read = (await items.get('id1'))!;
    read.title = 'changed by the caller';
    await items.update({ ...item(1), status: 'rejected' });
    const updated = await items.get('id1');
    expect(updated?.status).toBe('rejected');
    expect(updated?.title).toBe('Post 1');
    expect(updated?.holdReason).toBeUndefined();
  });
});
