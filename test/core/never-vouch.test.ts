/**
 * "Yes, that's official" only for proven official subjects: each attack shape from the issue,
 * on X and on Mastodon, through the real clients against the fake servers, with positive
 * controls beside the refusals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { answerMentions } from '../../src/core/listen/answer-mentions.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type CoreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';

const YES = /Yes —/;
const UNSURE = /I can't verify that\. The Foundation never DMs first, never runs airdrops or giveaways, and never asks for your recovery password\.\nOfficial: session\.foundation, getsession\.org, x\.com\/SessionTechFND/;
const official = { id: '1000', username: 'SessionTechFND' };
const scammer = { id: '666', username: 'SessionTechFDN' };
const asker = (n: number) => ({ id: String(5000 + n), username: `asker${n}` });
const alice = (n: number) => ({ id: String(700 + n), username: `alice${n}`, acct: `alice${n}@social.example` });

let world: CoreWorld;
let x: FakeX;
let mastodon: FakeMastodon;
let close: () => Promise<void> = async () => {};

/** Starts the world (the Mastodon instance's account domain is `domain`) and sets the cursors. */
async function start(domain = 'mastodon.social'): Promise<void> {
  ({ world, x, mastodon, close } = await coreWorldWithFakes({}, { mastodon: { domain } }));
  await answerMentions(world.mentionSources.x!, world.answer);
  await answerMentions(world.mentionSources.mastodon!, world.answer);
}

/** One mention check of a platform and the replies it queued, sent; returns the reply texts. */
async function replies(platform: 'x' | 'mastodon'): Promise<string[]> {
  await answerMentions(world.mentionSources[platform]!, world.answer);
  await world.work(platform);
  return platform === 'x' ? x.tweets.map((t) => t.text) : mastodon.statuses.map((s) => s.text);
}

afterEach(() => close());

