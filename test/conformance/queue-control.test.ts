import { afterEach, describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/item.ts';
import { type OpenQueue, QUEUE_FAMILIES } from './queue-families.ts';

const item: Item = {
  id: 'item1',
  identity: 'https://session.foundation/blog/1',
  title: 'Post 1',
  link: 'https://session.foundation/blog/1',
  feedUrl: 'https://session.foundation/rss.xml',
  firstSeenAt: '2026-01-01T00:00:00.000Z',
  status: 'announced',
};

describe.each(QUEUE_FAMILIES)('queue control ($name)', (family) => {
  let open: OpenQueue | undefined;
  afterEach(async () => {
    await open?.close();
    open = undefined;
  });

  it('pauses and resumes one platform', async () => {
    open = await family.open();
    await open.control.pausePublishing('x');
    expect(await open.isPaused('x')).toBe(true);
    expect(await open.isPaused('mastodon')).toBe(false);
    await open.control.resumePublishing('x');
    expect(await open.isPaused('x')).toBe(false);
  });

  it('counts jobs per publish queue and state', async () => {
    open = await family.open();
    await open.queue.announce([item], ['mastodon']);
    const counts = await open.control.jobCounts();
    expect(counts['publish-mastodon']).toMatchObject({ waiting: 1, failed: 0, completed: 0 });
    expect(counts['publish-x']).toMatchObject({ waiting: 0 });
  });

  it('a poll now is answered by the poll worker, feed by feed', async () => {
    open = await family.open(async (feedUrl) => ({ feedUrl, result: 'fetched', found: 3 }));
    const reports = await open.control.pollNow(['https://a.example/rss.xml', 'https://b.example/rss.xml'], 10_000);
    expect(reports).toEqual([
      { feedUrl: 'https://a.example/rss.xml', result: 'fetched', found: 3 },
      { feedUrl: 'https://b.example/rss.xml', result: 'fetched', found: 3 },
    ]);
  });

  it('counts the workers that take polls: none without a service, one with', async () => {
    open = await family.open();
    expect(await open.control.pollWorkers()).toBe(0);
    await open.close();
    open = await family.open(async (feedUrl) => ({ feedUrl, result: 'fetched', found: 0 }));
    expect(await open.control.pollWorkers()).toBe(1);
  });

  it('with no poll worker, each feed reports a failure that says why', async () => {
    open = await family.open();
    const [report] = await open.control.pollNow(['https://a.example/rss.xml'], 300);
    expect(report).toMatchObject({ feedUrl: 'https://a.example/rss.xml', result: 'failed' });
    expect(report?.error).toMatch(/.{10,}/);
  });
});
