import type { Item } from '../../domain/item.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import type { ItemCatalog } from '../../ports/item-catalog.ts';
import type { PostLedger } from '../../ports/post-ledger.ts';
import { dateOf } from './check-input.ts';
import { isRetracted, postLink, xWebBase } from './post-links.ts';

export interface AnnouncementPost {
  platform: Platform;
  url: string;
  retracted: boolean;
}

export interface Announcement {
  item: Item;
  /** YYYY-MM-DD. */
  date: string;
  /** The posts Herald made for it, X first (none when a platform was a dry run or failed). */
  posts: AnnouncementPost[];
}

export interface AnnouncementPage {
  announcements: Announcement[];
  /** 1-based; `pages` is at least 1. */
  page: number;
  pages: number;
  total: number;
}

export interface ListDeps {
  items: Pick<ItemCatalog, 'announced'>;
  ledger: Pick<PostLedger, 'entries'>;
  xApiBaseUrl: string;
}

/** One page of the announcements, newest first, each with links to the posts Herald made. */
export async function listAnnouncements(deps: ListDeps, page: number, perPage: number): Promise<AnnouncementPage> {
  const { items, total } = await deps.items.announced((page - 1) * perPage, perPage);
  const xBase = xWebBase(deps.xApiBaseUrl);
  const announcements = await Promise.all(
    items.map(async (item) => {
      const entries = await deps.ledger.entries(item.id);
      const posts: AnnouncementPost[] = [];
      for (const platform of PLATFORMS) {
        const entry = entries[platform];
        const url = entry === undefined ? undefined : postLink(platform, entry, xBase);
        if (entry !== undefined && url !== undefined) posts.push({ platform, url, retracted: isRetracted(entry) });
      }
      return { item, date: dateOf(item), posts };
    }),
  );
  return { announcements, page, pages: Math.max(1, Math.ceil(total / perPage)), total };
}
