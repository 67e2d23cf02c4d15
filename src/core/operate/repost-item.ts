import type { Platform } from '../../domain/platform.ts';
import { ensureReleased } from './ensure-released.ts';
import { findItem } from './find-item.ts';
import type { OperatorContext } from './operator-context.ts';
import { OperatorError } from './operator-error.ts';

/** A repost within this window of the item's last post on a platform needs `--force`. */
export const REPOST_GUARD_MS = 10 * 60_000;

export interface RepostResult {
  item: { key: string; title: string; link: string };
  platforms: Array<{ platform: Platform; status: 'enqueued' | 'refused'; jobId?: string; reason?: string }>;
}

/**
 * Announces an item again (with the configured prefix, e.g. "Reminder:", since X rejects an
 * identical text). Refused without `force` when the item went out, or a repost of it was
 * requested, on that platform in the last 10 minutes: a double click must not double-post.
 * The guard is atomic per (item, platform), so two operators racing get one repost. A held or
 * rejected item is refused whatever `force` says (`herald approve` releases a held one), and a
 * retracted item is never reposted.
 */
export async function repostItem(ctx: OperatorContext, ref: string, platforms: readonly Platform[], force: boolean): Promise<RepostResult> {
  const item = await findItem(ctx, ref);
  if (item.retraction) {
    const { by, at, reason } = item.retraction;
    throw new OperatorError(`Item ${item.id} was retracted by ${by} at ${new Date(at).toISOString()} (${reason}): it is never announced again.`, 409);
  }
  ensureReleased(item);
  const result: RepostResult = { item: { key: item.id, title: item.title, link: item.link }, platforms: [] };
  for (const platform of platforms) {
    const now = ctx.clock.now();
    const announced = await ctx.stores.ledger.get(item.id, platform);
    if (announced?.state === 'retracted') {
      result.platforms.push({ platform, status: 'refused', reason: `retracted on ${platform} (${announced.retraction?.reason ?? 'no reason given'}): never posted there again` });
      continue;
    }
    const recentlyPosted = announced?.state === 'posted' && now - announced.updatedAt < REPOST_GUARD_MS;
    const claimed = await ctx.stores.reposts.claim(platform, item.id, REPOST_GUARD_MS, force);
    if (!force && (recentlyPosted || !claimed)) {
      result.platforms.push({
        platform,
        status: 'refused',
        reason: `already posted or reposted on ${platform} in the last 10 minutes; add --force to post it again anyway`,
      });
      continue;
    }
    const jobId = await ctx.queue.repost(item, platform, ctx.config.repostPrefix, now);
    result.platforms.push({ platform, status: 'enqueued', jobId });
  }
  return result;
}
