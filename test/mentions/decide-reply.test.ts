import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { DEFAULT_REPLY_TEMPLATES } from '../../config/reply-templates.ts';
import { decideReply, type ReplyContext } from '../../src/core/mentions/decide-reply.ts';
import type { Mention, MentionPost } from '../../src/core/mentions/find-subjects.ts';

const xSelf = { id: '1000', handle: 'SessionTechFND' };
const mSelf = { id: '109000', handle: 'session@mastodon.social' };
const ctx = (self = xSelf): ReplyContext => ({ self, channels: DEFAULT_OFFICIAL_CHANNELS, templates: DEFAULT_REPLY_TEMPLATES });

function post(overrides: Partial<MentionPost> = {}): MentionPost {
  return { id: '2', text: '', author: { id: '66', handle: 'someone' }, urls: [], mentionedHandles: [], ...overrides };
}
function xMention(text: string, overrides: Partial<Mention> = {}): Mention {
  return { platform: 'x', id: '1', text, author: { id: '5001', handle: 'curious' }, urls: [], mentionedHandles: ['SessionTechFND'], ...overrides };
}
function mMention(text: string, overrides: Partial<Mention> = {}): Mention {
  return { platform: 'mastodon', id: '1', text, author: { id: '77', handle: 'alice@social.example' }, urls: [], mentionedHandles: ['session@mastodon.social'], ...overrides };
}
const officialPost = post({ author: { id: '1000', handle: 'SessionTechFND' }, urls: ['https://session.foundation/blog/session-protocol-v2'] });
const scamPost = post({ author: { id: '666', handle: 'SessionTechFDN' }, urls: ['https://session-airdrop.example/claim'] });

const verdictOf = (m: Mention, c = ctx()) => {
  const d = decideReply(m, c);
  return d.reply ? d.verdict.verdict : `no reply: ${d.why}`;
};
const isYes = (text: string) => /\b(Yes|Sí|Sim|Oui|Ja|Да|Evet)\b|是的|はい/u.test(text);

