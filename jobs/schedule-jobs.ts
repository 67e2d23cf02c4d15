import type { Config } from '../config/load-config.ts';
import { feedId } from '../src/core/announce/feed-id.ts';
import { PLATFORMS, type Platform } from '../src/domain/platform.ts';
import type { MentionSource } from '../src/ports/mention-source.ts';
import type { Queues } from './queues.ts';

const RETENTION = { removeOnComplete: 50, removeOnFail: 50 };

/**
 * Whose schedules these are: each scheduler's job data carries the fingerprint of the
 * configuration that created it; an instance removes only schedulers stamped with one of
 * `removable` (its own, and after a legitimate takeover the one it replaced; see claim-prefix.ts).
 */
export interface ScheduleStamp {
  fingerprint: string;
  removable: ReadonlySet<string | undefined>;
}

type Scheduled = { template?: { data?: { fingerprint?: string } } } | undefined;
const stampOf = (scheduler: Scheduled) => scheduler?.template?.data?.fingerprint;

/**
 * The repeating jobs, upserted identically by every replica of one configuration: one poll
 * scheduler per feed (`poll-<feed id>`, so each feed is polled once per interval however many
 * replicas run; the schedulers of feeds no longer configured are removed when `stamp` allows) and
 * one mention check per live platform (`mentions-<platform>`).
 */
export async function scheduleJobs(queues: Queues, config: Config, mentionSources: Partial<Record<Platform, MentionSource>>, stamp: ScheduleStamp): Promise<void> {
  const { fingerprint } = stamp;
  const wanted = new Set(config.feedUrls.map((url) => `poll-${feedId(url)}`));
  for (const scheduler of await queues.poll.getJobSchedulers()) {
    if (scheduler.key.startsWith('poll-') && !wanted.has(scheduler.key) && stamp.removable.has(stampOf(scheduler))) {
      await queues.poll.removeJobScheduler(scheduler.key);
    }
  }
  for (const feedUrl of config.feedUrls) {
    await queues.poll.upsertJobScheduler(`poll-${feedId(feedUrl)}`, { every: config.feedPollSeconds * 1000 }, { name: 'poll', data: { feedUrl, fingerprint }, opts: RETENTION });
  }
  const every: Record<Platform, number> = {
    x: config.mentions.xPollSeconds,
    mastodon: config.mentions.mastodonPollSeconds,
    bluesky: config.mentions.blueskyPollSeconds,
  };
  for (const platform of PLATFORMS) {
    const id = `mentions-${platform}`;
    if (mentionSources[platform]) {
      await queues.mentions.upsertJobScheduler(id, { every: every[platform] * 1000 }, { name: 'check-mentions', data: { platform, fingerprint }, opts: RETENTION });
      continue;
    }
    const existing = await queues.mentions.getJobScheduler(id);
    if (existing !== undefined && stamp.removable.has(stampOf(existing))) await queues.mentions.removeJobScheduler(id);
  }
}

/**
 * One publish at a time per platform across all replicas (set before any worker starts): posts
 * keep their order, and no request is in flight when another worker learns of a rate limit.
 */
export async function limitPublishing(queues: Queues): Promise<void> {
  for (const platform of PLATFORMS) await queues.publish[platform].setGlobalConcurrency(1);
}
