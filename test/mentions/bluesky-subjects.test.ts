import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS, parseOfficialChannels, withOwnAccounts } from '../../config/official-channels.ts';
import { DEFAULT_REPLY_TEMPLATES } from '../../config/reply-templates.ts';
import { composeReply } from '../../src/core/mentions/compose-reply.ts';
import { findSubjects } from '../../src/core/mentions/find-subjects.ts';
import { parseSubject } from '../../src/core/mentions/parse-subject.ts';
import { verifySubject } from '../../src/core/mentions/verify-subject.ts';

const channels = DEFAULT_OFFICIAL_CHANNELS;
const verdictOf = (input: string, c = channels) => {
  const subject = parseSubject(input);
  return subject === undefined ? undefined : verifySubject(subject, c).verdict;
};

describe('Bluesky subjects', () => {
  it('reads handles, DIDs, bsky.app profile and post links and at:// URIs', () => {
    expect(parseSubject('@Session.Foundation')).toEqual({ kind: 'bluesky-account', handle: 'session.foundation' });
    expect(parseSubject('@did:plc:z72i7hdynmk6r22z27h6tvur')).toEqual({ kind: 'bluesky-account', handle: '', did: 'did:plc:z72i7hdynmk6r22z27h6tvur' });
    expect(parseSubject('https://bsky.app/profile/session.foundation/post/3kabc')).toMatchObject({ kind: 'bluesky-account', handle: 'session.foundation' });
    expect(parseSubject('bsky.app/profile/did:plc:abc')).toMatchObject({ kind: 'bluesky-account', did: 'did:plc:abc' });
    expect(parseSubject('at://session-airdrop.bsky.social/app.bsky.feed.post/3kabc')).toEqual({ kind: 'bluesky-account', handle: 'session-airdrop.bsky.social' });
    expect(parseSubject('bsky.app/search?q=session')).toMatchObject({ kind: 'url' });
    // X and Mastodon forms are unchanged.
    expect(parseSubject('@SessionTechFND')).toMatchObject({ kind: 'x-account' });
    expect(parseSubject('@session@mastodon.social')).toMatchObject({ kind: 'mastodon-account' });
  });

  it('a handle under an official domain is official by construction; the listed account too', () => {
    for (const input of ['@session.foundation', '@news.session.foundation', '@getsession.org', '@team.getsession.org', 'https://bsky.app/profile/getsession.org']) {
      expect(verdictOf(input), input).toBe('official');
    }
  });

  it('any other handle carrying an official name is a lookalike; ordinary handles are just unofficial', () => {
    for (const input of [
      '@session.bsky.social',
      '@session-foundation.bsky.social',
      '@sessionfoundation.bsky.social',
      '@session-support.bsky.social',
      '@getsession-airdrop.com',
      '@getsession.org.evil.example',
      '@sessiontechfnd.bsky.social',
      '@ѕession.foundation',
      'bsky.app/profile/session-airdrop.bsky.social',
    ]) {
      expect(verdictOf(input), input).toBe('lookalike');
    }
    for (const input of ['@alice.bsky.social', '@obsession.bsky.social', '@lessons.example.com']) expect(verdictOf(input), input).toBe('unofficial');
  });

  it('a DID alone is official only when it is an official account\'s; otherwise nobody can tell', () => {
    const own = withOwnAccounts(channels, { bluesky: { handle: 'session.foundation', did: 'did:plc:own' } });
    expect(verdictOf('@did:plc:own', own)).toBe('official');
    expect(verdictOf('@did:plc:someone', own)).toBe('unsure');
    // The official handle with another DID than the official account's is an impersonation.
    expect(verifySubject({ kind: 'bluesky-account', handle: 'session.foundation', did: 'did:plc:evil' }, own)).toMatchObject({ verdict: 'lookalike', of: 'bsky.app/profile/session.foundation' });
  });

  it('the registry has a bluesky list (and a former one), validated', () => {
    expect(channels.blueskyAccounts).toEqual([{ handle: 'session.foundation' }]);
    const base = JSON.parse(JSON.stringify({ domains: ['getsession.org'], trustLine: ['getsession.org'] }));
    expect(parseOfficialChannels(JSON.stringify({ ...base, bluesky: ['@Team.GetSession.org'], former: { bluesky: ['old.bsky.social'] } }))).toMatchObject({
      blueskyAccounts: [{ handle: 'team.getsession.org' }],
      former: { blueskyAccounts: ['old.bsky.social'] },
    });
    expect(() => parseOfficialChannels(JSON.stringify({ ...base, bluesky: ['not a handle'] }))).toThrow(/bluesky\.0: must be a Bluesky handle/);
    expect(verdictOf('@old.bsky.social', parseOfficialChannels(JSON.stringify({ ...base, former: { bluesky: ['old.bsky.social'] } })))).toBe('former');
  });

  it('finds the handles a Bluesky post names, written or behind a facet, never the bot itself', () => {
    const subjects = findSubjects(
      {
        platform: 'bluesky',
        id: 'p',
        text: '@session.foundation is @session-airdrop.bsky.social or at://did:plc:x/app.bsky.feed.post/3k real?',
        author: { id: 'did:plc:asker', handle: 'asker.bsky.social' },
        urls: [],
        mentionedHandles: ['session.foundation', 'did:plc:unresolved'],
      },
      { handle: 'session.foundation' },
    );
    expect(subjects).toEqual(
      expect.arrayContaining([
        { kind: 'bluesky-account', handle: 'session-airdrop.bsky.social' },
        { kind: 'bluesky-account', handle: '', did: 'did:plc:unresolved' },
        { kind: 'bluesky-account', handle: '', did: 'did:plc:x' },
      ]),
    );
    expect(subjects.some((s) => s.kind === 'bluesky-account' && s.handle === 'session.foundation')).toBe(false);
  });

  it('replies name each channel as the platform shows it without mentioning anyone, within 300 graphemes', () => {
    const verdict = { verdict: 'lookalike' as const, reason: 'r', of: 'bsky.app/profile/session.foundation' };
    const subject = { kind: 'bluesky-account' as const, handle: 'session-airdrop.bsky.social' };
    const onBluesky = composeReply({ platform: 'bluesky', language: 'en', subject, verdict }, DEFAULT_REPLY_TEMPLATES);
    expect(onBluesky).toBe('Careful — that looks like an impersonation of @session.foundation.\nOfficial: session.foundation, getsession.org, x.com/SessionTechFND');
    expect(composeReply({ platform: 'x', language: 'en', subject, verdict }, DEFAULT_REPLY_TEMPLATES)).toMatch(/impersonation of bsky\.app\/profile\/session\.foundation\./);
    const x = composeReply({ platform: 'bluesky', language: 'de', subject: { kind: 'x-account', handle: 'SessionTechFND' }, verdict: { verdict: 'official', reason: 'r' } }, DEFAULT_REPLY_TEMPLATES);
    expect(x).toMatch(/x\.com\/SessionTechFND/);
    expect(x).not.toMatch(/@SessionTechFND/);
    for (const language of Object.keys(DEFAULT_REPLY_TEMPLATES.languages)) {
      const reply = composeReply({ platform: 'bluesky', language, subject, verdict: { verdict: 'unsure', reason: 'r' } }, DEFAULT_REPLY_TEMPLATES);
      expect([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(reply)].length, language).toBeLessThanOrEqual(300);
    }
  });
});
