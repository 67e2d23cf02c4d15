import { afterEach, describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/item.ts';
import { type OpenQueue, QUEUE_FAMILIES } from './queue-families.ts';

const item = (n: number): Item => ({
  id: `item${n}`,
  identity: `https://session.foundation/blog/${n}`,
  title: `Post ${n}`,
  link: `https://session.foundation/blog/${n}`,
  feedUrl: 'https://session.foundation/rss.xml',
  firstSeenAt: '2026-01-01T00:00:00.000Z',
  status: 'announced',
});

describe.each(QUEUE_FAMILIES)('the publish queue ($name)', (family) => {
  let open: OpenQueue | undefined;
  afterEach(async () => {
    await open?.close();
    open = undefined;
  });

  it('one announce job per item and platform, whatever how often it is added', async () => {
    open = await family.open();
    await open.queue.announce([item(1), item(2)], ['x', 'mastodon']);
    await open.queue.announce([item(1)], ['x', 'mastodon']);
    const onX = await open.jobs('x');
    expect(onX.map((j) => j.id).sort()).toEqual(['announce-item1', 'announce-item2']);
    expect(onX.find((j) => j.id === 'announce-item1')?.data).toEqual({
      kind: 'announce',
      itemId: 'item1',
      ledgerKey: 'item1',
      title: 'Post 1',
      link: 'https://session.foundation/blog/1',
    });
    expect(await open.jobs('mastodon')).toHaveLength(2);
    expect(await open.queue.has('x', 'announce-item1')).toBe(true);
    expect(await open.queue.has('x', 'announce-item3')).toBe(false);
  });

  it('announces on the platforms asked for only', async () => {
    open = await family.open();
    await open.queue.announce([item(1)], ['mastodon']);
    expect(await open.jobs('x')).toEqual([]);
    expect(await open.jobs('mastodon')).toHaveLength(1);
  });

  it('a backfilled announcement looks on the timeline first; an approved item carries its approval', async () => {
    open = await family.open();
    await open.queue.announce([item(1)], ['x'], { lookFirst: true });
    await open.queue.announce([{ ...item(2), approvedAt: '2026-01-02T00:00:00.000Z' }], ['x']);
    const jobs = await open.jobs('x');
    expect(jobs.find((j) => j.id === 'announce-item1')?.data).toMatchObject({ lookFirst: true });
    expect(jobs.find((j) => j.id === 'announce-item2')?.data).toMatchObject({ approved: true });
    expect(jobs.find((j) => j.id === 'announce-item2')?.data).not.toHaveProperty('lookFirst');
  });

  it('a repost is a job of its own, with its prefix and a ledger key of its own', async () => {
    open = await family.open();
    await open.queue.announce([item(1)], ['x']);
    const key = await open.queue.repost(item(1), 'x', 'Reminder:', 1_767_000_000_000);
    expect(key).toBe('repost-item1-1767000000000');
    const repost = (await open.jobs('x')).find((j) => j.id === key);
    expect(repost?.data).toMatchObject({ kind: 'repost', itemId: 'item1', ledgerKey: key, prefix: 'Reminder:' });
  });

  it('a reply job has the ledger key as its id, once', async () => {
    open = await family.open();
    const reply = { ledgerKey: 'reply-77', mentionId: '77', text: '@a Yes', inReplyToId: '77', verdict: 'official', visibility: 'direct' as const };
    await open.queue.reply('mastodon', reply);
    await open.queue.reply('mastodon', { ...reply, text: 'another text' });
    const jobs = await open.jobs('mastodon');
    expect(jobs).toEqual([{ id: 'reply-77', data: { kind: 'reply', ...reply } }]);
    expect(await open.queue.has('mastodon', 'reply-77')).toBe(true);
  });

  it('retry runs a failed job again, adds a fresh one when it is gone, and says when nothing can run it', async () => {
    open = await family.open();
    await open.queue.announce([item(1)], ['x']);
    expect(await open.failOnlyJob('x')).toBe('announce-item1');
    expect(await open.queue.retryFailed('x', 'item1', item(1))).toBe('retried');
    expect((await open.jobs('x')).map((j) => j.id)).toEqual(['announce-item1']);

    expect(await open.queue.retryFailed('x', 'item2', item(2))).toBe('added');
    const fresh = (await open.jobs('x')).find((j) => j.id !== 'announce-item1');
    expect(fresh?.id).toMatch(/^announce-item2-retry-\d+$/);
    expect(fresh?.data).toMatchObject({ kind: 'announce', itemId: 'item2', ledgerKey: 'item2' });

    expect(await open.queue.retryFailed('x', 'reply-9', undefined)).toBe('gone');
  });

  it('a job that has not failed is not run twice by a retry', async () => {
    open = await family.open();
    await open.queue.announce([item(1)], ['x']);
    expect(await open.queue.retryFailed('x', 'item1', item(1))).toBe('added');
    expect(await open.jobs('x')).toHaveLength(2);
  });
});
