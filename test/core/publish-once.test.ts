import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { ManualClock } from '../../src/adapters/memory/manual-clock.ts';
import { MemoryPostLedger } from '../../src/adapters/memory/memory-post-ledger.ts';
import { createXClient, XPublisher } from '../../src/adapters/x/x-publisher.ts';
import { composePost } from '../../src/core/announce/compose-post.ts';
import { publishOnce, type PublishTask } from '../../src/core/publish/publish-once.ts';
import { type FakeX, startFakeX } from '../fakes/fake-x.ts';

const link = 'https://session.foundation/blog/duplicate-case';
const task: PublishTask = {
  ledgerKey: 'item-1',
  idempotencyKey: 'herald-item-1',
  link,
  expected: { kind: 'announcement', footer: 'footer', link, approved: false },
  compose: (limits) => composePost({ title: 'Duplicate case', link, footer: 'footer' }, limits).text,
};

describe('publishOnce against the real X client', () => {
  let x: FakeX;
  let ledger: MemoryPostLedger;
  let publisher: XPublisher;
  const log = pino({ level: 'silent' });
  const clock = new ManualClock(Date.now());

  beforeEach(async () => {
    x = await startFakeX();
    ledger = new MemoryPostLedger();
    publisher = new XPublisher(
      createXClient({ appKey: 'a', appSecret: 'b', accessToken: 'c', accessSecret: 'd' }, x.url, 2000),
    );
  });
  afterEach(async () => {
    await x.close();
  });

  it("counts X's 403 duplicate content as posted, with the existing post's id", async () => {
    // The text is already on the timeline, but the ledger does not know (an outcome Herald lost).
    await publisher.publish({ text: task.compose({ platform: 'x' }), idempotencyKey: 'other' });
    const outcome = await publishOnce(task, { ledger, publisher, log, clock, channels: DEFAULT_OFFICIAL_CHANNELS });
    expect(outcome.kind).toBe('posted');
    expect(outcome.entry.remoteId).toBe(x.tweets[0]!.id);
    expect(x.requestsTo('POST /2/tweets').map((r) => r.at)).toHaveLength(2);
    expect(x.tweets).toHaveLength(1);
    expect((await ledger.get('item-1', 'x'))?.state).toBe('posted');
  });

  it('does not call X again once the ledger says posted', async () => {
    await publishOnce(task, { ledger, publisher, log, clock, channels: DEFAULT_OFFICIAL_CHANNELS });
    const again = await publishOnce(task, { ledger, publisher, log, clock, channels: DEFAULT_OFFICIAL_CHANNELS });
    expect(again.kind).toBe('already-posted');
    expect(x.requestsTo('POST /2/tweets')).toHaveLength(1);
  });
});
