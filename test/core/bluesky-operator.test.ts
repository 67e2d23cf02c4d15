/**
 * Operating Bluesky like X and Mastodon: status, metrics, the kill switch, reposts; and the two
 * pieces `herald retract` and `herald doctor` call (delete a post by its remote id, probe the
 * credentials), against the fake PDS.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlueskyPublisher } from '../../src/adapters/bluesky/bluesky-publisher.ts';
import { getStatus } from '../../src/core/operate/get-status.ts';
import { pausePlatforms, resumePlatforms } from '../../src/core/operate/pause-platform.ts';
import { refreshGauges } from '../../src/core/operate/refresh-gauges.ts';
import { repostItem } from '../../src/core/operate/repost-item.ts';
import type { Item } from '../../src/domain/item.ts';
import type { FakeBluesky } from '../fakes/fake-bluesky.ts';
import { type CoreWorld, coreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';

/** No test here waits for a deadline; a busy machine must not make the first login time out. */
const PATIENT = { HTTP_TIMEOUT_SECONDS: '10' };

const item: Item = {
  id: '00000000000000c1',
  identity: 'https://session.foundation/blog/bluesky-operator',
  title: 'Operator post on Bluesky',
  link: 'https://session.foundation/blog/bluesky-operator',
  feedUrl: 'https://session.foundation/rss.xml',
  firstSeenAt: new Date().toISOString(),
  status: 'announced',
};

let world: CoreWorld;
let bluesky: FakeBluesky;
let close: () => Promise<void>;

beforeEach(async () => {
  ({ world, bluesky, close } = await coreWorldWithFakes(PATIENT));
  await world.stores.items.record([{ item, normalisedLink: item.link }]);
});
afterEach(() => close());

describe('operating Bluesky', () => {
  it('status shows Bluesky live with the post; its metrics carry platform="bluesky"', async () => {
    await world.queue.announce([item], ['bluesky']);
    await world.work('bluesky');
    const status = await getStatus(world.ctx);
    expect(status.platforms.bluesky).toEqual({ mode: 'live', paused: null, rateLimitedUntil: null });
    expect(status.items[0]!.platforms.bluesky).toMatchObject({ state: 'posted', id: bluesky.posts[0]!.uri, url: expect.stringMatching(/^https:\/\/bsky\.app\/profile\/did:plc:/) });
    expect(await world.metric('herald_posts_total{platform="bluesky",outcome="posted"}')).toBe(1);
    // Without credentials it is a dry run, shown as such.
    expect((await getStatus(coreWorld().ctx)).platforms.bluesky.mode).toBe('dry-run');
  });

  it('the kill switch holds Bluesky alone, shown in status and the gauge, until resumed', async () => {
    await pausePlatforms(world.ctx, ['bluesky'], 'incident 7');
    await world.queue.announce([item], ['bluesky', 'x']);
    expect(await world.work('bluesky')).toEqual([{ kind: 'paused' }]);
    await world.work('x');
    expect(bluesky.posts).toEqual([]);
    expect(bluesky.requests).toEqual([]);
    expect((await getStatus(world.ctx)).platforms.bluesky.paused).toMatchObject({ reason: 'incident 7' });
    await refreshGauges({ metrics: world.metrics, control: world.control, platforms: world.stores.platforms, items: world.stores.items });
    expect(await world.metric('herald_platform_paused{platform="bluesky"}')).toBe(1);
    expect(await world.metric('herald_platform_paused{platform="x"}')).toBe(0);
    await resumePlatforms(world.ctx, ['bluesky']);
    await world.work('bluesky');
    expect(bluesky.posts).toHaveLength(1);
  });

  it('a repost goes out on Bluesky as a new post with the prefix, under its own key', async () => {
    await world.queue.announce([item], ['bluesky']);
    await world.work('bluesky');
    const repost = await repostItem(world.ctx, 'latest', ['bluesky'], true);
    expect(repost.platforms).toEqual([expect.objectContaining({ platform: 'bluesky', status: 'enqueued' })]);
    await world.work('bluesky');
    expect(bluesky.posts.map((p) => p.text.split('\n')[0])).toEqual(['Operator post on Bluesky', 'Reminder: Operator post on Bluesky']);
    expect(new Set(bluesky.posts.map((p) => p.rkey)).size).toBe(2);
  });

  it('deletes a post by its remote id (for herald retract); a post already gone or not ours is said so', async () => {
    await world.queue.announce([item], ['bluesky']);
    await world.work('bluesky');
    const publisher = world.publishers.bluesky as BlueskyPublisher;
    const remoteId = (await world.stores.ledger.get(item.id, 'bluesky'))!.remoteId!;
    expect(await publisher.deletePost(remoteId)).toBe('deleted');
    expect(bluesky.posts).toEqual([]);
    expect(await publisher.deletePost(remoteId)).toBe('deleted');
    expect(await publisher.deletePost('at://did:plc:someoneelse/app.bsky.feed.post/3kabcdefghijk')).toBe('not-ours');
    expect(await publisher.deletePost('1234567890')).toBe('not-ours');
    expect(bluesky.requestsTo('POST /xrpc/com.atproto.repo.deleteRecord')).toHaveLength(2);
  });

  it('probes the credentials (for herald doctor): the account, or what to fix, never the password', async () => {
    expect(await (world.publishers.bluesky as BlueskyPublisher).probeSession()).toEqual({ ok: true, handle: 'session.foundation', did: bluesky.did, service: bluesky.url });
    const wrong = await coreWorldWithFakes({ ...PATIENT, BLUESKY_APP_PASSWORD: 'wrong-wrong-wrong-wrong' });
    try {
      const probe = await (wrong.world.publishers.bluesky as BlueskyPublisher).probeSession();
      expect(probe).toEqual({ ok: false, problem: expect.stringMatching(/refused the app password \(401 AuthenticationRequired: Invalid identifier or password\)\. Create an app password/) });
      expect(JSON.stringify(probe)).not.toContain('wrong-wrong-wrong-wrong');
    } finally {
      await wrong.close();
    }
  });
});
