import type { ChainableCommander, Redis } from 'ioredis';
import { announcedAt, type Item } from '../../domain/item.ts';
import type { ItemCatalog } from '../../ports/item-catalog.ts';
import type { KnownItems, SeenItems } from '../../ports/seen-items.ts';
import { redisKey } from './redis-key.ts';

const parse = (raw: string) => JSON.parse(raw) as Item;

/**
 * Items in Redis: `items` (id → JSON), `identities` (identity → id), `links` (normalised link →
 * id, first claim wins), `recent` (ids by first-seen time) and `announced` (the announced ids by
 * their shown date; items recorded before it existed are added once, on the first read, and
 * `announced-indexed` marks that done).
 */
export class RedisItemStore implements SeenItems, ItemCatalog {
  readonly #redis: Redis;
  readonly #keys: { items: string; identities: string; links: string; recent: string; announced: string; announcedIndexed: string };
  #announcedIndexed = false;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    const key = (name: string) => redisKey(prefix, name);
    this.#keys = {
      items: key('items'),
      identities: key('identities'),
      links: key('links'),
      recent: key('recent'),
      announced: key('announced'),
      announcedIndexed: key('announced-indexed'),
    };
  }

  async known(identities: string[], links: string[]): Promise<KnownItems> {
    const known: KnownItems = { identities: new Set(), linkOwners: new Map() };
    if (identities.length > 0) {
      const ids = await this.#redis.hmget(this.#keys.identities, ...identities);
      identities.forEach((identity, i) => {
        if (ids[i] !== null) known.identities.add(identity);
      });
    }
    if (links.length > 0) {
      const owners = await this.#redis.hmget(this.#keys.links, ...links);
      links.forEach((link, i) => {
        const owner = owners[i];
        if (owner !== null && owner !== undefined) known.linkOwners.set(link, owner);
      });
    }
    return known;
  }

  async claimLinks(claims: Array<{ link: string; id: string }>): Promise<Set<string>> {
    const won = new Set<string>();
    if (claims.length === 0) return won;
    const tx = this.#redis.multi();
    for (const { link, id } of claims) tx.hsetnx(this.#keys.links, link, id);
    await tx.exec();
    const owners = await this.#redis.hmget(this.#keys.links, ...claims.map((c) => c.link));
    claims.forEach(({ id }, i) => {
      if (owners[i] === id) won.add(id);
    });
    return won;
  }

  async record(records: Array<{ item: Item; normalisedLink: string }>): Promise<void> {
    if (records.length === 0) return;
    const tx = this.#redis.multi();
    for (const { item, normalisedLink } of records) {
      tx.hset(this.#keys.items, item.id, JSON.stringify(item));
      tx.hset(this.#keys.identities, item.identity, item.id);
      tx.hsetnx(this.#keys.links, normalisedLink, item.id);
      tx.zadd(this.#keys.recent, Date.parse(item.firstSeenAt), item.id);
      this.#indexAnnounced(tx, item);
    }
    await tx.exec();
  }

  async get(id: string): Promise<Item | undefined> {
    const raw = await this.#redis.hget(this.#keys.items, id);
    return raw === null ? undefined : parse(raw);
  }

  async find(candidates: string[]): Promise<Item | undefined> {
    for (const candidate of candidates) {
      const direct = await this.get(candidate);
      if (direct) return direct;
      const id =
        (await this.#redis.hget(this.#keys.identities, candidate)) ?? (await this.#redis.hget(this.#keys.links, candidate));
      if (id !== null) return this.get(id);
    }
    return undefined;
  }

  async latest(count: number, filter?: (item: Item) => boolean): Promise<Item[]> {
    const ids = await this.#redis.zrevrange(this.#keys.recent, 0, filter ? 500 : count - 1);
    if (ids.length === 0) return [];
    const raws = await this.#redis.hmget(this.#keys.items, ...ids);
    const items = raws.filter((r): r is string => r !== null).map(parse);
    return (filter ? items.filter(filter) : items).slice(0, count);
  }

  async update(item: Item): Promise<void> {
    const tx = this.#redis.multi().hset(this.#keys.items, item.id, JSON.stringify(item));
    this.#indexAnnounced(tx, item);
    await tx.exec();
  }

  async announced(offset: number, count: number): Promise<{ items: Item[]; total: number }> {
    await this.#indexAnnouncedOnce();
    const [ids, total] = await Promise.all([
      this.#redis.zrevrange(this.#keys.announced, offset, offset + count - 1),
      this.#redis.zcard(this.#keys.announced),
    ]);
    if (ids.length === 0) return { items: [], total };
    const raws = await this.#redis.hmget(this.#keys.items, ...ids);
    return { items: raws.filter((r): r is string => r !== null).map(parse), total };
  }

  #indexAnnounced(tx: ChainableCommander, item: Item): void {
    if (item.status === 'announced') tx.zadd(this.#keys.announced, announcedAt(item), item.id);
    else tx.zrem(this.#keys.announced, item.id);
  }

  /** Adds the items recorded before the `announced` index existed (once per deployment; idempotent). */
  async #indexAnnouncedOnce(): Promise<void> {
    if (this.#announcedIndexed) return;
    if ((await this.#redis.exists(this.#keys.announcedIndexed)) === 0) {
      const stream = this.#redis.hscanStream(this.#keys.items, { count: 500 });
      for await (const chunk of stream as AsyncIterable<string[]>) {
        const tx = this.#redis.pipeline();
        for (let i = 1; i < chunk.length; i += 2) {
          const item = parse(chunk[i]!);
          if (item.status === 'announced') tx.zadd(this.#keys.announced, 'NX', announcedAt(item), item.id);
        }
        await tx.exec();
      }
      await this.#redis.set(this.#keys.announcedIndexed, '1');
    }
    this.#announcedIndexed = true;
  }
}
