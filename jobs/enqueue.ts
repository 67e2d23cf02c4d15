import type { ItemRecord, Platform } from '../src/store/redis-store.ts';
import { announceJobId, type PublishJobData, publishJobOptions, type Queues } from './queues.ts';

/** One announce job per (item, platform), with the deterministic id BullMQ dedupes on. */
export async function enqueueAnnouncements(
  queues: Queues,
  records: ItemRecord[],
  platforms: readonly Platform[],
  attempts: number,
): Promise<void> {
  if (records.length === 0) return;
  for (const platform of platforms) {
    await queues.publish[platform].addBulk(
      records.map((record) => ({
        name: 'announce',
        data: {
          kind: 'announce',
          itemId: record.id,
          ledgerKey: record.id,
          title: record.title,
          link: record.link,
        } satisfies PublishJobData,
        opts: publishJobOptions(announceJobId(record.id), attempts),
      })),
    );
  }
}

/** A manual repost: its own ledger entry and job id, a prefix so X does not call it a duplicate. */
export async function enqueueRepost(
  queues: Queues,
  record: ItemRecord,
  platform: Platform,
  prefix: string,
  attempts: number,
  now: number,
): Promise<string> {
  const ledgerKey = `repost-${record.id}-${now}`;
  await queues.publish[platform].add(
    'repost',
    { kind: 'repost', itemId: record.id, ledgerKey, title: record.title, link: record.link, prefix },
    publishJobOptions(ledgerKey, attempts),
  );
  return ledgerKey;
}
