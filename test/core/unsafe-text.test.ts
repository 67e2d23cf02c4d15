import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { composeReply } from '../../src/core/mentions/compose-reply.ts';
import { parseSubject } from '../../src/core/mentions/parse-subject.ts';
import { verifySubject } from '../../src/core/mentions/verify-subject.ts';
import { repostItem } from '../../src/core/operate/repost-item.ts';
import { approveItem } from '../../src/core/operate/review-held-item.ts';
import { findUnsafeText } from '../../src/core/publish/find-unsafe-text.ts';
import type { Item } from '../../src/domain/item.ts';
import type { Platform } from '../../src/domain/platform.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type CoreWorld, coreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';

const item = (n: number, overrides: Partial<Item> = {}): Item => ({
  id: `00000000000000${String(n).padStart(2, '0')}`,
  identity: `https://session.foundation/blog/unsafe-${n}`,
  title: `Unsafe case ${n}`,
  link: `https://session.foundation/blog/unsafe-${n}`,
  feedUrl: 'https://session.foundation/rss.xml',
  firstSeenAt: new Date().toISOString(),
  status: 'announced',
  ...overrides,
});

describe('the final check before every platform call: unsafe text never posts', () => {
  let world: CoreWorld;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let close: () => Promise<void>;
  const failed = async (key: string, platform: Platform) => world.stores.ledger.get(key, platform);

  beforeEach(async () => {
    ({ world, x, mastodon, close } = await coreWorldWithFakes());
  });
  afterEach(() => close());

  it.each([
    ['a title with a scam URL', { title: 'Claim at https://session-airdrop.help/claim' }],
    ['a title with a bare lookalike domain', { title: 'Airdrop live on getsession-airdrop.com' }],
    ['a title imitating the footer', { title: '⚠️ Only trust updates from SessionTechFDN' }],
    ['a link off the official channels (never approved)', { link: 'https://session-foundation.help/claim' }],
    ['a title with a Mastodon account', { title: 'Follow @session@mastodon-airdrop.social' }],
  ])('an announcement with %s fails as unsafe-text on both platforms, with nothing sent', async (_what, overrides) => {
    const bad = item(1, overrides);
    // Straight onto the queues, as anything that reaches them could (a stale job, a dashboard, a bug).
    await world.queue.announce([bad], ['x', 'mastodon']);
    expect(await world.work('x')).toEqual([expect.objectContaining({ kind: 'hard-stop', message: expect.stringMatching(/^unsafe-text/) })]);
    expect(await world.work('mastodon')).toEqual([expect.objectContaining({ kind: 'hard-stop' })]);
    expect(x.requestsTo('POST /2/tweets')).toEqual([]);
    expect(mastodon.requestsTo('POST /api/v1/statuses')).toEqual([]);
    for (const platform of ['x', 'mastodon'] as const) {
      expect(await failed(bad.id, platform)).toMatchObject({ state: 'failed', reason: expect.stringMatching(/^unsafe-text/) });
      expect(await world.metric(`herald_posts_total{platform="${platform}",outcome="unsafe_text"}`)).toBe(1);
    }
    expect(world.queue.jobs('x', 'failed')).toHaveLength(1);
  });

  it('a repost job is checked with its prefix: a scam prefix fails, the real one posts (positive control)', async () => {
    const good = item(2);
    await world.stores.items.record([{ item: good, normalisedLink: good.link }]);
    await world.queue.repost(good, 'x', 'Claim yours at getsession-airdrop.com:', world.clock.now());
    expect(await world.work('x')).toEqual([expect.objectContaining({ kind: 'hard-stop', message: expect.stringMatching(/^unsafe-text/) })]);
    expect(x.tweets).toEqual([]);
    world.clock.advance(1000);
    const result = await repostItem(world.ctx, good.id, ['x', 'mastodon'], true);
    expect(result.platforms.map((p) => p.status)).toEqual(['enqueued', 'enqueued']);
    await world.work('x');
    await world.work('mastodon');
    expect(x.tweets.map((t) => t.text.split('\n')[0])).toEqual(['Reminder: Unsafe case 2']);
    expect(mastodon.statuses).toHaveLength(1);
  });

  it('a reply job whose text links anywhere unofficial fails; real replies go out', async () => {
    await world.queue.reply('mastodon', {
      ledgerKey: 'reply-1',
      mentionId: '1',
      inReplyToId: '1',
      verdict: 'official',
      text: '@alice@social.example Yes — https://session-airdrop.help is official.',
    });
    expect(await world.work('mastodon')).toEqual([expect.objectContaining({ kind: 'hard-stop', message: expect.stringMatching(/^unsafe-text/) })]);
    expect(await failed('reply-1', 'mastodon')).toMatchObject({ state: 'failed', reason: expect.stringMatching(/^unsafe-text/) });
    expect(mastodon.statuses).toEqual([]);
  });

  it('an approved item goes out with the links a human approved (the approve path is unchanged)', async () => {
    const offsite = item(3, { status: 'held', holdReason: 'offsite-link', link: 'https://partner.example.org/session-news', title: 'Partner news on partner.example.org' });
    await world.stores.items.record([{ item: offsite, normalisedLink: offsite.link }]);
    await approveItem(world.ctx, offsite.id);
    expect(await world.work('x')).toEqual([expect.objectContaining({ kind: 'done' })]);
    expect(await world.work('mastodon')).toEqual([expect.objectContaining({ kind: 'done' })]);
    expect(x.tweets).toHaveLength(1);
  });

  it('a dry run is checked too', async () => {
    const dry = coreWorld({ DRY_RUN: 'true' });
    await dry.queue.announce([item(4, { title: 'Go to getsession-airdrop.com' }), item(5)], ['x']);
    expect((await dry.work('x')).map((s) => s.kind)).toEqual(['hard-stop', 'done']);
    expect(await dry.metric('herald_posts_total{platform="x",outcome="unsafe_text"}')).toBe(1);
    expect(await dry.metric('herald_posts_total{platform="x",outcome="dry_run"}')).toBe(1);
  });
});

