import { PLATFORMS } from '../../domain/platform.ts';
import { findItem } from './find-item.ts';
import type { OperatorContext } from './operator-context.ts';
import { OperatorError } from './operator-error.ts';

export interface ReviewResult {
  key: string;
  title: string;
  link: string;
  status: 'approved' | 'rejected';
}

/** `herald approve <key>`: a held item goes out on every platform after all. */
export async function approveItem(ctx: OperatorContext, ref: string): Promise<ReviewResult> {
  const item = await findItem(ctx, ref);
  if (item.status !== 'held') throw new OperatorError(`Item ${item.id} is not held (it is ${item.status}).`, 409);
  const approved = { ...item, status: 'announced' as const, holdReason: undefined, holdDetail: undefined, approvedAt: new Date(ctx.clock.now()).toISOString() };
  await ctx.queue.announce([approved], PLATFORMS);
  await ctx.stores.items.update(approved);
  return { key: item.id, title: item.title, link: item.link, status: 'approved' };
}

/** `herald reject <key>`: a held item is never announced. */
export async function rejectItem(ctx: OperatorContext, ref: string): Promise<ReviewResult> {
  const item = await findItem(ctx, ref);
  if (item.status !== 'held') throw new OperatorError(`Item ${item.id} is not held (it is ${item.status}).`, 409);
  await ctx.stores.items.update({ ...item, status: 'rejected' });
  return { key: item.id, title: item.title, link: item.link, status: 'rejected' };
}
