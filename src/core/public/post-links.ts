import type { LedgerEntry } from '../../domain/ledger-entry.ts';
import type { Platform } from '../../domain/platform.ts';

/**
 * Where X posts are shown: x.com, unless X_API_BASE_URL points somewhere other than X's API (a
 * test fake, which also serves the post pages), then there.
 */
export function xWebBase(apiBaseUrl: string): string {
  const host = new URL(apiBaseUrl).hostname.toLowerCase();
  return host === 'api.x.com' || host === 'api.twitter.com' ? 'https://x.com' : apiBaseUrl.replace(/\/+$/u, '');
}

/**
 * A later issue adds a `retracted` ledger state; the page shows it already (read as a plain
 * string, so this file needs no change when the state joins the type).
 */
export function isRetracted(entry: LedgerEntry): boolean {
  return (entry.state as string) === 'retracted';
}

/** A post Herald really made: posted (or retracted since), not a dry run, with its id. */
export function isRealPost(entry: LedgerEntry): boolean {
  return (entry.state === 'posted' || isRetracted(entry)) && entry.dryRun !== true && entry.remoteId !== undefined;
}

/**
 * The address of the post an entry records: on X built from the tweet id (the ledger's own
 * link is x.com's), on Mastodon the status's own URL if it is an http(s) one.
 */
export function postLink(platform: Platform, entry: LedgerEntry, xBase: string): string | undefined {
  if (!isRealPost(entry)) return undefined;
  if (platform === 'x') return /^\d{1,20}$/u.test(entry.remoteId!) ? `${xBase}/i/status/${entry.remoteId}` : undefined;
  return httpUrl(entry.url);
}

function httpUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The item a ledger key belongs to: an announcement's key is the item id, a repost's `repost-<id>-<time>`. */
export function itemIdOfLedgerKey(key: string): string | undefined {
  if (key.startsWith('reply-')) return undefined;
  return /^repost-(.+)-\d+$/u.exec(key)?.[1] ?? key;
}
