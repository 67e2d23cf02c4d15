import { normaliseLink } from '../feed/normalise-link.ts';
import type { ItemRecord } from '../store/redis-store.ts';
import { type OperatorContext, OperatorError } from './operator-context.ts';

function publishedOrSeen(record: ItemRecord): number {
  return Date.parse(record.publishedAt ?? record.firstSeenAt);
}

/**
 * The item an operator means: `latest` (the newest post Herald knows, by its date), an item
 * key, a guid or a link (normalised the way Herald stores it).
 */
export async function findItem(ctx: OperatorContext, ref: string): Promise<ItemRecord> {
  const wanted = ref.trim();
  if (wanted === 'latest') {
    const recent = await ctx.store.latestItems(500, (r) => r.status !== 'rejected' && r.status !== 'held');
    const newest = recent.sort((a, b) => publishedOrSeen(b) - publishedOrSeen(a))[0];
    if (!newest) throw new OperatorError('Herald has not seen any item yet: poll a feed first ("herald poll").', 404);
    return newest;
  }
  const candidates = [wanted];
  try {
    candidates.push(normaliseLink(wanted));
  } catch {
    // not a URL: a key or a guid
  }
  const record = await ctx.store.findItem(candidates);
  if (!record) {
    throw new OperatorError(`No item matches "${wanted}": give "latest", an item key from "herald status", a guid or a link.`, 404);
  }
  return record;
}