describe('findUnsafeText', () => {
  const channels = DEFAULT_OFFICIAL_CHANNELS;
  const footer = '⚠️ Only trust updates from session.foundation or @SessionTechFND. Beware of impersonators.';
  const link = 'https://session.foundation/blog/post';
  const announcement = { kind: 'announcement' as const, footer, link, approved: false };

  it('passes the post Herald composes and refuses one whose footer is missing or altered', () => {
    expect(findUnsafeText(`Title\n\n${link}\n\n${footer}`, announcement, channels, 'x')).toBeUndefined();
    expect(findUnsafeText(`Title\n\n${link}`, announcement, channels, 'x')).toMatch(/^unsafe-text: .*footer/);
    expect(findUnsafeText(`Title\n\n${link}\n\n${footer.replace('session.foundation', 'session-foundation.help')}`, announcement, channels, 'x')).toMatch(
      /^unsafe-text: .*footer/,
    );
    expect(findUnsafeText(`Title\n\nhttps://session.foundation/other\n\n${footer}`, announcement, channels, 'x')).toMatch(/^unsafe-text/);
  });

  it('real replies pass: every verdict, language and platform, official subjects named and others defanged', () => {
    const subjects = ['@SessionTechFND', '@session_app', 'getsession.org', 'docs.getsession.org', 'getsession-airdrop.com', '@SessionTechFDN', 'https://bit.ly/3xYz', 'evil.example', 'session@mastodon.social', 'github.com/oxen-io'];
    const languages = Object.keys(world0().config.replyTemplates.languages);
    let checked = 0;
    for (const platform of ['x', 'mastodon'] as const) {
      for (const language of languages) {
        for (const input of subjects) {
          const subject = parseSubject(input);
          const verdict = verifySubject(subject!, channels);
          const text = composeReply({ platform, language, subject, verdict, replyToAcct: 'alice@social.example' }, world0().config.replyTemplates);
          expect(findUnsafeText(text, { kind: 'reply' }, channels, platform), `${platform} ${language} ${input}: ${text}`).toBeUndefined();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

let cached: CoreWorld | undefined;
function world0(): CoreWorld {
  cached ??= coreWorld();
  return cached;
}
