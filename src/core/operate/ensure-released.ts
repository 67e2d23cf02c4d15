import type { Item } from '../../domain/item.ts';
import { OperatorError } from './operator-error.ts';

/**
 * Holds bind every path: an item that waits for a human, or that one refused, goes out only
 * through `herald approve` (a held one), never through a repost, a retry or any other route.
 * `--force` skips the double-click guard, not this.
 */
export function ensureReleased(item: Item): void {
  if (item.status === 'held') {
    const why = item.holdDetail === undefined ? (item.holdReason ?? 'held') : `${item.holdReason}: ${item.holdDetail}`;
    throw new OperatorError(
      `Item ${item.id} is held for approval (${why}): nothing of it is posted until an operator runs "herald approve ${item.id}" (or "herald reject ${item.id}").`,
      409,
    );
  }
  if (item.status === 'rejected') {
    throw new OperatorError(
      `Item ${item.id} was rejected ("herald reject"): it is never posted. Only a held item can be released, with "herald approve".`,
      409,
    );
  }
}
