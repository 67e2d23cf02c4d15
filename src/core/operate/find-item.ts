import type { Item } from '../../domain/item.ts';
import { normaliseLink } from '../feed/normalise-link.ts';
import type { OperatorContext } from './operator-context.ts';
import { OperatorError } from './operator-error.ts';

function publishedOrSeen(item: Item): number {
  return Date.parse(item.publishedAt ?? item.firstSeenAt);
}

/**
 * The item an operator means: `latest` (the newest post Herald knows, by its date), an item
 * key, a guid or a link (normalised the way Herald stores it).
 */
export async function findItem(ctx: Pick<OperatorContext, 'stores'>, ref: string): Promise<Item> {
  const wanted = ref.trim();
  const items = ctx.stores.items;
  if (wanted === 'latest') {
    const recent = await items.latest(500, (r) => r.status !== 'rejected' && r.status !== 'held');
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
  const item = await items.find(candidates);
  if (!item) {
    throw new OperatorError(`No item matches "${wanted}": give "latest", an item key from "herald status", a guid or a link.`, 404);
  }
  return item;
}
