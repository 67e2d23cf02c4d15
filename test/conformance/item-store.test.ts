import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisStores } from '../../src/adapters/redis/create-redis-stores.ts';
import { systemClock } from '../../src/adapters/system-clock.ts';
import type { Item } from '../../src/domain/item.ts';
import type { Stores } from '../../src/ports/stores.ts';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../helpers/redis-prefix.ts';
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

  it('lists the announced items newest first by their shown date, a page at a time, with the total', async () => {
    const dated = (n: number, publishedAt?: string, status: Item['status'] = 'announced') => item(n, { publishedAt, status });
    await items.record(
      [
        dated(1, '2026-03-01T00:00:00.000Z'),
        dated(2), // no feed date: first seen on 2026-01-01 00:02
        dated(3, '2026-02-01T00:00:00.000Z'),
        dated(4, '2026-04-01T00:00:00.000Z', 'baseline'),
        dated(5, '2026-05-01T00:00:00.000Z', 'held'),
      ].map(record),
    );
    const first = await items.announced(0, 2);
    expect(first.items.map((i) => i.id)).toEqual(['id1', 'id3']);
    expect(first.total).toBe(3);
    expect((await items.announced(2, 2)).items.map((i) => i.id)).toEqual(['id2']);
    expect((await items.announced(4, 2)).items).toEqual([]);
  });

  it('follows status changes: an approved item joins the list, a rejected one never shows', async () => {
    const held = item(1, { status: 'held' });
    await items.record([record(held), record(item(2, { status: 'held' }))]);
    expect((await items.announced(0, 10)).total).toBe(0);
    await items.update({ ...held, status: 'announced' });
    await items.update({ ...item(2), status: 'rejected' });
    const listed = await items.announced(0, 10);
    expect(listed.items.map((i) => [i.id, i.status])).toEqual([['id1', 'announced']]);
    expect(listed.total).toBe(1);
  });
});

describe('the item store in Redis, written before the announced index existed', () => {
  it('lists the old announced items on the first read', async () => {
    const prefix = testPrefix();
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const old = item(1);
      await redis.hset(`${prefix}:items`, old.id, JSON.stringify(old), 'id2', JSON.stringify(item(2, { status: 'baseline' })));
      const store = createRedisStores(redis, prefix, systemClock).items;
      expect(await store.announced(0, 10)).toEqual({ items: [old], total: 1 });
    } finally {
      redis.disconnect();
      await cleanupPrefix(prefix);
    }
  });
});