describe('decideReply: "yes" only for verified official subjects', () => {
  it('answers an airdrop question that references nothing with "I can\'t verify that", not with yes', () => {
    const d = decideReply(xMention('@SessionTechFND is this token airdrop real?'), ctx());
    expect(d).toMatchObject({ reply: true, verdict: { verdict: 'unsure' } });
    if (!d.reply) throw new Error('no reply');
    expect(d.text).toMatch(/^@curious I can't verify that\. The Foundation never DMs first, never runs airdrops or giveaways, and never asks for your recovery password\.\nOfficial: session\.foundation, getsession\.org, x\.com\/SessionTechFND$/);
    expect(isYes(d.text)).toBe(false);
  });

  it('gives "are you official? … airdrop" the unsure answer, not the self-answer', () => {
    expect(verdictOf(xMention('@SessionTechFND are you the real Session? you are giving away SESH'))).toBe('unsure');
    expect(verdictOf(xMention('@SessionTechFND is this account legit? they DMed me about a claim'))).toBe('unsure');
  });

  it('self-answers only a plain question about the account itself (positive control)', () => {
    const d = decideReply(xMention('@SessionTechFND are you the real Session?'), ctx());
    expect(d).toMatchObject({ reply: true, verdict: { verdict: 'official' } });
    if (!d.reply) throw new Error('no reply');
    expect(d.text).toMatch(/^@curious Yes — @SessionTechFND is an official Session Technology Foundation account\./);
    expect(verdictOf(xMention('@SessionTechFND is this account really yours?'))).toBe('official');
    expect(verdictOf(xMention('@SessionTechFND hey is that really you'))).toBe('official');
  });

  it('never answers a lookalike of an official account, and says why', () => {
    const m = xMention('@SessionTechFND are you the real Session?', { author: { id: '666', handle: 'SessionTechFDN' } });
    expect(decideReply(m, ctx())).toEqual({ reply: false, why: 'lookalike-author' });
    const positive = xMention('@SessionTechFND are you the real Session?', { author: { id: '667', handle: 'alice' } });
    expect(decideReply(positive, ctx()).reply).toBe(true);
  });

  it('takes the worst of a replied-to scam and a quoted official post', () => {
    const both = xMention('@SessionTechFDN @SessionTechFND is this real?', {
      references: [
        { relation: 'replied_to', post: scamPost },
        { relation: 'quoted', post: officialPost },
      ],
    });
    const d = decideReply(both, ctx());
    expect(d).toMatchObject({ reply: true, verdict: { verdict: 'lookalike', of: '@SessionTechFND' } });
    const onlyOfficial = xMention('@SessionTechFND is this real?', { references: [{ relation: 'quoted', post: officialPost }] });
    expect(decideReply(onlyOfficial, ctx())).toMatchObject({ reply: true, verdict: { verdict: 'official' } });
  });

  it('says it cannot verify a referenced post that was not loaded, or a t.co it could not expand', () => {
    expect(verdictOf(xMention('@SessionTechFND is this real?', { references: [{ relation: 'quoted' }] }))).toBe('unsure');
    expect(verdictOf(xMention('@SessionTechFND is this legit?', { urls: ['https://t.co/AbCdEfGhIj'] }))).toBe('unsure');
    expect(verdictOf(xMention('@SessionTechFND is this legit?', { urls: ['https://bit.ly/3xYz'] }))).toBe('unsure');
    // Missing beside official still is not a yes.
    const mixed = xMention('@SessionTechFND is this real?', { references: [{ relation: 'quoted', post: officialPost }, { relation: 'replied_to' }] });
    expect(verdictOf(mixed)).toBe('unsure');
  });

  it('calls a scam site carrying an official account in its path a lookalike, never official', () => {
    const d = decideReply(mMention('@session is https://evil.example/@session@mastodon.social/1 official?', { urls: ['https://evil.example/@session@mastodon.social/1'] }), ctx(mSelf));
    expect(d).toMatchObject({ reply: true, verdict: { verdict: 'lookalike' } });
    if (!d.reply) throw new Error('no reply');
    expect(isYes(d.text)).toBe(false);
  });
});

describe('decideReply on Mastodon: accts are made full before comparing', () => {
  it('answers "@… is this really you?" as official, not as an impersonation of itself', () => {
    const d = decideReply(mMention('@session is this really you?'), ctx(mSelf));
    expect(d).toMatchObject({ reply: true, verdict: { verdict: 'official' } });
    if (!d.reply) throw new Error('no reply');
    expect(d.text).toMatch(/^@alice@social\.example Yes — @session@mastodon\.social is an official/);
  });

  it('treats its own account as official on any instance (added to the registry at run time)', () => {
    const self = { id: '1', handle: 'foundation@social.example' };
    const d = decideReply(mMention('@foundation is this really you?', { mentionedHandles: ['foundation@social.example'] }), ctx(self));
    expect(d).toMatchObject({ reply: true, verdict: { verdict: 'official' } });
    const quote = mMention('@foundation is this real?', { references: [{ relation: 'quoted', post: post({ author: { id: '1', handle: 'foundation@social.example' } }) }] });
    expect(decideReply(quote, ctx(self))).toMatchObject({ reply: true, verdict: { verdict: 'official' } });
  });

  it('checks a local scam account like any other', () => {
    const m = mMention('@session is @session_support official?', { mentionedHandles: ['session@mastodon.social', 'session_support@mastodon.social'] });
    expect(verdictOf(m, ctx(mSelf))).toBe('lookalike');
  });

  it('does not answer a local lookalike asking', () => {
    const m = mMention('@session is this really you?', { author: { id: '9', handle: 'sessi0n@mastodon.social' } });
    expect(decideReply(m, ctx(mSelf))).toEqual({ reply: false, why: 'lookalike-author' });
  });
});

describe('decideReply: former channels', () => {
  it('answers "former channel, no longer used", never yes', () => {
    const d = decideReply(xMention('@SessionTechFND is this repo official? github.com/oxen-io/session-android', { urls: ['https://github.com/oxen-io/session-android'] }), ctx());
    expect(d).toMatchObject({ reply: true, verdict: { verdict: 'former' } });
    if (!d.reply) throw new Error('no reply');
    expect(d.text).toContain('former channel, no longer used');
  });
});
