import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pollFeed } from '../../src/core/announce/poll-feed.ts';
import { answerMentions } from '../../src/core/listen/answer-mentions.ts';
import { getStatus } from '../../src/core/operate/get-status.ts';
import { OperatorError } from '../../src/core/operate/operator-error.ts';
import { repostItem } from '../../src/core/operate/repost-item.ts';
import { retractItem } from '../../src/core/operate/retract-item.ts';
import { retryPublish } from '../../src/core/operate/retry-publish.ts';
import { approveItem } from '../../src/core/operate/review-held-item.ts';
import { createRedisStores } from '../../src/adapters/redis/create-redis-stores.ts';
import { systemClock } from '../../src/adapters/system-clock.ts';
import { publishOnce } from '../../src/core/publish/publish-once.ts';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { m5xx, type FakeMastodon } from '../fakes/fake-mastodon.ts';
import { rss } from '../fakes/feed-builders.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import type { FakeBluesky } from '../fakes/fake-bluesky.ts';
import { type CoreWorld, coreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';
import { markPosted } from '../../src/domain/ledger-entry.ts';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../helpers/redis-prefix.ts';
import { ScriptedPublisher } from '../helpers/scripted-publisher.ts';

const post = (n: number) => ({ title: `Retractable post ${n}`, link: `https://session.foundation/blog/retract-${n}`, guid: `retract-${n}`, pubDate: new Date(Date.now() - n * 60_000) });

describe('herald retract', () => {
  let world: CoreWorld;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let bluesky: FakeBluesky;
  let feed: FakeFeed;
  let close: () => Promise<void>;
  const poll = () => pollFeed(feed.feedUrl('/rss.xml'), world.poll, {});
  const work = async () => {
    await world.work('x');
    await world.work('mastodon');
    await world.work('bluesky');
  };
  /** Post 1 goes out on both platforms the way a poll and the workers make it. */
  const announced = async () => {
    feed.setFeed('/rss.xml', rss([post(2)]));
    await poll();
    feed.setFeed('/rss.xml', rss([post(1), post(2)]));
    await poll();
    await work();
    expect(x.tweets).toHaveLength(1);
    expect(mastodon.statuses).toHaveLength(1);
    return (await world.stores.items.find(['retract-1']))!;
  };

  beforeEach(async () => {
    feed = await startFakeFeed();
    ({ world, x, mastodon, bluesky, close } = await coreWorldWithFakes({ FEED_URLS: feed.feedUrl('/rss.xml'), ALLOW_INSECURE_FEEDS: 'true' }));
  });
  afterEach(async () => {
    await close();
    await feed.close();
  });

  it('deletes the post on X, Mastodon and Bluesky, records who, when and why, and never announces it again', async () => {
    const item = await announced();
    const tweetId = x.tweets[0]!.id;
    const statusId = mastodon.statuses[0]!.id;
    expect(bluesky.posts).toHaveLength(1);
    const result = await retractItem(world.ctx, item.link, ['x', 'mastodon', 'bluesky'], 'wrong link in the post');
    expect(result.platforms).toEqual([
      expect.objectContaining({ platform: 'x', status: 'deleted', remoteId: tweetId }),
      expect.objectContaining({ platform: 'mastodon', status: 'deleted', remoteId: statusId }),
      expect.objectContaining({ platform: 'bluesky', status: 'deleted' }),
    ]);
    expect(bluesky.posts).toEqual([]);
    expect(x.requestsTo('DELETE /2/tweets/:id').map((r) => r.path)).toEqual([`/2/tweets/${tweetId}`]);
    expect(mastodon.requestsTo('DELETE /api/v1/statuses/:id').map((r) => r.path)).toEqual([`/api/v1/statuses/${statusId}`]);
    expect(x.tweets).toEqual([]);
    expect(mastodon.statuses).toEqual([]);
    const retraction = { by: 'test-operator', at: world.clock.now(), reason: 'wrong link in the post' };
    expect(await world.stores.ledger.get(item.id, 'x')).toMatchObject({ state: 'retracted', retraction, deleted: true });
    expect(await world.stores.items.get(item.id)).toMatchObject({ status: 'retracted', retraction });
    expect((await getStatus(world.ctx)).items[0]?.platforms.x).toMatchObject({ state: 'retracted', retraction: { by: 'test-operator', reason: 'wrong link in the post', deleted: true } });

    // Never again: not by a poll, a repost (even forced), a retry, an approval or its job run again.
    feed.setFeed('/rss.xml', rss([post(1), post(2)]), { etag: false, lastModified: false });
    expect((await poll()).announced).toEqual([]);
    await expect(repostItem(world.ctx, item.id, ['x', 'mastodon'], true)).rejects.toThrow(/retracted by test-operator .*never announced again/);
    expect((await retryPublish(world.ctx, item.id)).platforms.map((p) => p.state)).toEqual(['retracted', 'retracted', 'retracted']);
    await expect(approveItem(world.ctx, item.id)).rejects.toBeInstanceOf(OperatorError);
    await world.queue.announce([item], ['x', 'mastodon', 'bluesky']);
    await world.queue.retryFailed('x', item.id, item);
    await work();
    expect(x.requestsTo('POST /2/tweets')).toHaveLength(1);
    expect(mastodon.requestsTo('POST /api/v1/statuses')).toHaveLength(1);
    expect(bluesky.posts).toEqual([]);

    // Asked twice: nothing more happens, and it says so.
    expect((await retractItem(world.ctx, item.id, ['x', 'mastodon', 'bluesky'], 'again')).platforms.map((p) => p.status)).toEqual(['already-retracted', 'already-retracted', 'already-retracted']);
    expect(x.requestsTo('DELETE /2/tweets/:id')).toHaveLength(1);
  });

  it('a platform that fails to delete says so; running it again deletes it (also when the first answer was lost)', async () => {
    const item = await announced();
    mastodon.failNext('DELETE /api/v1/statuses/:id', m5xx(503));
    x.failNext('DELETE /2/tweets/:id', { kind: 'drop-after-commit' });
    const first = await retractItem(world.ctx, item.id, ['x', 'mastodon'], 'scam link');
    expect(first.platforms).toEqual([
      expect.objectContaining({ platform: 'x', status: 'failed', error: expect.stringMatching(/X could not be reached/) }),
      expect.objectContaining({ platform: 'mastodon', status: 'failed', error: expect.stringMatching(/HTTP 503/) }),
    ]);
    expect(mastodon.statuses).toHaveLength(1);
    expect((await getStatus(world.ctx)).items[0]?.platforms.mastodon).toMatchObject({ state: 'retracted', retraction: { deleted: false } });
    // Retracted already, so nothing posts it again while it waits for its deletion.
    await world.queue.announce([item], ['mastodon']);
    await work();
    expect(mastodon.requestsTo('POST /api/v1/statuses')).toHaveLength(1);

    const second = await retractItem(world.ctx, item.id, ['x', 'mastodon'], 'scam link');
    expect(second.platforms.map((p) => [p.platform, p.status])).toEqual([
      ['x', 'already-gone'],
      ['mastodon', 'deleted'],
    ]);
    expect(mastodon.statuses).toEqual([]);
  });

  it('a post in flight when it is retracted is deleted as soon as it lands; a queued one never goes out', async () => {
    feed.setFeed('/rss.xml', rss([post(2)]));
    await poll();
    feed.setFeed('/rss.xml', rss([post(1), post(2)]));
    await poll();
    const item = (await world.stores.items.find(['retract-1']))!;
    x.failNext('POST /2/tweets', { kind: 'delay', ms: 300 });
    const inFlight = world.work('x');
    await x.waitForRequests('POST /2/tweets', 1);
    const result = await retractItem(world.ctx, item.id, ['x', 'mastodon'], 'posted by mistake');
    await inFlight;
    expect(result.platforms.map((p) => p.status)).toEqual(['deleted', 'not-posted']);
    await work();
    expect(x.tweets).toEqual([]);
    expect(mastodon.requestsTo('POST /api/v1/statuses')).toHaveLength(0);
    expect(await world.stores.ledger.get(item.id, 'x')).toMatchObject({ state: 'retracted', retraction: { reason: 'posted by mistake' } });
  });

  it('reposts go with their item, and a reply or a single repost can be retracted by its key', async () => {
    const item = await announced();
    const repost = await repostItem(world.ctx, item.id, ['x'], true);
    await work();
    expect(x.tweets).toHaveLength(2);
    expect((await retractItem(world.ctx, repost.platforms[0]!.jobId!, ['x', 'mastodon'], 'one reminder too many')).platforms).toEqual([
      expect.objectContaining({ platform: 'x', status: 'deleted' }),
    ]);
    expect(x.tweets).toHaveLength(1);
    await repostItem(world.ctx, item.id, ['mastodon'], true);
    await work();
    const all = await retractItem(world.ctx, item.id, ['x', 'mastodon'], 'withdrawn');
    expect(all.platforms.map((p) => [p.platform, p.ledgerKey.split('-')[0], p.status])).toEqual([
      ['x', item.id.split('-')[0], 'deleted'],
      ['x', 'repost', 'already-retracted'],
      ['mastodon', item.id.split('-')[0], 'deleted'],
      ['mastodon', 'repost', 'deleted'],
    ]);
    expect(x.tweets).toEqual([]);
    expect(mastodon.statuses).toEqual([]);

    expect((await answerMentions(world.mentionSources.x!, world.answer)).note).toBe('cursor initialised');
    const mention = x.addMention({ text: '@SessionTechFND is this real?', author: { id: '9001', username: 'asker' }, referenced: { type: 'quoted', tweet: { text: 'free SESSION tokens', author: { id: '666', username: 'SessionTechFDN' } } } });
    await answerMentions(world.mentionSources.x!, world.answer);
    await work();
    expect(x.tweets).toHaveLength(1);
    expect((await retractItem(world.ctx, `reply-${mention.id}`, ['x'], 'answered the wrong thread')).platforms[0]).toMatchObject({ status: 'deleted' });
    expect(x.tweets).toEqual([]);
  });

  it('says what is wrong: no reason, an unknown item or key', async () => {
    await announced();
    await expect(retractItem(world.ctx, 'latest', ['x'], '  ')).rejects.toThrow(/needs a reason/);
    await expect(retractItem(world.ctx, 'https://session.foundation/blog/nope', ['x'], 'why')).rejects.toThrow(/No item matches/);
    await expect(retractItem(world.ctx, 'reply-12345', ['x'], 'why')).rejects.toThrow(/No post is recorded under "reply-12345"/);
    expect(x.requestsTo('DELETE /2/tweets/:id')).toEqual([]);
  });
});

describe('a retraction where the platform has no credentials', () => {
  it('never claims a live post deleted: it fails and says how to delete it; a dry run\'s post is simply retracted', async () => {
    const world = coreWorld();
    const item = { id: 'abc', identity: 'retract-dry', title: 'Dry', link: 'https://session.foundation/blog/dry', feedUrl: 'https://session.foundation/rss.xml', firstSeenAt: new Date().toISOString(), status: 'announced' as const };
    await world.stores.items.record([{ item, normalisedLink: item.link }]);
    await world.stores.ledger.set(item.id, 'x', markPosted('text', { remoteId: '77' }, world.clock.now()));
    await world.stores.ledger.set(item.id, 'mastodon', markPosted('text', { remoteId: 'dry-run-1', dryRun: true }, world.clock.now()));
    const result = await retractItem(world.ctx, item.id, ['x', 'mastodon'], 'wrong');
    expect(result.platforms).toEqual([
      expect.objectContaining({ platform: 'x', status: 'failed', error: expect.stringMatching(/X has no credentials here, so post 77 cannot be deleted/) }),
      expect.objectContaining({ platform: 'mastodon', status: 'not-posted' }),
    ]);
  });
});

describe('a retraction in Redis', () => {
  it('holds across a restart: a new process never posts the item', async () => {
    const prefix = testPrefix();
    const redis = new Redis(TEST_REDIS_URL);
    const restarted = new Redis(TEST_REDIS_URL);
    try {
      const before = createRedisStores(redis, prefix, systemClock);
      await before.ledger.set('item-1', 'x', { state: 'retracted', retraction: { by: 'cli ops@host', at: 1, reason: 'bad' }, deleted: true, updatedAt: 1 });
      const after = createRedisStores(restarted, prefix, systemClock);
      const publisher = new ScriptedPublisher('x');
      const expected = { kind: 'announcement' as const, footer: 'footer', link: 'https://session.foundation/blog/1', approved: false };
      const task = { ledgerKey: 'item-1', idempotencyKey: 'herald-item-1', link: 'https://session.foundation/blog/1', expected, compose: () => 'text' };
      const outcome = await publishOnce(task, { ledger: after.ledger, publisher, log: pino({ level: 'silent' }), clock: systemClock, channels: DEFAULT_OFFICIAL_CHANNELS });
      expect(outcome.kind).toBe('retracted');
      expect(publisher.posts).toEqual([]);
    } finally {
      redis.disconnect();
      restarted.disconnect();
      await cleanupPrefix(prefix);
    }
  });
});
