import type { Item } from '../../domain/item.ts';
import type { Reply } from '../../domain/mention.ts';
import type { Platform } from '../../domain/platform.ts';
import { composePost } from '../announce/compose-post.ts';
import type { PublishTask } from './publish-once.ts';

/** What one publish job carries, on whichever queue: an announcement, a repost or a reply. */
export type PublishJob = AnnounceJob | ReplyJob;

export interface AnnounceJob {
  kind: 'announce' | 'repost';
  itemId: string;
  ledgerKey: string;
  title: string;
  link: string;
  /** The item's summary and image, for link cards (absent on jobs queued before they were kept). */
  description?: string;
  imageUrl?: string;
  /** e.g. "Reminder:" on a repost, so X does not reject it as duplicate content. */
  prefix?: string;
  /** Released by a human (`herald approve`): its link and the links in its title were reviewed. */
  approved?: boolean;
  /** Look for the link on the timeline before posting (backfilled by a feed's first poll). */
  lookFirst?: boolean;
  /** Rate limits met so far without a reset announced (the fallback wait doubles with each). */
  rateLimitHits?: number;
}

export interface ReplyJob extends Reply {
  kind: 'reply';
  rateLimitHits?: number;
}

/** The publish queue of a platform (its name shows in `herald status` and the metrics). */
export const publishQueueName = (platform: Platform) => `publish-${platform}`;

/** Job ids must not contain ":" (BullMQ); ids are deterministic so a re-add is a no-op. */
export const announceJobId = (itemId: string) => `announce-${itemId}`;

/** The ledger key (and job id) of a manual repost: its own, so it never reads as already posted. */
export const repostLedgerKey = (itemId: string, now: number) => `repost-${itemId}-${now}`;

const approval = (item: Item) => (item.approvedAt === undefined ? {} : { approved: true });

/** What a job carries of the item: its title and link, and what a link card shows. */
function itemFields(item: Item): Pick<AnnounceJob, 'title' | 'link' | 'description' | 'imageUrl'> {
  const fields: Pick<AnnounceJob, 'title' | 'link' | 'description' | 'imageUrl'> = { title: item.title, link: item.link };
  if (item.description !== undefined) fields.description = item.description;
  if (item.imageUrl !== undefined) fields.imageUrl = item.imageUrl;
  return fields;
}

export function announceJob(item: Item, ledgerKey = item.id, options: { lookFirst?: boolean } = {}): AnnounceJob {
  const lookFirst = options.lookFirst === true ? { lookFirst: true } : {};
  return { kind: 'announce', itemId: item.id, ledgerKey, ...itemFields(item), ...approval(item), ...lookFirst };
}

export function repostJob(item: Item, prefix: string, now: number): AnnounceJob {
  return { kind: 'repost', itemId: item.id, ledgerKey: repostLedgerKey(item.id, now), ...itemFields(item), prefix, ...approval(item) };
}

export function replyJob(reply: Reply): ReplyJob {
  return { kind: 'reply', ...reply };
}

/**
 * The post a job asks for, with the footer of its platform (replies carry their own text), and
 * what the text must look like to go out (checked just before the platform call).
 */
export function publishTaskOf(job: PublishJob, footer: string, replyLinks: readonly string[] = []): PublishTask {
  const common = { ledgerKey: job.ledgerKey, idempotencyKey: `herald-${job.ledgerKey}` };
  if (job.kind === 'reply') {
    const expected = { kind: 'reply' as const, allowed: replyLinks };
    return { ...common, inReplyToId: job.inReplyToId, threadRef: job.threadRef, visibility: job.visibility, expected, compose: () => job.text };
  }
  const card = { url: job.link, title: job.title, description: job.description, imageUrl: job.imageUrl };
  return {
    ...common,
    link: job.link,
    lookFirst: job.lookFirst === true,
    expected: { kind: 'announcement', footer, link: job.link, approved: job.approved === true },
    card,
    compose: (limits) => composePost({ title: job.title, link: job.link, footer, prefix: job.prefix }, limits).text,
  };
}
