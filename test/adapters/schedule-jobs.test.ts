import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../config/load-config.ts';
import { allQueues, createQueues, type Queues } from '../../jobs/queues.ts';
import { scheduleJobs } from '../../jobs/schedule-jobs.ts';
import type { MentionSource } from '../../src/ports/mention-source.ts';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../helpers/redis-prefix.ts';
import { testEnvironment } from '../helpers/test-environment.ts';

const OLD_FEED = 'https://old.example/feed.xml';
const NEW_FEED = 'https://session.foundation/feed.xml';
const source = {} as MentionSource;

describe('schedules belong to the configuration that made them (BullMQ on Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let queues: Queues;
  const configFor = (feeds: string): Config => loadConfig(testEnvironment(prefix, { FEED_URLS: feeds }));
  const schedulers = async () =>
    [...(await queues.poll.getJobSchedulers()), ...(await queues.mentions.getJobSchedulers())].map((s) => s as { key: string; template?: { data?: { feedUrl?: string; platform?: string; fingerprint?: string } } }).map((s) => `${s.key === 'poll-legacy' || !s.key.startsWith('poll-') ? s.key : 'poll'} ${s.template?.data?.feedUrl ?? s.template?.data?.platform} ${s.template?.data?.fingerprint}`).sort();

  beforeEach(async () => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    prefix = testPrefix();
    queues = createQueues(redis, prefix, () => undefined);
    // Made by configuration "old": its feed, and mention checks on X.
    await scheduleJobs(queues, configFor(OLD_FEED), { x: source }, { fingerprint: 'old', removable: new Set(['old']) });
  });
  afterEach(async () => {
    await Promise.all(allQueues(queues).map((q) => q.close()));
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  it('an instance never removes a scheduler another configuration made (it adds its own beside it)', async () => {
    expect(await schedulers()).toEqual([`mentions-x x old`, `poll ${OLD_FEED} old`]);
    await scheduleJobs(queues, configFor(NEW_FEED), {}, { fingerprint: 'new', removable: new Set(['new']) });
    expect(await schedulers()).toEqual([`mentions-x x old`, `poll ${OLD_FEED} old`, `poll ${NEW_FEED} new`]);
  });

  it('after a legitimate takeover from that configuration, its schedules of removed feeds and dry-run platforms go', async () => {
    await scheduleJobs(queues, configFor(NEW_FEED), {}, { fingerprint: 'new', removable: new Set(['new', 'old', undefined]) });
    expect(await schedulers()).toEqual([`poll ${NEW_FEED} new`]);
  });

  it('schedulers from before fingerprints (unstamped) go only after a takeover', async () => {
    await queues.poll.upsertJobScheduler('poll-legacy', { every: 60_000 }, { name: 'poll', data: { feedUrl: 'https://legacy.example/rss' } });
    await scheduleJobs(queues, configFor(OLD_FEED), { x: source }, { fingerprint: 'old', removable: new Set(['old']) });
    expect(await schedulers()).toContain('poll-legacy https://legacy.example/rss undefined');
    await scheduleJobs(queues, configFor(OLD_FEED), { x: source }, { fingerprint: 'old', removable: new Set(['old', undefined]) });
    expect(await schedulers()).toEqual([`mentions-x x old`, `poll ${OLD_FEED} old`]);
  });
});
