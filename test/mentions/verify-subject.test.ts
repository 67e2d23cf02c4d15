import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS, type OfficialChannels } from '../../config/official-channels.ts';
import { parseSubject, type Subject } from '../../src/core/mentions/parse-subject.ts';
import { verifySubject } from '../../src/core/mentions/verify-subject.ts';

function verify(input: string, channels: OfficialChannels = DEFAULT_OFFICIAL_CHANNELS) {
  const subject = parseSubject(input);
  if (subject === undefined) throw new Error(`test input does not parse: ${input}`);
  return verifySubject(subject, channels);
}

describe('verifySubject: official channels', () => {
  it.each([
    '@SessionTechFND',
    '@sessiontechfnd',
    '@SESSION_APP',
    'https://x.com/SessionTechFND/status/1',
    'getsession.org',
    'session.foundation',
    'blog.getsession.org',
    'https://www.getsession.org/download',
    'GetSession.org',
    '@session@mastodon.social',
    'https://mastodon.social/@session',
    'https://apps.apple.com/app/id1470168868',
    'https://play.google.com/store/apps/details?id=network.loki.messenger',
  ])('%s is official', (input) => {
    expect(verify(input).verdict).toBe('official');
  });

  it('matches X accounts by id when both sides know it, whatever the handle', () => {
    const channels = { ...DEFAULT_OFFICIAL_CHANNELS, xAccounts: [{ handle: 'SessionTechFND', id: '123' }] };
    expect(verifySubject({ kind: 'x-account', handle: 'RenamedHandle', id: '123' }, channels).verdict).toBe('official');
    const impostor = verifySubject({ kind: 'x-account', handle: 'SessionTechFND', id: '999' }, channels);
    expect(impostor).toMatchObject({ verdict: 'lookalike', of: '@SessionTechFND' });
    expect(verifySubject({ kind: 'x-account', handle: 'SessionTechFND' }, channels).verdict).toBe('official');
  });
});

describe('verifySubject: lookalikes name the imitated channel', () => {
  it.each([
    ['@SessionTechFΝD', '@SessionTechFND'], // Greek capital Nu
    ['@SessiοnTechFND', '@SessionTechFND'], // Greek small omicron
    ['@SessionTechFDN', '@SessionTechFND'],
    ['@SesionTechFND', '@SessionTechFND'],
    ['@S3ssionTechFND', '@SessionTechFND'],
    ['@SessionTechFND_', '@SessionTechFND'],
    ['@SessionTechFND_Help', '@SessionTechFND'],
    ['@sessi0n_app', '@session_app'],
    ['@5ession', '@session_app'],
    ['@SessionSupport', '@session_app'],
    ['@session_airdrop', '@session_app'],
    ['@OfficialSessionApp', '@session_app'],
    ['getsesion.org', 'getsession.org'],
    ['getsession-airdrop.com', 'getsession.org'],
    ['getsession.org.evil.com', 'getsession.org'],
    ['https://getsession.org.verify-login.com/x', 'getsession.org'],
    ['evilgetsession.org', 'getsession.org'],
    ['sesion.foundation', 'session.foundation'],
    ['session-foundation.net', 'session.foundation'],
    ['sessiontoken.io', 'session.foundation'],
    ['ѕession.org', 'session.foundation'],
    ['@session@mastodon.online', 'session@mastodon.social'],
    ['@SessionTechFND@mastodon.social', '@SessionTechFND'],
    ['@news@session-foundation.social', 'session.foundation'],
  ])('%s imitates %s', (input, of) => {
    expect(verify(input)).toMatchObject({ verdict: 'lookalike', of });
  });

  it('treats any punycode or non-ASCII host as a lookalike', () => {
    expect(verify('xn--80ak6aa92e.com').verdict).toBe('lookalike');
    expect(verify('bücher.example').verdict).toBe('lookalike');
  });

  it('flags app listings whose package name imitates the brand', () => {
    const v = verifySubject({ kind: 'app', store: 'google', id: 'com.sessionwallet.airdrop' }, DEFAULT_OFFICIAL_CHANNELS);
    expect(v.verdict).toBe('lookalike');
  });
});

describe('verifySubject: other subjects are simply unofficial', () => {
  it.each([
    'example.com',
    'https://example.com/session-airdrop',
    'passion.com',
    'lesson.org',
    'jamsession.io',
    'mastodon.social',
    'github.com',
    't.me/session_official_chat',
    '@elonmusk',
    '@passion',
    '@lesson',
    '@obsession',
    '@SessionLover99',
    '@signalapp',
    '@support',
    '@someone@mastodon.social',
    'https://apps.apple.com/app/id123456',
  ])('%s is unofficial', (input) => {
    expect(verify(input).verdict).toBe('unofficial');
  });
});

describe('verifySubject: reasons', () => {
  it('gives short fixed reasons that never echo the subject', () => {
    for (const input of ['@SessionTechFΝD', 'getsesion.org', 'example.com', '@SessionTechFND', 'xn--80ak6aa92e.com']) {
      const v = verify(input);
      expect(v.reason.length).toBeLessThan(100);
      expect(v.reason).not.toContain(input.replace(/^@/, ''));
    }
  });

  it('never throws on malformed subjects', () => {
    const broken = [
      { kind: 'x-account', handle: undefined },
      { kind: 'url', url: '', host: '..' },
      { kind: 'domain', domain: '' },
      { kind: 'app', store: 'windows', id: 'x' },
      { kind: 'nonsense' },
      { kind: 'mastodon-account', acct: '@@@' },
    ] as unknown as Subject[];
    for (const subject of broken) {
      expect(() => verifySubject(subject, DEFAULT_OFFICIAL_CHANNELS)).not.toThrow();
      expect(verifySubject(subject, DEFAULT_OFFICIAL_CHANNELS).verdict).not.toBe('official');
    }
  });
});
