import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type FakeWorld, startFakeWorld } from '../helpers/fake-world.ts';
import { startTestService, type TestService, } from '../helpers/start-test-service.ts';
import { waitFor } from '../helpers/wait-for.ts';

const scammer = { id: '666', username: 'SessionTechFDN' };
const asker = (n: number) => ({ id: String(5000 + n), username: `curious${n}` });
const scamText = 'Claim your SESSION airdrop now at https://session-airdrop.example/claim';

describe('answering "is this official?" mentions', () => {
  let feed: FakeFeed;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let prefix: string;
  let world: FakeWorld;
  let service: TestService | undefined;

  const start = async (extra: Record<string, string> = {}) => {
    service = await startTestService(
      prefix,
      world.env({
      MENTIONS_POLL_SECONDS: '1',
        MASTODON_MENTIONS_POLL_SECONDS: '1',
        ...extra,
      }),
    );
    // The first check only sets the cursor to now; wait until a second check has started.
    await x.waitForRequests('GET /2/users/:id/mentions', 2, 8000);
    await mastodon.waitForRequests('GET /api/v1/notifications', 2, 8000);
  };
  const moreChecks = async (n: number) => {
    await x.waitForRequests('GET /2/users/:id/mentions', x.requestsTo('GET /2/users/:id/mentions').length + n, 8000);
    await mastodon.waitForRequests('GET /api/v1/notifications', mastodon.requestsTo('GET /api/v1/notifications').length + n, 8000);
  };

  beforeEach(async () => {
    world = await startFakeWorld();
    ({ feed, x, mastodon, prefix } = world);
    feed.setFeed('/rss.xml', rss([{ title: 'Hello', link: 'https://session.foundation/blog/hello', pubDate: new Date() }]));
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    await world.close();
  });

  it('does not answer mentions made before the first run', async () => {
    x.addMention({ text: '@SessionTechFND is this real?', author: asker(0), referenced: { type: 'quoted', tweet: { text: scamText, author: scammer } } });
    await start();
    await moreChecks(2);
    expect(x.tweets).toHaveLength(0);
    expect(mastodon.statuses).toHaveLength(0);
  });

  it('X: a quoted scam post gets one reply, in reply to the mention, naming the impersonation', async () => {
    await start();
    const mention = x.addMention({
      text: '@SessionTechFND is this real?',
      author: asker(1),
      referenced: { type: 'quoted', tweet: { text: scamText, author: scammer } },
    });
    await waitFor(() => x.tweets.length === 1, 'the reply on X');
    const reply = x.tweets[0]!;
    expect(reply.inReplyToTweetId).toBe(mention.id);
    expect(reply.text).toMatch(/^@curious1 Careful — that looks like an impersonation of @SessionTechFND/);
    expect(reply.text).not.toContain('is this real');
    await moreChecks(3);
    expect(x.tweets).toHaveLength(1);
  });

  it('X: asking about the official account gets "Yes"', async () => {
    await start();
    x.addMention({ text: '@SessionTechFND is this account legit? @session_app', author: asker(2) });
    await waitFor(() => x.tweets.length === 1, 'the reply on X');
    expect(x.tweets[0]!.text).toMatch(/^@curious2 Yes — @session_app is an official/);
  });

  it('Mastodon: starts with @acct, replies to the status, mirrors a direct mention', async () => {
    await start();
    const mention = mastodon.addMention({
      account: { id: '77', username: 'alice', acct: 'alice@social.example' },
      text: '@session is https://getsession-airdrop.example/claim legit?',
      visibility: 'direct',
    });
    await waitFor(() => mastodon.statuses.length === 1, 'the reply on Mastodon');
    const reply = mastodon.statuses[0]!;
    expect(reply.text.startsWith('@alice@social.example ')).toBe(true);
    expect(reply.inReplyToId).toBe(mention.statusId);
    expect(reply.visibility).toBe('direct');
    expect(reply.text).toMatch(/Careful/);
    expect(reply.text).toMatch(/impersonation of getsession\.org/);
    expect(reply.text).not.toContain('getsession-airdrop.example');
    expect(reply.text).not.toMatch(/@SessionTechFND/);
    await moreChecks(3);
    expect(mastodon.statuses).toHaveLength(1);
  });

  it('a mention that is not a question about officialness gets no reply', async () => {
    await start();
    x.addMention({ text: '@SessionTechFND the official release notes are great, thanks!', author: asker(3) });
    mastodon.addMention({ account: { id: '78', username: 'bob', acct: 'bob' }, text: '@session when is the official launch?', visibility: 'public' });
    await moreChecks(3);
    expect(x.tweets).toHaveLength(0);
    expect(mastodon.statuses).toHaveLength(0);
  });

  it('one reply per author within the cooldown, and no more than the hourly cap', async () => {
    await start({ MAX_REPLIES_PER_HOUR: '2' });
    const question = (n: number) => ({ text: `@SessionTechFND is this real? #${n}`, author: asker(10), referenced: { type: 'quoted' as const, tweet: { text: scamText, author: scammer } } });
    x.addMention(question(1));
    x.addMention(question(2));
    await waitFor(() => x.tweets.length === 1, 'one reply');
    await moreChecks(2);
    expect(x.tweets).toHaveLength(1);

    x.addMention({ ...question(3), author: asker(11) });
    x.addMention({ ...question(4), author: asker(12) });
    await waitFor(() => x.tweets.length === 2, 'a second reply, to another author');
    await moreChecks(3);
    expect(x.tweets).toHaveLength(2);
  });

  it('never replies to itself or to an official account', async () => {
    await start();
    x.addMention({ text: '@SessionTechFND is this real?', author: { id: '1000', username: 'SessionTechFND' } });
    x.addMention({ text: '@SessionTechFND is this real?', author: { id: '42', username: 'session_app' } });
    await moreChecks(3);
    expect(x.tweets).toHaveLength(0);
  });
});
