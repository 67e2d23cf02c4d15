import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findItem } from '../../src/core/operate/find-item.ts';
import { getStatus } from '../../src/core/operate/get-status.ts';
import { OperatorError } from '../../src/core/operate/operator-error.ts';
import { pausePlatforms, resumePlatforms } from '../../src/core/operate/pause-platform.ts';
import { pollNow } from '../../src/core/operate/poll-now.ts';
import { REPOST_GUARD_MS, repostItem } from '../../src/core/operate/repost-item.ts';
import { retryPublish } from '../../src/core/operate/retry-publish.ts';
import { approveItem, rejectItem } from '../../src/core/operate/review-held-item.ts';
import { markFailed } from '../../src/domain/ledger-entry.ts';
import type { Item } from '../../src/domain/item.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type CoreWorld, coreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';

const item = (n: number, overrides: Partial<Item> = {}): Item => ({
  id: `0000000000000${n}`.slice(-16),
  identity: `https://session.foundation/blog/operator-${n}`,
  title: `Operator post ${n}`,
  link: `https://session.foundation/blog/operator-${n}`,
  feedUrl: 'https://session.foundation/rss.xml',
  publishedAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
  firstSeenAt: new Date(Date.UTC(2026, 1, n)).toISOString(),
  status: 'announced',
  ...overrides,
});

