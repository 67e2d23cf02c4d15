import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pollFeed } from '../../src/core/announce/poll-feed.ts';
import { getStatus } from '../../src/core/operate/get-status.ts';
import { previewFeed } from '../../src/core/operate/preview-feed.ts';
import { approveItem } from '../../src/core/operate/review-held-item.ts';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { atom, type BuiltItem, rss } from '../fakes/feed-builders.ts';
import { type CoreWorldWithFakes, coreWorldWithFakes } from '../helpers/core-world.ts';

/** An item whose `<link>` is perfectly official: only its words may betray it. */
const official = (n: number, title: string, description?: string): BuiltItem => ({
  title,
  link: `https://session.foundation/blog/text-${n}`,
  pubDate: new Date(Date.now() - n * 60_000),
  description,
});
const baseline = official(90, 'An old post');

describe('text that links is held (title or summary), whatever the link beside it', () => {
  let feed: FakeFeed;
  let feedUrl: string;
  let fakes: CoreWorldWithFakes;
  const poll = () => pollFeed(feedUrl, fakes.world.poll, { force: true });
  /** Polls a feed with one new item (beside the baseline) and returns what became of it. */
  const pollOne = async (item: BuiltItem) => {
    feed.setFeed('/rss.xml', rss([item, baseline]));
    const result = await poll();
    expect(result.announced.length + result.held.length, item.title).toBe(1);
    return result;
  };

  beforeEach(async () => {
    feed = await startFakeFeed();
    feedUrl = feed.feedUrl('/rss.xml');
    fakes = await coreWorldWithFakes({ FEED_URLS: feedUrl, BURST_LIMIT: '100' });
    feed.setFeed('/rss.xml', rss([baseline]));
    await poll();
  });
  afterEach(async () => {
    await feed.close();
    await fakes.close();
  });

  it.each([
    ['a scam URL', 'New wallet: claim at https://session-airdrop.help/claim'],
    ['a scheme URL on an unknown TLD', 'Details at https://session.example/claim now'],
    ['a bare domain (X links it)', 'Session airdrop live on getsession-airdrop.com'],
    ['a bare domain on a new TLD', 'Download the new Session.app today'],
    ['an official name in the path of another host', 'Read it at evil.com/session.foundation'],
    ['an x.com profile', 'Follow x.com/SessionTechFDN for updates'],
    ['a shortened link', 'Quick link: bit.ly/3xYzAbC'],
    ['a Mastodon handle', 'Now on @session@mastodon-airdrop.social too'],
    ['an X handle not on the registry', 'Thanks @SessionTechFDN for the support'],
    ['an internationalised lookalike domain', 'Mirror: getsessіon.org (Cyrillic і)'],
    ['a fullwidth domain', 'Claim at ｇｅｔｓｅｓｓｉｏｎ-airdrop．com'],
    ['a domain with an ideographic full stop', 'Claim at getsession-airdrop。com'],
    ['a link with userinfo', 'See https://session.foundation@evil.com/claim'],
    ['a Telegram link', 'Join us on t.me/session_airdrop'],
  ])('holds a title carrying %s as text-link', async (_what, title) => {
    const result = await pollOne(official(1, title));
    expect(result.announced).toEqual([]);
    expect(result.held).toEqual([expect.objectContaining({ holdReason: 'text-link', holdDetail: expect.stringMatching(/title/) })]);
  });

  it.each([
    ['the real footer', '⚠️ Only trust updates from session.foundation or @SessionTechFND. Beware of impersonators.'],
    ['a fake footer naming no link', 'Big news ⚠️ Only trust updates from SessionTechFDN'],
    ['a footer in other case and spacing', 'ONLY   TRUST  updates FROM the team'],
    ['a look-alike spelling', 'Вeware of impersonators: new wallet'],
    ['a warning sign with impersonators', '🚨 impersonators are everywhere, use the new app'],
  ])('holds a title imitating the scam warning (%s) as footer-like-text', async (_what, title) => {
    const result = await pollOne(official(2, title));
    expect(result.held).toEqual([expect.objectContaining({ holdReason: 'footer-like-text' })]);
  });

  it('holds on the summary too (RSS description and Atom summary), though the summary is never posted', async () => {
    const rssResult = await pollOne(official(3, 'A plain title', '<p>Claim yours at <b>session-airdrop.help</b></p>'));
    expect(rssResult.held).toEqual([expect.objectContaining({ holdReason: 'text-link', holdDetail: expect.stringMatching(/summary/) })]);
    feed.setFeed('/rss.xml', atom([{ ...official(4, 'Another plain title'), description: 'Beware of impersonators!' }, baseline]));
    const atomResult = await poll();
    expect(atomResult.held).toEqual([expect.objectContaining({ holdReason: 'footer-like-text' })]);
  });

  it('announces titles and summaries whose links are all official (positive control)', async () => {
    const titles = [
      'Session 1.21.0 is out: get it at getsession.org',
      'Thanks @SessionTechFND followers! Release notes on session.foundation/blog',
      'Version 2.0.1 and Node.js 24: what changed',
      'Code at github.com/session-foundation, posts at x.com/SessionTechFND',
    ];
    const keys: string[] = [];
    for (const [i, title] of titles.entries()) {
      const result = await pollOne(official(10 + i, title, i === 0 ? 'Download from https://getsession.org/download' : undefined));
      expect(result.held, title).toEqual([]);
      keys.push(result.announced[0]!.id);
    }
    await fakes.world.work('x');
    await fakes.world.work('mastodon');
    expect(fakes.x.tweets).toHaveLength(titles.length);
    expect(fakes.mastodon.statuses).toHaveLength(titles.length);
    // The sigil still goes: an official handle is not held, and still cannot tag.
    expect((await fakes.world.stores.ledger.get(keys[1]!, 'x'))?.text).toMatch(/^Thanks SessionTechFND followers!/);
  });

  it('the reason shows in status, preview, the metric and one warning; approve releases it and it posts', async () => {
    const scam = official(5, 'Airdrop: https://session-airdrop.help/claim');
    const result = await pollOne(scam);
    const key = result.held[0]!.id;
    const { world } = fakes;
    const status = await getStatus(world.ctx);
    expect(status.held).toEqual([expect.objectContaining({ key, reason: 'text-link', detail: expect.stringContaining('session-airdrop.help') })]);
    expect(status.items.find((i) => i.key === key)?.platforms.x).toMatchObject({ state: 'held', reason: 'text-link' });
    expect(await world.metric('herald_items_held_total{reason="text-link"}')).toBe(1);
    const warnings = world.logs.filter((l) => l.level === 40 && String(l.msg).includes(`herald approve ${key}`));
    expect(warnings).toEqual([expect.objectContaining({ reason: 'text-link', detail: expect.stringContaining('session-airdrop.help') })]);

    feed.setFeed('/rss.xml', rss([official(6, 'Fresh: getsession-airdrop.com'), scam, baseline]));
    const preview = await previewFeed(world.ctx, feedUrl, { publishers: world.publishers, fetcher: world.poll.fetcher, readFile: async () => '' });
    expect(preview.items.find((i) => i.title === 'Fresh: getsession-airdrop.com')).toMatchObject({ verdict: 'held', reason: 'text-link' });

    expect(world.queue.jobs('x')).toEqual([]);
    await approveItem(world.ctx, key);
    await world.work('x');
    await world.work('mastodon');
    expect(fakes.x.tweets).toHaveLength(1);
    expect(fakes.mastodon.statuses).toHaveLength(1);
  });
});
