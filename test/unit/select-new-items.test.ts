import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { selectNewItems, type SelectionInput } from '../../src/core/announce/select-new-items.ts';
import type { FeedItem } from '../../src/core/feed/parse-feed.ts';

const now = new Date('2026-11-26T12:00:00Z');
const item = (n: number, overrides: Partial<FeedItem> = {}): FeedItem => ({
  key: `https://session.foundation/blog/post-${n}`,
  link: `https://session.foundation/blog/post-${n}`,
  title: `Post ${n}`,
  publishedAt: new Date(now.getTime() - n * 86_400_000),
  feedUrl: 'https://session.foundation/rss.xml',
  ...overrides,
});
const base = (overrides: Partial<SelectionInput>): SelectionInput => ({
  items: [],
  known: new Set(),
  firstPoll: false,
  backfill: 0,
  now,
  maxItemAgeDays: 14,
  officialChannels: DEFAULT_OFFICIAL_CHANNELS,
  burstLimit: 3,
  ...overrides,
});

describe('selectNewItems', () => {
  it('announces nothing on a first poll: every item is a baseline', () => {
    const s = selectNewItems(base({ items: [item(1), item(2)], firstPoll: true }));
    expect(s.announce).toEqual([]);
    expect(s.baseline).toHaveLength(2);
  });

  it('backfills the newest N on a first poll when asked', () => {
    const s = selectNewItems(base({ items: [item(3), item(1), item(2)], firstPoll: true, backfill: 2 }));
    expect(s.announce.map((i) => i.title)).toEqual(['Post 1', 'Post 2']);
    expect(s.baseline.map((i) => i.title)).toEqual(['Post 3']);
  });

  it('announces only items neither known by key nor by link', () => {
    const known = new Set([item(1).key, 'https://session.foundation/blog/post-2']);
    const moved = item(2, { key: 'guid-2-in-another-feed' });
    const s = selectNewItems(base({ items: [item(1), moved, item(3)], known }));
    expect(s.announce.map((i) => i.title)).toEqual(['Post 3']);
  });

  it('treats an edited title with the same guid as known', () => {
    const known = new Set([item(1).key]);
    const s = selectNewItems(base({ items: [item(1, { title: 'Post 1 (edited)' })], known }));
    expect(s.announce).toEqual([]);
  });

  it('announces the same link once even if it appears twice in a poll', () => {
    const s = selectNewItems(base({ items: [item(1), item(1, { key: 'other-guid' })] }));
    expect(s.announce).toHaveLength(1);
  });

  it('skips items older than the age limit', () => {
    const s = selectNewItems(base({ items: [item(1), item(30)] }));
    expect(s.announce.map((i) => i.title)).toEqual(['Post 1']);
    expect(s.tooOld.map((i) => i.title)).toEqual(['Post 30']);
  });

  it('holds items whose link is off the official domains', () => {
    const offsite = item(1, { link: 'https://session-foundation.help/claim', key: 'x' });
    const sub = item(2, { link: 'https://blog.getsession.org/post', key: 'y' });
    const s = selectNewItems(base({ items: [offsite, sub] }));
    expect(s.held).toEqual([{ item: offsite, reason: 'offsite-link', detail: expect.any(String) }]);
    expect(s.announce).toEqual([sub]);
  });

  it('holds every new item of a burst', () => {
    const s = selectNewItems(base({ items: [item(1), item(2), item(3), item(4)] }));
    expect(s.announce).toEqual([]);
    expect(s.held.map((h) => h.reason)).toEqual(['burst', 'burst', 'burst', 'burst']);
  });

  it('in a burst, an item with a reason of its own keeps it (a scam must not hide behind "burst")', () => {
    const scam = item(2, { title: 'Claim at getsession-airdrop.com' });
    const s = selectNewItems(base({ items: [item(1), scam, item(3), item(4)] }));
    expect(s.held.map((h) => h.reason)).toEqual(['burst', 'text-link', 'burst', 'burst']);
  });
});
