import { itemId } from './item-id.ts';

/** A feed's id in Redis keys and job-scheduler ids (`poll-<feed id>`). */
export function feedId(feedUrl: string): string {
  return itemId(`feed ${feedUrl}`);
}