describe('X: "yes" only when every subject is verified official', () => {
  it('a token-airdrop question that references nothing gets "I can\'t verify that"; a plain "are you real?" gets yes', async () => {
    await start();
    x.addMention({ text: '@SessionTechFND is this token airdrop real?', author: asker(1) });
    const [unsure] = await replies('x');
    expect(unsure).toMatch(UNSURE);
    expect(unsure).not.toMatch(YES);
    x.addMention({ text: '@SessionTechFND are you the real Session?', author: asker(2) });
    expect((await replies('x'))[1]).toMatch(/^@asker2 Yes — @SessionTechFND is an official Session Technology Foundation account\./);
  });

  it('a question from a lookalike account is not answered, counted and logged; the same question from anyone else is', async () => {
    await start();
    x.addMention({ text: '@SessionTechFND are you the real Session?', author: scammer });
    expect(await replies('x')).toEqual([]);
    expect(await world.metric('herald_mentions_skipped_total{platform="x",reason="lookalike-author"}')).toBe(1);
    expect(world.logs.some((l) => l.level === 40 && String(l.msg).includes('lookalike'))).toBe(true);
    x.addMention({ text: '@SessionTechFND are you the real Session?', author: asker(3) });
    expect(await replies('x')).toHaveLength(1);
  });

  it('a reply to a scam that also quotes an official post is answered about the scam', async () => {
    await start();
    x.addMention({
      text: '@SessionTechFDN @SessionTechFND is this real?',
      author: asker(4),
      referenced: [
        { type: 'replied_to', tweet: { text: 'Claim your airdrop at https://session-airdrop.example/claim', author: scammer } },
        { type: 'quoted', tweet: { text: 'Session Protocol V2 https://session.foundation/blog/v2', author: official } },
      ],
    });
    const [reply] = await replies('x');
    expect(reply).toMatch(/^@asker4 Careful — that looks like an impersonation of @SessionTechFND/);
    // Positive control: the official post alone is vouched for.
    x.addMention({
      text: '@SessionTechFND is this real?',
      author: asker(5),
      referenced: { type: 'quoted', tweet: { text: 'Session Protocol V2 https://session.foundation/blog/v2', author: official } },
    });
    expect((await replies('x'))[1]).toMatch(/^@asker5 Yes — @SessionTechFND is an official/);
  });

  it('a quoted post X did not return (deleted, withheld) gets "I can\'t verify that"', async () => {
    await start();
    x.addMention({ text: '@SessionTechFND is this real?', author: asker(6), referenced: { type: 'quoted', tweet: { text: 'gone', author: official, unavailable: true } } });
    const [reply] = await replies('x');
    expect(reply).toMatch(UNSURE);
  });

  it('a shortened link is "I can\'t verify that"; an official name in its slug is a lookalike', async () => {
    await start();
    x.addMention({ text: '@SessionTechFND is this legit? https://bit.ly/3xYzAbc', author: asker(7) });
    x.addMention({ text: '@SessionTechFND is this legit? https://bit.ly/getsession-airdrop', author: asker(8) });
    const texts = await replies('x');
    expect(texts.find((t) => t.startsWith('@asker7'))).toMatch(UNSURE);
    expect(texts.find((t) => t.startsWith('@asker8'))).toMatch(/Careful/);
  });

  it('URL tricks are never official: userinfo, official names in path, query or an acct path', async () => {
    await start();
    // X links some of these only in part, or not at all, or puts a t.co where the official name
    // was: what the asker wrote is checked too. Never a yes; a warning where the trick shows.
    const tricks: Array<[string, RegExp]> = [
      ['https://getsession.org@evil.example/download', /Careful — that looks like an impersonation of getsession\.org/],
      ['https://evil.example/getsession.org/download', /Careful — that looks like an impersonation of getsession\.org/],
      ['https://evil.example/?ref=session.foundation', /No — evil\[\.\]example is not an official Session channel/],
      ['https://evil.example/@session@mastodon.social/1', /Careful — that looks like an impersonation/],
      ['https://getsession.org.evil.example/', /I can't verify that/],
    ];
    tricks.forEach(([link], i) => {
      x.addMention({ text: `@SessionTechFND is this official? ${link}`, author: asker(10 + i) });
    });
    const texts = await replies('x');
    expect(texts).toHaveLength(tricks.length);
    tricks.forEach(([, expected], i) => {
      const text = texts.find((t) => t.startsWith(`@asker${10 + i} `));
      expect(text).toMatch(expected);
      expect(text).not.toMatch(YES);
    });
    x.addMention({ text: '@SessionTechFND are you the real Session? getsession.org@evil.example', author: asker(19) });
    expect((await replies('x')).find((t) => t.startsWith('@asker19'))).toMatch(/Careful/);
    x.addMention({ text: '@SessionTechFND is this official? https://GetSession.ORG/download', author: asker(20) });
    expect((await replies('x')).find((t) => t.startsWith('@asker20'))).toMatch(/^@asker20 Yes — getsession\.org is an official/);
  });
});

describe('Mastodon: full accts, the status replied to, quotes', () => {
  it('"@session is this really you?" is answered as official, not as an impersonation of itself', async () => {
    await start();
    mastodon.addMention({ account: alice(1), text: '@session is this really you?', visibility: 'public' });
    const [reply] = await replies('mastodon');
    expect(reply).toMatch(/^@alice1@social\.example Yes — @session@mastodon\.social is an official/);
  });

  it('its own account is official on any instance (added at run time), and a local scam account is checked like any other', async () => {
    await start('social.example');
    const local = { id: '900', username: 'session_support', acct: 'session_support' };
    mastodon.addMention({ account: alice(2), text: '@session is @session_support official?', visibility: 'public' });
    mastodon.addMention({ account: alice(3), text: '@session is this really you?', visibility: 'public' });
    mastodon.addMention({ account: alice(4), text: '@session is this real?', visibility: 'public', inReplyTo: { id: '113500000000000001', account: local, text: 'Free SESH' } });
    const texts = await replies('mastodon');
    expect(texts.find((t) => t.startsWith('@alice2'))).toMatch(/Careful — that looks like an impersonation/);
    expect(texts.find((t) => t.startsWith('@alice3'))).toMatch(/Yes — @session@social\.example is an official/);
    expect(texts.find((t) => t.startsWith('@alice4'))).toMatch(/Careful/);
  });

  it('a local lookalike asking gets no answer', async () => {
    await start();
    mastodon.addMention({ account: { id: '901', username: 'sessi0n', acct: 'sessi0n' }, text: '@session is this really you?', visibility: 'public' });
    expect(await replies('mastodon')).toEqual([]);
    expect(await world.metric('herald_mentions_skipped_total{platform="mastodon",reason="lookalike-author"}')).toBe(1);
  });

  it('a replied-to status that cannot be fetched, or a quote that was not accepted, is "I can\'t verify that"', async () => {
    await start();
    const eve = { id: '66', username: 'eve', acct: 'eve@evil.example' };
    mastodon.addMention({ account: alice(5), text: '@session is this real?', visibility: 'public', inReplyTo: { id: '113500000000000005', account: eve, text: 'x', unavailable: true } });
    mastodon.addMention({ account: alice(6), text: '@session is this real?', visibility: 'public', quote: { account: eve, text: 'Airdrop', state: 'revoked' } });
    const texts = await replies('mastodon');
    expect(texts).toHaveLength(2);
    for (const text of texts) expect(text).toMatch(/I can't verify that/);
    // Positive control: a quoted official post is vouched for.
    mastodon.addMention({ account: alice(7), text: '@session is this real?', visibility: 'public', quote: { account: { id: '1', username: 'session', acct: 'session' }, text: 'Session Protocol V2 https://session.foundation/blog/v2' } });
    expect((await replies('mastodon')).find((t) => t.startsWith('@alice7'))).toMatch(/Yes —/);
  });

  it('a scam site whose path holds the official acct is a lookalike, never "yes"', async () => {
    await start();
    mastodon.addMention({ account: alice(8), text: '@session is https://evil.example/@session@mastodon.social/113 official?', visibility: 'public' });
    const [reply] = await replies('mastodon');
    expect(reply).toMatch(/Careful/);
    expect(reply).not.toMatch(YES);
  });
});
