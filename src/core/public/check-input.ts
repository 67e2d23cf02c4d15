import type { OfficialChannels } from '../../../config/official-channels.ts';
import { announcedAt, type Item } from '../../domain/item.ts';
import type { Platform } from '../../domain/platform.ts';
import type { ItemCatalog } from '../../ports/item-catalog.ts';
import type { LedgerPost, PostLedger } from '../../ports/post-ledger.ts';
import { parseSubject } from '../mentions/parse-subject.ts';
import type { Verdict } from '../mentions/verdict.ts';
import { verifySubject } from '../mentions/verify-subject.ts';
import { type PostUrl, parsePostUrl } from './parse-post-url.ts';
import { isRealPost, isRetracted, itemIdOfLedgerKey, postLink, xWebBase } from './post-links.ts';

export interface CheckDeps {
  channels: OfficialChannels;
  ledger: Pick<PostLedger, 'findPost'>;
  items: Pick<ItemCatalog, 'get'>;
  /** X_API_BASE_URL: where X posts are shown (see `xWebBase`). */
  xApiBaseUrl: string;
}

/** What the public check answers about one pasted link, handle or post URL. */
export type CheckAnswer =
  | { kind: 'empty' }
  /** A link or handle: exactly what `herald verify` decides. */
  | { kind: 'verdict'; verdict: Verdict }
  /** A post Herald made announcing `item` (retracted since, if `retracted`). */
  | { kind: 'announcement'; platform: Platform; item: Item; date: string; postUrl: string | undefined; retracted: boolean }
  /** A post by an official account that is not one of the announcements. */
  | { kind: 'official-account'; platform: Platform; reason: string };

export const CHECK_REASON = {
  announcement: 'a post Herald made for this announcement',
  ownPost: 'a post Herald made from the official account that is not an announcement (a reply, for instance)',
  xAccount: 'the link names an official account, and Herald made no announcement with this post id: on X, the name in a link does not prove who wrote the post, so check the author shown on it',
  mastodonAccount: 'a post of an official Mastodon account, not one of the announcements',
} as const;

/** Longest input checked (bytes of UTF-8): the page refuses longer ones. */
export const MAX_CHECK_INPUT_BYTES = 2048;

/**
 * The public "is this official?" answer. A link or handle gets `herald verify`'s verdict. A post
 * URL is an announcement only when the ledger holds that post id on that platform (on Mastodon,
 * on the same server and account as the post Herald made) and the link carries no trick (a
 * lookalike verdict wins); a post of an official account that is not an announcement says so;
 * anything else is the verdict on the link. Never "official" for what was not verified.
 */
export async function checkInput(input: string, deps: CheckDeps): Promise<CheckAnswer> {
  const text = input.trim();
  if (text === '') return { kind: 'empty' };
  const verdict = verifySubject(parseSubject(text) ?? { kind: 'unverifiable', why: 'unreadable' }, deps.channels);
  const xBase = xWebBase(deps.xApiBaseUrl);
  const post = parsePostUrl(text, [new URL(xBase).host]);
  if (post === undefined || verdict.verdict === 'lookalike') return { kind: 'verdict', verdict };
  const found = await deps.ledger.findPost(post.platform, post.id);
  if (found !== undefined && isRealPost(found.entry) && samePost(post, found, verdict)) {
    const item = await announcedItem(found.key, deps.items);
    if (item !== undefined) {
      const postUrl = postLink(post.platform, found.entry, xBase);
      return { kind: 'announcement', platform: post.platform, item, date: dateOf(item), postUrl, retracted: isRetracted(found.entry) };
    }
    if (!isRetracted(found.entry)) return { kind: 'official-account', platform: post.platform, reason: CHECK_REASON.ownPost };
  }
  if (verdict.verdict === 'official') {
    return { kind: 'official-account', platform: post.platform, reason: post.platform === 'x' ? CHECK_REASON.xAccount : CHECK_REASON.mastodonAccount };
  }
  return { kind: 'verdict', verdict };
}

/**
 * Whether the pasted link shows the post the ledger found. X: tweet ids are global, and x.com
 * shows a tweet under any name, so an `i/status` link or one naming an official account will do
 * (not a stranger's name). Mastodon: ids are per server, so the link must be on the server and
 * account of the post Herald made.
 */
function samePost(post: PostUrl, found: LedgerPost, verdict: Verdict): boolean {
  if (post.platform === 'x') return post.account === undefined || verdict.verdict === 'official';
  const made = found.entry.url === undefined ? undefined : parsePostUrl(found.entry.url);
  return made !== undefined && made.host === post.host && made.account?.toLowerCase() === post.account?.toLowerCase();
}

async function announcedItem(key: string, items: Pick<ItemCatalog, 'get'>): Promise<Item | undefined> {
  const id = itemIdOfLedgerKey(key);
  const item = id === undefined ? undefined : await items.get(id);
  return item?.status === 'announced' ? item : undefined;
}

/** YYYY-MM-DD of the item's shown date (UTC). */
export function dateOf(item: Item): string {
  const at = announcedAt(item);
  return Number.isNaN(at) ? '' : new Date(at).toISOString().slice(0, 10);
}
