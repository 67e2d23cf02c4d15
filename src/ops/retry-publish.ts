import { announceJobId, publishJobOptions } from '../../jobs/queues.ts';
import { PLATFORMS, type Platform } from '../store/redis-store.ts';
import { type OperatorContext, OperatorError } from './operator-context.ts';

export interface RetryResult {
  key: string;
  platforms: Array<{ platform: Platform; status: 'retrying' | 'not-failed'; state?: string }>;
}

/**
 * Retries a failed publish (after a hard stop was fixed, or retries ran out): the ledger goes
 * back to pending and the failed job runs again (or a fresh one is added if it was cleaned up).
 * `key` is an item key, or the ledger key of a repost or reply from `herald status`.
 */
export async function retryPublish(ctx: OperatorContext, key: string, platforms: readonly Platform[] = PLATFORMS): Promise<RetryResult> {
  const result: RetryResult = { key, platforms: [] };
  const record = await ctx.store.getItem(key);
  let anyLedger = false;
  for (const platform of platforms) {
    const entry = await ctx.store.getLedger(key, platform);
    if (entry) anyLedger = true;
    if (entry?.state !== 'failed') {
      result.platforms.push({ platform, status: 'not-failed', state: entry?.state ?? 'none' });
      continue;
    }
    await ctx.store.setLedger(key, platform, { ...entry, state: 'pending', reason: undefined, attemptedAt: entry.attemptedAt, updatedAt: ctx.now() });
    const queue = ctx.queues.publish[platform];
    const job = (await queue.getJob(announceJobId(key))) ?? (await queue.getJob(key));
    if (job && (await job.isFailed())) {
      await job.retry('failed');
    } else if (record) {
      await queue.add(
        'announce',
        { kind: 'announce', itemId: record.id, ledgerKey: key, title: record.title, link: record.link },
        publishJobOptions(`${announceJobId(key)}-retry-${ctx.now()}`, ctx.attempts),
      );
    } else {
      throw new OperatorError(`The failed job for ${key} on ${platform} is gone and it is not a feed item: repost the item instead.`, 409);
    }
    result.platforms.push({ platform, status: 'retrying' });
  }
  if (!anyLedger && !record) throw new OperatorError(`Nothing to retry: no publish is recorded under "${key}" (see "herald status").`, 404);
  return result;
}
