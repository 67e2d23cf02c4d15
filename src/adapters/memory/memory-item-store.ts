import { announcedAt, type Item } from '../../domain/item.ts';
import type { ItemCatalog } from '../../ports/item-catalog.ts';
import type { KnownItems, SeenItems } from '../../ports/seen-items.ts';
import { copyValue } from './copy-value.ts';

/** Items in memory, with the same semantics as the Redis store (first link claim wins). */
export class MemoryItemStore implements SeenItems, ItemCatalog {
  readonly #items = new Map<string, Item>();
  readonly #identities = new Map<string, string>();
  readonly #links = new Map<string, string>();
  readonly #recent = new Map<string, number>();

  async known(identities: string[], links: string[]): Promise<KnownItems> {
    const known: KnownItems = { identities: new Set(), linkOwners: new Map() };
    for (const identity of identities) if (this.#identities.has(identity)) known.identities.add(identity);
    for (const link of links) {
      const owner = this.#links.get(link);
      if (owner !== undefined) known.linkOwners.set(link, owner);
    }
    return known;
  }

  async claimLinks(claims: Array<{ link: string; id: string }>): Promise<Set<string>> {
    const won = new Set<string>();
    for (const { link, id } of claims) {
      if (!this.#links.has(link)) this.#links.set(link, id);
      if (this.#links.get(link) === id) won.add(id);
    }
    return won;
  }

  async record(records: Array<{ item: Item; normalisedLink: string }>): Promise<void> {
    for (const { item, normalisedLink } of records) {
      this.#items.set(item.id, copyValue(item));
      this.#identities.set(item.identity, item.id);
      if (!this.#links.has(normalisedLink)) this.#links.set(normalisedLink, item.id);
      this.#recent.set(item.id, Date.parse(item.firstSeenAt));
    }
  }

  async get(id: string): Promise<Item | undefined> {
    const item = this.#items.get(id);
    return item && copyValue(item);
  }

  async find(candidates: string[]): Promise<Item | undefined> {
    for (const candidate of candidates) {
      const direct = await this.get(candidate);
      if (direct) return direct;
      const id = this.#identities.get(candidate) ?? this.#links.get(candidate);
      if (id !== undefined) return this.get(id);
    }
    return undefined;
  }

  async latest(count: number, filter?: (item: Item) => boolean): Promise<Item[]> {
    // Newest first; ties in reverse id order, as Redis's ZREVRANGE orders equal scores.
    const ids = [...this.#recent.entries()]
      .sort(([a, at], [b, bt]) => bt - at || (a < b ? 1 : a > b ? -1 : 0))
      .map(([id]) => id)
      .slice(0, filter ? 501 : count);
    const items = ids.map((id) => copyValue(this.#items.get(id)!)).filter(Boolean);
    return (filter ? items.filter(filter) : items).slice(0, count);
  }

  async update(item: Item): Promise<void> {
    this.#items.set(item.id, copyValue(item));
  }

  async announced(offset: number, count: number): Promise<{ items: Item[]; total: number }> {
    // Newest first; ties in reverse id order, as Redis's ZREVRANGE orders equal scores.
    const all = [...this.#items.values()]
      .filter((item) => item.status === 'announced')
      .sort((a, b) => announcedAt(b) - announcedAt(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return { items: all.slice(offset, offset + count).map(copyValue), total: all.length };
  }
}
