import { enqueueAnnouncements } from '../../jobs/enqueue.ts';
import { PLATFORMS } from '../store/redis-store.ts';
import { findItem } from './find-item.ts';
import { type OperatorContext, OperatorError } from './operator-context.ts';

/** `herald approve <key>`: a held item goes out on every platform after all. */
export async function approveItem(ctx: OperatorContext, ref: string) {
  const record = await findItem(ctx, ref);
  if (record.status !== 'held') throw new OperatorError(`Item ${record.id} is not held (it is ${record.status}).`, 409);
  const approved = { ...record, status: 'announced' as const, holdReason: undefined };
  await enqueueAnnouncements(ctx.queues, [approved], PLATFORMS, ctx.attempts);
  await ctx.store.updateItem(approved);
  return { key: record.id, title: record.title, link: record.link, status: 'approved' as const };
}

/** `herald reject <key>`: a held item is never announced. */
export async function rejectItem(ctx: OperatorContext, ref: string) {
  const record = await findItem(ctx, ref);
  if (record.status !== 'held') throw new OperatorError(`Item ${record.id} is not held (it is ${record.status}).`, 409);
  await ctx.store.updateItem({ ...record, status: 'rejected' });
  return { key: record.id, title: record.title, link: record.link, status: 'rejected' as const };
}
