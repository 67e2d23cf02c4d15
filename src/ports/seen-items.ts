import type { Item } from '../domain/item.ts';

/** What a poll learns from the items already recorded. */
export interface KnownItems {
  /** The identities already recorded. */
  identities: Set<string>;
  /** For each normalised link already recorded, the id of the item that owns it. */
  linkOwners: Map<string, string>;
}

/** The items a poll has seen, so each is announced once whichever feed carries it. */
export interface SeenItems {
  /** What is already recorded of these identities and normalised links. */
  known(identities: string[], links: string[]): Promise<KnownItems>;
  /**
   * Claims each normalised link for an item id, atomically: when two feeds carry the same post
   * and are polled at once, only one of them announces it. Returns the ids whose claim holds
   * (newly made, or already theirs from an interrupted poll).
   */
  claimLinks(claims: Array<{ link: string; id: string }>): Promise<Set<string>>;
  /** Records items as seen (all or nothing), each with its normalised link. */
  record(records: Array<{ item: Item; normalisedLink: string }>): Promise<void>;
}
