import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { findSubjects, type Mention, type MentionPost } from '../../src/core/mentions/find-subjects.ts';
import { worstVerdict } from '../../src/core/mentions/verdict.ts';
import { verifySubject } from '../../src/core/mentions/verify-subject.ts';

function post(overrides: Partial<MentionPost> = {}): MentionPost {
  return { id: '1', text: '', author: { id: '10', handle: 'asker' }, urls: [], mentionedHandles: [], ...overrides };
}

function mention(overrides: Partial<Mention> = {}): Mention {
  return { platform: 'x', ...post(), ...overrides };
}

const self = { handle: 'SessionTechFND' };

describe('findSubjects', () => {
  it('puts the referenced post first: its author, then its links, then accounts it names', () => {
    const m = mention({
      text: '@Session_Airdrop @SessionTechFND is this legit?',
      mentionedHandles: ['Session_Airdrop', 'SessionTechFND'],
      references: [
        {
          relation: 'replied_to',
          post: post({
            author: { id: '666', handle: 'Session_Airdrop' },
            text: 'Claim now at https://t.co/x, questions to @SessionHelpDesk',
            urls: ['https://getsession-airdrop.com/claim'],
            mentionedHandles: ['SessionHelpDesk'],
          }),
        },
      ],
    });
    expect(findSubjects(m, self)).toEqual([
      { kind: 'x-account', handle: 'Session_Airdrop', id: '666' },
      { kind: 'url', url: 'https://getsession-airdrop.com/claim', host: 'getsession-airdrop.com' },
      { kind: 'x-account', handle: 'SessionHelpDesk' },
    ]);
  });

  it('takes both the replied-to and the quoted post when both exist', () => {
    const m = mention({
      references: [
        { relation: 'replied_to', post: post({ author: { id: '666', handle: 'SessionTechFDN' }, urls: ['https://session-airdrop.example/'] }) },
        { relation: 'quoted', post: post({ author: { id: '1000', handle: 'SessionTechFND' }, urls: ['https://session.foundation/blog/v2'] }) },
      ],
    });
    expect(findSubjects(m, self)).toEqual([
      { kind: 'x-account', handle: 'SessionTechFDN', id: '666' },
      { kind: 'url', url: 'https://session-airdrop.example/', host: 'session-airdrop.example' },
      { kind: 'x-account', handle: 'SessionTechFND', id: '1000' },
      { kind: 'url', url: 'https://session.foundation/blog/v2', host: 'session.foundation' },
    ]);
  });

  it('keeps a referenced post that could not be loaded, and unreadable links, as unverifiable subjects', () => {
    const m = mention({ references: [{ relation: 'quoted' }], urls: ['::::'] });
    expect(findSubjects(m, self)).toEqual([
      { kind: 'unverifiable', why: 'missing-post' },
      { kind: 'unverifiable', why: 'unreadable' },
    ]);
  });

  it('without a referenced post: links, then handles in the body, then other addressees', () => {
    const m = mention({
      text: '@SessionTechFND @session_app is @SessionSupport_Help your support? https://t.co/abc',
      mentionedHandles: ['SessionTechFND', 'session_app', 'SessionSupport_Help'],
      urls: ['https://sessionsupport.help/ticket'],
    });
    expect(findSubjects(m, self)).toEqual([
      { kind: 'url', url: 'https://sessionsupport.help/ticket', host: 'sessionsupport.help' },
      { kind: 'x-account', handle: 'SessionSupport_Help' },
      { kind: 'x-account', handle: 'session_app' },
    ]);
  });

  it('never makes the bot itself a subject just because it was addressed', () => {
    const m = mention({ text: '@sessiontechfnd is this real?', mentionedHandles: ['@sessiontechfnd'] });
    expect(findSubjects(m, self)).toEqual([]);
  });

  it('uses full Mastodon accts, completing a local one with the bot instance', () => {
    const m = mention({
      platform: 'mastodon',
      text: '@herald is this you?',
      mentionedHandles: ['herald', 'session_support@mastodon.online', 'localscam'],
      references: [{ relation: 'replied_to', post: post({ author: { id: '5', handle: 'sessionteam' }, urls: ['https://mastodon.social/@session'] }) }],
    });
    expect(findSubjects(m, { handle: 'herald@mastodon.social' })).toEqual([
      { kind: 'mastodon-account', acct: 'sessionteam@mastodon.social' },
      { kind: 'mastodon-account', acct: 'session@mastodon.social', url: 'https://mastodon.social/@session' },
      { kind: 'mastodon-account', acct: 'session_support@mastodon.online' },
      { kind: 'mastodon-account', acct: 'localscam@mastodon.social' },
    ]);
  });

  it('keeps links to X accounts (x.com/handle is an account like @handle) and drops exact duplicates', () => {
    const m = mention({
      text: 'is this official? https://x.com/Session_Airdrop/status/5',
      urls: ['https://x.com/Session_Airdrop/status/5', 'https://x.com/Session_Airdrop/status/5', 'https://example.com/'],
      references: [{ relation: 'quoted', post: post({ author: { id: '666', handle: 'session_airdrop' } }) }],
    });
    expect(findSubjects(m, self)).toEqual([
      { kind: 'x-account', handle: 'session_airdrop', id: '666' },
      { kind: 'x-account', handle: 'Session_Airdrop', url: 'https://x.com/Session_Airdrop/status/5' },
      { kind: 'url', url: 'https://example.com/', host: 'example.com' },
    ]);
  });

  it('never throws on broken input, and never answers for what it could not read', () => {
    expect(findSubjects({} as Mention, self)).toEqual([]);
    const broken = findSubjects(mention({ mentionedHandles: ['', '@', '@@x'], urls: ['::::', ''] }), self);
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.every((s) => s.kind === 'unverifiable')).toBe(true);
  });
});

describe('worstVerdict', () => {
  it('orders lookalike > unofficial > former > unsure > official and keeps the first of equals', () => {
    const official = { verdict: 'official', reason: 'a' } as const;
    const unsure = { verdict: 'unsure', reason: 'u' } as const;
    const former = { verdict: 'former', reason: 'f' } as const;
    const unofficial = { verdict: 'unofficial', reason: 'b' } as const;
    const lookalike1 = { verdict: 'lookalike', reason: 'c', of: '@SessionTechFND' } as const;
    const lookalike2 = { verdict: 'lookalike', reason: 'd', of: 'getsession.org' } as const;
    expect(worstVerdict([official, unsure])).toBe(unsure);
    expect(worstVerdict([unsure, former])).toBe(former);
    expect(worstVerdict([former, official, unofficial])).toBe(unofficial);
    expect(worstVerdict([official, lookalike1, unofficial, lookalike2])).toBe(lookalike1);
    expect(worstVerdict([official])).toBe(official);
    expect(worstVerdict([])).toBeUndefined();
  });

  it('reports the impersonation when a mention mixes an official and a fake link', () => {
    const m = mention({ urls: ['https://getsession.org/download', 'https://getsesion.org/download'] });
    const verdicts = findSubjects(m, self).map((s) => verifySubject(s, DEFAULT_OFFICIAL_CHANNELS));
    expect(worstVerdict(verdicts)).toMatchObject({ verdict: 'lookalike', of: 'getsession.org' });
  });
});
