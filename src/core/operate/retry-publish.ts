import { reopen } from '../../domain/ledger-entry.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import { ensureReleased } from './ensure-released.ts';
import type { OperatorContext } from './operator-context.ts';
import { OperatorError } from './operator-error.ts';

export interface RetryResult {
  key: string;
  platforms: Array<{ platform: Platform; status: 'retrying' | 'not-failed'; state?: string }>;
}

/**
 * Retries a failed publish (after a hard stop was fixed, or retries ran out): the ledger goes
 * back to pending and the failed job runs again (or a fresh one is added if it was cleaned up).
 * `key` is an item key, or the ledger key of a repost or reply from `herald status`. The publish
 * of a held or rejected item is never retried (`herald approve` releases a held one).
 */
export async function retryPublish(ctx: OperatorContext, key: string, platforms: readonly Platform[] = PLATFORMS): Promise<RetryResult> {
  const result: RetryResult = { key, platforms: [] };
  const item = await ctx.stores.items.get(key);
  const owner = item ?? (await repostedItem(ctx, key));
  if (owner) ensureReleased(owner);
  let anyLedger = false;
  for (const platform of platforms) {
    const entry = await ctx.stores.ledger.get(key, platform);
    if (entry) anyLedger = true;
    if (entry?.state !== 'failed') {
      result.platforms.push({ platform, status: 'not-failed', state: entry?.state ?? 'none' });
      continue;
    }
    await ctx.stores.ledger.set(key, platform, reopen(entry, ctx.clock.now()));
    if ((await ctx.queue.retryFailed(platform, key, item)) === 'gone') {
      throw new OperatorError(`The failed job for ${key} on ${platform} is gone and it is not a feed item: repost the item instead.`, 409);
    }
    result.platforms.push({ platform, status: 'retrying' });
  }
  if (!anyLedger && !item) throw new OperatorError(`Nothing to retry: no publish is recorded under "${key}" (see "herald status").`, 404);
  return result;
}

/** The item a repost's ledger key (`repost-<item id>-<time>`) belongs to, if it is still known. */
async function repostedItem(ctx: OperatorContext, key: string) {
  const itemId = /^repost-(.+)-\d+$/.exec(key)?.[1];
  return itemId === undefined ? undefined : ctx.stores.items.get(itemId);
}
