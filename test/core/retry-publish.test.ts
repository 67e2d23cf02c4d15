import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retryPublish } from '../../src/core/operate/retry-publish.ts';
import { giveUpPublish } from '../../src/core/publish/give-up-publish.ts';
import { markFailed, markPosted } from '../../src/domain/ledger-entry.ts';
import type { Item } from '../../src/domain/item.ts';
import { type FakeX, x401 } from '../fakes/fake-x.ts';
import { type CoreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';

const item: Item = {
  id: '1a2b3c4d5e6f7081',
  identity: 'https://session.foundation/blog/retry-1',
  title: 'Retry post 1',
  link: 'https://session.foundation/blog/retry-1',
  feedUrl: 'https://session.foundation/rss.xml',
  firstSeenAt: new Date().toISOString(),
  status: 'announced',
};

describe('retrying a failed publish', () => {
  let world: CoreWorld;
  let x: FakeX;
  let close: () => Promise<void>;
  const ledger = () => world.stores.ledger.get(item.id, 'x');

  beforeEach(async () => {
    ({ world, x, close } = await coreWorldWithFakes());
    await world.stores.items.record([{ item, normalisedLink: item.link }]);
    await world.queue.announce([item], ['x']);
  });
  afterEach(() => close());

  it('a hard stop fails the job once; once the cause is fixed, retry posts it once', async () => {
    x.failNext('POST /2/tweets', x401());
    expect(await world.work('x')).toEqual([expect.objectContaining({ kind: 'hard-stop' })]);
    expect(world.queue.jobs('x', 'failed')).toHaveLength(1);
    expect(await ledger()).toMatchObject({ state: 'failed', reason: expect.stringMatching(/X rejected the credentials \(401\)/) });

    expect(await retryPublish(world.ctx, item.id, ['x'])).toEqual({ key: item.id, platforms: [{ platform: 'x', status: 'retrying' }] });
    expect(await ledger()).toMatchObject({ state: 'pending' });
    expect((await ledger())?.reason).toBeUndefined();
    await world.work('x');
    expect(x.tweets).toHaveLength(1);
    expect(x.requestsTo('POST /2/tweets')).toHaveLength(2);
    expect(await ledger()).toMatchObject({ state: 'posted', remoteId: x.tweets[0]!.id });
  });

  it('retries that ran out leave the ledger failed with the command that tries again', async () => {
    await world.stores.ledger.set(item.id, 'x', { state: 'pending', text: 'text', attemptedAt: 1, updatedAt: 1 });
    await giveUpPublish(item.id, 'x', { attemptsMade: 17, message: 'X answered HTTP 503 while posting' }, { ...world, ledger: world.stores.ledger });
    expect(await ledger()).toMatchObject({
      state: 'failed',
      attemptedAt: 1,
      reason: `gave up after 17 attempts: X answered HTTP 503 while posting. Run "herald retry ${item.id} --platform x" once the cause is fixed.`,
    });
    expect(await world.metric('herald_posts_total{platform="x",outcome="failed"}')).toBe(1);
  });

  it('giving up never overwrites a settled entry', async () => {
    const posted = markPosted('text', { remoteId: '42' }, 5);
    await world.stores.ledger.set(item.id, 'x', posted);
    await giveUpPublish(item.id, 'x', { attemptsMade: 3, message: 'late failure' }, { ...world, ledger: world.stores.ledger });
    expect(await ledger()).toEqual(posted);
    const failed = markFailed('text', 'X rejected the credentials (401)', 6);
    await world.stores.ledger.set(item.id, 'x', failed);
    await giveUpPublish(item.id, 'x', { attemptsMade: 1, message: 'X rejected the credentials (401)' }, { ...world, ledger: world.stores.ledger });
    expect(await ledger()).toEqual(failed);
    expect(await world.metric('herald_posts_total{platform="x",outcome="failed"}')).toBeUndefined();
  });

  it('a failed job cleaned up from the queue is replaced by a fresh one', async () => {
    await world.stores.ledger.set(item.id, 'mastodon', markFailed('text', 'gave up', 1));
    expect((await retryPublish(world.ctx, item.id, ['mastodon'])).platforms).toEqual([{ platform: 'mastodon', status: 'retrying' }]);
    expect(world.queue.jobs('mastodon').map((j) => j.id)).toEqual([expect.stringMatching(new RegExp(`^announce-${item.id}-retry-\\d+$`))]);
  });

  it('says what is not failed, and refuses what cannot be retried', async () => {
    expect(await retryPublish(world.ctx, item.id)).toEqual({
      key: item.id,
      platforms: [
        { platform: 'x', status: 'not-failed', state: 'none' },
        { platform: 'mastodon', status: 'not-failed', state: 'none' },
        { platform: 'bluesky', status: 'not-failed', state: 'none' },
      ],
    });
    await expect(retryPublish(world.ctx, 'reply-999')).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/Nothing to retry/) });
    await world.stores.ledger.set('reply-999', 'x', markFailed('@a text', 'X refused the reply', 1));
    await expect(retryPublish(world.ctx, 'reply-999', ['x'])).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/repost the item instead/) });
  });
});
