import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerMentions } from '../../src/core/listen/answer-mentions.ts';
import { type CheckDeps, checkInput } from '../../src/core/public/check-input.ts';
import { listAnnouncements } from '../../src/core/public/list-announcements.ts';
import type { Item } from '../../src/domain/item.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type CoreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';

const item: Item = {
  id: '00000000000000c1',
  identity: 'https://session.foundation/blog/core-check',
  title: 'Core check post',
  link: 'https://session.foundation/blog/core-check',
  feedUrl: 'https://session.foundation/rss.xml',
  publishedAt: '2026-05-04T00:00:00.000Z',
  firstSeenAt: new Date().toISOString(),
  status: 'announced',
};

describe('the public check on what the core really posted (real clients, the fakes)', () => {
  let world: CoreWorld;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let close: () => Promise<void>;
  let deps: CheckDeps;
  beforeEach(async () => {
    ({ world, x, mastodon, close } = await coreWorldWithFakes({ PUBLIC_BASE_URL: 'https://herald.session.example', REPLY_CHECK_LINK: 'true' }));
    deps = { channels: world.config.officialChannels, ledger: world.stores.ledger, items: world.stores.items, xApiBaseUrl: world.config.x.baseUrl };
    await world.stores.items.record([{ item, normalisedLink: item.link }]);
    await world.queue.announce([item], ['x', 'mastodon']);
    await world.work('x');
    await world.work('mastodon');
  });
  afterEach(() => close());

  it('recognises the posts of an announcement on both platforms, and lists them with links to the fakes', async () => {
    const tweet = x.tweets[0]!;
    const status = mastodon.statuses[0]!;
    expect(await checkInput(`https://x.com/SessionTechFND/status/${tweet.id}`, deps)).toMatchObject({ kind: 'announcement', item: { id: item.id }, date: '2026-05-04' });
    expect(await checkInput(`${x.url}/i/status/${tweet.id}`, deps)).toMatchObject({ kind: 'announcement', platform: 'x' });
    expect(await checkInput(`${mastodon.url}/@session/${status.id}`, deps)).toMatchObject({ kind: 'announcement', platform: 'mastodon' });
    // The same status id under another account, and on another server, is not Herald's post.
    expect(await checkInput(`${mastodon.url}/@mallory/${status.id}`, deps)).toMatchObject({ kind: 'verdict' });
    expect(await checkInput(`https://mastodon.example/@session/${status.id}`, deps)).not.toMatchObject({ kind: 'announcement' });

    const page = await listAnnouncements({ items: world.stores.items, ledger: world.stores.ledger, xApiBaseUrl: world.config.x.baseUrl }, 1, 20);
    expect(page.announcements.map((a) => a.posts)).toEqual([
      [
        { platform: 'x', url: `${x.url}/i/status/${tweet.id}`, retracted: false },
        { platform: 'mastodon', url: `${mastodon.url}/@session/${status.id}`, retracted: false },
      ],
    ]);
  });

  it('calls Herald\'s reply an official account\'s post, not an announcement; the reply ends with the check link', async () => {
    const check = (p: 'x' | 'mastodon') => answerMentions(world.mentionSources[p]!, world.answer);
    expect((await check('x')).note).toBe('cursor initialised');
    x.addMention({ text: '@SessionTechFND is getsession-airdrop.com real?', author: { id: '5001', username: 'curious' } });
    await check('x');
    await world.work('x');
    const reply = x.tweets.find((t) => t.text.startsWith('@curious'))!;
    expect(reply.text).toMatch(/\nCheck any link: https:\/\/herald\.session\.example\/check$/);
    expect(await checkInput(`https://x.com/SessionTechFND/status/${reply.id}`, deps)).toMatchObject({ kind: 'official-account' });
    expect(await checkInput(`https://x.com/i/status/${reply.id}`, deps)).toMatchObject({ kind: 'official-account' });
  });
});
