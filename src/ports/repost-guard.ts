import type { Platform } from '../domain/platform.ts';

/** Keeps a double click (or two operators) from reposting an item twice. */
export interface RepostGuard {
  /**
   * Marks a repost of the item on the platform for `windowMs`. Returns whether the mark was
   * free (atomic: of two racing claims one wins). With `force` the mark is set either way.
   */
  claim(platform: Platform, itemId: string, windowMs: number, force: boolean): Promise<boolean>;
}
