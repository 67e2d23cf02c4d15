import type { Item } from '../domain/item.ts';

/** The recorded items as operators look them up (status, repost, approve, retry). */
export interface ItemCatalog {
  get(id: string): Promise<Item | undefined>;
  /** The first item matching a candidate, tried in order, as an id, an identity (guid) or a normalised link. */
  find(candidates: string[]): Promise<Item | undefined>;
  /** The most recently seen items, newest first; with `filter`, among the latest 500. */
  latest(count: number, filter?: (item: Item) => boolean): Promise<Item[]>;
  /** Replaces a recorded item (a held item approved or rejected). */
  update(item: Item): Promise<void>;
  /**
   * The items Herald announced (status `announced`), newest first by their shown date
   * (`announcedAt`), `count` from `offset`, and how many there are: the public page's list. An
   * index, so any page costs the same however many years of posts there are.
   */
  announced(offset: number, count: number): Promise<{ items: Item[]; total: number }>;
}
