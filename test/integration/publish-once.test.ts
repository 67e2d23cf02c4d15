import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composePost } from '../../src/announce/compose-post.ts';
import { publishOnce, type PublishTask } from '../../src/announce/publish-once.ts';
import { createXClient, XPublisher } from '../../src/publish/x-publisher.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { type FakeX, startFakeX } from '../fakes/fake-x.ts';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../helpers/redis-prefix.ts';

const link = 'https://session.foundation/blog/duplicate-case';
const task: PublishTask = {
  ledgerKey: 'item-1',
  idempotencyKey: 'herald-item-1',
  link,
  compose: (limits) => composePost({ title: 'Duplicate case', link, footer: 'footer' }, limits).text,
};

describe('publishOnce against the real X client', () => {
  let x: FakeX;
  let redis: Redis;
  let store: RedisStore;
  let prefix: string;
  let publisher: XPublisher;
  const log = pino({ level: 'silent' });

  beforeEach(async () => {
    prefix = testPrefix();
    x = await startFakeX();
    redis = new Redis(TEST_REDIS_URL);
    store = new RedisStore(redis, prefix);
    publisher = new XPublisher(
      createXClient({ appKey: 'a', appSecret: 'b', accessToken: 'c', accessSecret: 'd' }, x.url, 2000),
    );
  });
  afterEach(async () => {
    redis.disconnect();
    await x.close();
    await cleanupPrefix(prefix);
  });

  it("counts X's 403 duplicate content as posted, with the existing post's id", async () => {
    // The text is already on the timeline, but the ledger does not know (an outcome Herald lost).
    await publisher.publish({ text: task.compose({ platform: 'x' }), idempotencyKey: 'other' });
    const outcome = await publishOnce(task, { store, publisher, log, now: Date.now });
    expect(outcome.kind).toBe('posted');
    expect(outcome.entry.remoteId).toBe(x.tweets[0]!.id);
    expect(x.requestsTo('POST /2/tweets').map((r) => r.at)).toHaveLength(2);
    expect(x.tweets).toHaveLength(1);
    expect((await store.getLedger('item-1', 'x'))?.state).toBe('posted');
  });

  it('does not call X again once the ledger says posted', async () => {
    await publishOnce(task, { store, publisher, log, now: Date.now });
    const again = await publishOnce(task, { store, publisher, log, now: Date.now });
    expect(again.kind).toBe('already-posted');
    expect(x.requestsTo('POST /2/tweets')).toHaveLength(1);
  });
});