describe('operator actions', () => {
  let world: CoreWorld;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let close: () => Promise<void>;
  const seed = (...items: Item[]) => world.stores.items.record(items.map((i) => ({ item: i, normalisedLink: i.link })));
  /** Item 1 announced and posted on both platforms, like a poll and the workers would leave it. */
  const announced = async () => {
    await seed(item(1));
    await world.queue.announce([item(1)], ['x', 'mastodon']);
    await world.work('x');
    await world.work('mastodon');
  };

  beforeEach(async () => {
    ({ world, x, mastodon, close } = await coreWorldWithFakes());
  });
  afterEach(() => close());

  it('reposts once per chosen platform; within 10 minutes of a post it needs --force', async () => {
    await announced();
    const tooSoon = await repostItem(world.ctx, 'https://session.foundation/blog/operator-1', ['x'], false);
    expect(tooSoon.platforms).toEqual([expect.objectContaining({ platform: 'x', status: 'refused', reason: expect.stringMatching(/--force/) })]);

    const forced = await repostItem(world.ctx, 'https://session.foundation/blog/operator-1', ['x'], true);
    expect(forced.platforms).toEqual([expect.objectContaining({ platform: 'x', status: 'enqueued', jobId: expect.stringMatching(/^repost-/) })]);
    await world.work('x');
    expect(x.tweets.map((t) => t.text.split('\n')[0])).toEqual(['Operator post 1', 'Reminder: Operator post 1']);

    // A double click: the repost was just asked for, so the next one is refused again.
    expect((await repostItem(world.ctx, 'latest', ['x'], false)).platforms[0]?.status).toBe('refused');
    world.clock.advance(REPOST_GUARD_MS + 1);
    expect((await repostItem(world.ctx, 'latest', ['x'], false)).platforms[0]?.status).toBe('enqueued');

    expect((await repostItem(world.ctx, 'latest', ['mastodon'], true)).platforms[0]?.status).toBe('enqueued');
    await world.work('mastodon');
    expect(mastodon.statuses).toHaveLength(2);
  });

  it('of two operators reposting at once, one gets the repost', async () => {
    await seed(item(1));
    const results = await Promise.all([repostItem(world.ctx, 'latest', ['x'], false), repostItem(world.ctx, 'latest', ['x'], false)]);
    expect(results.map((r) => r.platforms[0]?.status).sort()).toEqual(['enqueued', 'refused']);
  });

  it('finds the item an operator means: latest by date, a key, a guid or a link; or says how to name one', async () => {
    await expect(findItem(world.ctx, 'latest')).rejects.toThrow(/has not seen any item yet/);
    await seed(item(1), item(2, { identity: 'tag:session.foundation,2026:2' }), item(3, { status: 'held' }));
    expect((await findItem(world.ctx, 'latest')).id).toBe(item(2).id);
    expect((await findItem(world.ctx, item(1).id)).id).toBe(item(1).id);
    expect((await findItem(world.ctx, 'tag:session.foundation,2026:2')).id).toBe(item(2).id);
    expect((await findItem(world.ctx, 'https://SESSION.foundation/blog/operator-1/?utm_source=x#top')).id).toBe(item(1).id);
    const missing = await findItem(world.ctx, 'nothing-like-this').catch((e: OperatorError) => e);
    expect(missing).toBeInstanceOf(OperatorError);
    expect((missing as OperatorError).status).toBe(404);
  });

  it('approve releases a held item on every platform; reject drops one for good', async () => {
    await seed(item(1, { status: 'held', holdReason: 'burst' }), item(2, { status: 'held', holdReason: 'offsite-link' }));
    expect(await approveItem(world.ctx, item(1).id)).toMatchObject({ key: item(1).id, status: 'approved' });
    expect((await world.stores.items.get(item(1).id))?.status).toBe('announced');
    await world.work('x');
    await world.work('mastodon');
    expect(x.tweets).toHaveLength(1);
    expect(mastodon.statuses).toHaveLength(1);

    expect(await rejectItem(world.ctx, item(2).id)).toMatchObject({ status: 'rejected' });
    expect((await getStatus(world.ctx)).held).toEqual([]);
    await expect(approveItem(world.ctx, item(2).id)).rejects.toThrow(/is not held \(it is rejected\)/);
    expect(world.queue.jobs('x')).toHaveLength(1);
  });

  it('holds bind repost and retry: a held or rejected item is refused, with or without --force, naming herald approve', async () => {
    await seed(item(1), item(2, { status: 'held', holdReason: 'text-link' }), item(3, { status: 'rejected', holdReason: 'offsite-link' }));
    // A failed publish recorded under a held item (however it got there) is not retried either.
    await world.stores.ledger.set(item(2).id, 'x', markFailed('text', 'gave up', world.clock.now()));
    for (const ref of [item(2).id, item(2).link, item(3).id, item(3).link]) {
      for (const force of [false, true]) {
        const refused = await repostItem(world.ctx, ref, ['x', 'mastodon'], force).catch((e: Error) => e);
        expect(refused, `${ref} force=${force}`).toBeInstanceOf(OperatorError);
        expect((refused as OperatorError).status).toBe(409);
        expect((refused as OperatorError).message).toMatch(/herald approve/);
      }
      const retry = await retryPublish(world.ctx, ref.startsWith('http') ? item(ref.endsWith('-2') ? 2 : 3).id : ref).catch((e: Error) => e);
      expect(retry).toBeInstanceOf(OperatorError);
      expect((retry as OperatorError).message).toMatch(/herald approve/);
    }
    expect((await world.stores.ledger.get(item(2).id, 'x'))?.state).toBe('failed');
    // Nor the failed repost of one (its ledger key names the item).
    await world.stores.ledger.set(`repost-${item(3).id}-1700000000000`, 'x', markFailed('text', 'gave up', world.clock.now()));
    await expect(retryPublish(world.ctx, `repost-${item(3).id}-1700000000000`)).rejects.toThrow(/herald approve/);
    expect(world.queue.jobs('x')).toEqual([]);
    expect(world.queue.jobs('mastodon')).toEqual([]);
    // Positive control: the announced item reposts, and once approved the held one does too.
    expect((await repostItem(world.ctx, item(1).id, ['x'], true)).platforms[0]?.status).toBe('enqueued');
    await approveItem(world.ctx, item(2).id);
    world.clock.advance(1);
    expect((await repostItem(world.ctx, item(2).id, ['mastodon'], true)).platforms[0]?.status).toBe('enqueued');
  });

  it('status shows each item per platform with its remote id, the platforms and the queues', async () => {
    await announced();
    await seed(item(2, { status: 'held', holdReason: 'burst' }), item(3, { status: 'baseline' }));
    const status = await getStatus(world.ctx);
    const announcedItem = status.items.find((i) => i.link === item(1).link);
    expect(announcedItem?.platforms.x).toMatchObject({ state: 'posted', id: x.tweets[0]!.id, url: `https://x.com/i/status/${x.tweets[0]!.id}` });
    expect(announcedItem?.platforms.mastodon).toMatchObject({ state: 'posted', id: mastodon.statuses[0]!.id });
    expect(status.items.find((i) => i.key === item(2).id)?.platforms.x).toEqual({ state: 'held', reason: 'burst' });
    expect(status.items.find((i) => i.key === item(3).id)?.platforms.x).toEqual({ state: 'not-announced', reason: 'baseline' });
    expect(status.held).toEqual([{ key: item(2).id, title: 'Operator post 2', link: item(2).link, reason: 'burst' }]);
    expect(status.platforms.x).toEqual({ mode: 'live', paused: null, rateLimitedUntil: null });
    expect(status.queues['publish-x']).toMatchObject({ completed: 1 });
  });

  it('pause: recorded with its reason and the queue paused; resume lifts both', async () => {
    const paused = await pausePlatforms(world.ctx, ['x'], 'incident 42');
    expect(paused).toEqual([{ platform: 'x', paused: true, reason: 'incident 42' }]);
    expect(world.control.paused.has('x')).toBe(true);
    const status = await getStatus(world.ctx);
    expect(status.platforms.x.paused).toEqual({ reason: 'incident 42', since: new Date(world.clock.now()).toISOString() });
    expect(status.platforms.mastodon.paused).toBeNull();

    await seed(item(1));
    await world.queue.announce([item(1)], ['x']);
    expect(await world.work('x')).toEqual([{ kind: 'paused' }]);
    expect(x.requests).toHaveLength(0);

    await resumePlatforms(world.ctx, ['x']);
    expect(world.control.paused.has('x')).toBe(false);
    expect(await world.work('x')).toEqual([expect.objectContaining({ kind: 'done' })]);
    expect(x.tweets).toHaveLength(1);
  });

  it('status shows a rate limit until it has passed', async () => {
    await world.stores.platforms.setRateLimitedUntil('mastodon', world.clock.now() + 60_000);
    expect((await getStatus(world.ctx)).platforms.mastodon.rateLimitedUntil).toBe(new Date(world.clock.now() + 60_000).toISOString());
    world.clock.advance(60_001);
    expect((await getStatus(world.ctx)).platforms.mastodon.rateLimitedUntil).toBeNull();
  });

  it('poll now goes through the poll worker, and only for configured feeds', async () => {
    const polled: string[] = [];
    const ops = coreWorld({ FEED_URLS: 'https://session.foundation/rss.xml' }, {
      pollOne: async (feedUrl) => {
        polled.push(feedUrl);
        return { feedUrl, result: 'fetched', found: 0 };
      },
    });
    expect(await pollNow(ops.ctx, undefined)).toEqual([{ feedUrl: 'https://session.foundation/rss.xml', result: 'fetched', found: 0 }]);
    await expect(pollNow(ops.ctx, 'https://elsewhere.example/rss.xml')).rejects.toThrow(/not one of the configured feeds/);
    expect(polled).toEqual(['https://session.foundation/rss.xml']);
  });
});
