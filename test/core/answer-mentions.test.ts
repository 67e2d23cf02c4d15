import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerMentions } from '../../src/core/listen/answer-mentions.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type CoreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';

const scammer = { id: '666', username: 'SessionTechFDN' };
const asker = (n: number) => ({ id: String(5000 + n), username: `curious${n}` });
const scamText = 'Claim your SESSION airdrop now at https://session-airdrop.example/claim';
const quotedScam = (n: number, text = '@SessionTechFND is this real?') => ({
  text,
  author: asker(n),
  referenced: { type: 'quoted' as const, tweet: { text: scamText, author: scammer } },
});

describe('answerMentions', () => {
  let world: CoreWorld;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let close: () => Promise<void>;
  const check = (platform: 'x' | 'mastodon') => answerMentions(world.mentionSources[platform]!, world.answer);
  /** A check and the replies it queued, made by the stand-in worker. */
  const checkAndReply = async (platform: 'x' | 'mastodon') => {
    const result = await check(platform);
    await world.work(platform);
    return result;
  };
  const start = async (env: Record<string, string> = {}) => {
    ({ world, x, mastodon, close } = await coreWorldWithFakes(env));
    expect((await check('x')).note).toBe('cursor initialised');
    expect((await check('mastodon')).note).toBe('cursor initialised');
  };
  afterEach(() => close());

  describe('with the default limits', () => {
    beforeEach(() => start());

    it('X: a quoted scam post gets one reply, in reply to the mention, naming the impersonation', async () => {
      const mention = x.addMention(quotedScam(1));
      expect(await checkAndReply('x')).toMatchObject({ fetched: 1, replies: 1 });
      expect(x.tweets).toHaveLength(1);
      const reply = x.tweets[0]!;
      expect(reply.inReplyToTweetId).toBe(mention.id);
      expect(reply.text).toMatch(/^@curious1 Careful — that looks like an impersonation of @SessionTechFND/);
      expect(reply.text).not.toContain('is this real');
      expect(await world.metric('herald_mention_replies_total{platform="x",verdict="lookalike"}')).toBe(1);
      await checkAndReply('x');
      await checkAndReply('x');
      expect(x.tweets).toHaveLength(1);
    });

    it('X: asking about the official account gets "Yes"', async () => {
      x.addMention({ text: '@SessionTechFND is this account legit? @session_app', author: asker(2) });
      await checkAndReply('x');
      expect(x.tweets[0]?.text).toMatch(/^@curious2 Yes — @session_app is an official/);
    });

    it('Mastodon: starts with @acct, replies to the status, mirrors a direct mention, never echoes the link', async () => {
      const mention = mastodon.addMention({
        account: { id: '77', username: 'alice', acct: 'alice@social.example' },
        text: '@session is https://getsession-airdrop.example/claim legit?',
        visibility: 'direct',
      });
      await checkAndReply('mastodon');
      expect(mastodon.statuses).toHaveLength(1);
      const reply = mastodon.statuses[0]!;
      expect(reply.text.startsWith('@alice@social.example ')).toBe(true);
      expect(reply.inReplyToId).toBe(mention.statusId);
      expect(reply.visibility).toBe('direct');
      expect(reply.text).toMatch(/Careful/);
      expect(reply.text).toMatch(/impersonation of getsession\.org/);
      expect(reply.text).not.toContain('getsession-airdrop.example');
      expect(reply.text).not.toMatch(/@SessionTechFND/);
      await checkAndReply('mastodon');
      expect(mastodon.statuses).toHaveLength(1);
    });

    it('a mention that is not a question about officialness gets no reply', async () => {
      x.addMention({ text: '@SessionTechFND the official release notes are great, thanks!', author: asker(3) });
      mastodon.addMention({ account: { id: '78', username: 'bob', acct: 'bob' }, text: '@session when is the official launch?', visibility: 'public' });
      expect(await check('x')).toMatchObject({ fetched: 1, replies: 0, skipped: { 'not-a-question': 1 } });
      expect(await check('mastodon')).toMatchObject({ fetched: 1, replies: 0 });
      expect(world.queue.jobs('x')).toEqual([]);
      expect(world.queue.jobs('mastodon')).toEqual([]);
    });

    it('never replies to itself or to an official account', async () => {
      x.addMention({ text: '@SessionTechFND is this real?', author: { id: '1000', username: 'SessionTechFND' } });
      x.addMention({ text: '@SessionTechFND is this real?', author: { id: '42', username: 'session_app' } });
      expect(await check('x')).toMatchObject({ fetched: 2, replies: 0, skipped: { 'own-post': 1, 'official-author': 1 } });
    });

    it('a paused platform is not even read', async () => {
      await world.stores.platforms.setPause('x', { reason: 'incident', since: 0 });
      const reads = x.requestsTo('GET /2/users/:id/mentions').length;
      expect(await check('x')).toMatchObject({ note: 'platform paused' });
      expect(x.requestsTo('GET /2/users/:id/mentions')).toHaveLength(reads);
    });

    it('rate-limited reads wait for the reset before the next check', async () => {
      const resetAt = Math.floor(world.clock.now() / 1000) + 900;
      x.setRateLimit('GET /2/users/:id/mentions', { remaining: 0, resetAt });
      await check('x');
      expect(await check('x')).toMatchObject({ note: 'rate-limited' });
      const reads = x.requestsTo('GET /2/users/:id/mentions').length;
      expect(await check('x')).toMatchObject({ note: 'mention reads rate-limited' });
      expect(x.requestsTo('GET /2/users/:id/mentions')).toHaveLength(reads);
      world.clock.advance(resetAt * 1000 - world.clock.now() + 1);
      expect((await check('x')).note).not.toBe('mention reads rate-limited');
    });
  });

  it('does not answer mentions made before the first check', async () => {
    ({ world, x, mastodon, close } = await coreWorldWithFakes());
    x.addMention(quotedScam(0));
    expect((await check('x')).note).toBe('cursor initialised');
    expect(await checkAndReply('x')).toMatchObject({ fetched: 0, replies: 0 });
    expect(x.tweets).toHaveLength(0);
  });

  it('one reply per author within the cooldown, and no more than the hourly cap', async () => {
    await start({ MAX_REPLIES_PER_HOUR: '2', REPLY_COOLDOWN_MINUTES: '10' });
    x.addMention(quotedScam(10, '@SessionTechFND is this real? #1'));
    x.addMention(quotedScam(10, '@SessionTechFND is this real? #2'));
    expect(await checkAndReply('x')).toMatchObject({ replies: 1, skipped: { cooldown: 1 } });
    x.addMention(quotedScam(11, '@SessionTechFND is this real? #3'));
    x.addMention(quotedScam(12, '@SessionTechFND is this real? #4'));
    expect(await checkAndReply('x')).toMatchObject({ replies: 1, skipped: { 'hourly-cap': 1 } });
    expect(x.tweets).toHaveLength(2);

    world.clock.advance(3_600_001);
    x.addMention(quotedScam(13, '@SessionTechFND is this real? #5'));
    expect(await checkAndReply('x')).toMatchObject({ replies: 1 });
    expect(x.tweets).toHaveLength(3);
  });
});
