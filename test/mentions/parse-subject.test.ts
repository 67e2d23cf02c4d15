import { describe, expect, it } from 'vitest';
import { parseSubject } from '../../src/core/mentions/parse-subject.ts';

describe('parseSubject', () => {
  it.each([
    ['@SessionTechFND', { kind: 'x-account', handle: 'SessionTechFND' }],
    ['@SessionTechFΝD', { kind: 'x-account', handle: 'SessionTechFΝD' }],
    ['@session@mastodon.social', { kind: 'mastodon-account', acct: 'session@mastodon.social' }],
    ['@Session@Mastodon.Social', { kind: 'mastodon-account', acct: 'Session@mastodon.social' }],
    ['https://x.com/SessionTechFND', { kind: 'x-account', handle: 'SessionTechFND', url: 'https://x.com/SessionTechFND' }],
    ['https://twitter.com/session_app', { kind: 'x-account', handle: 'session_app', url: 'https://twitter.com/session_app' }],
    [
      'https://x.com/SessionTechFND/status/1234567890',
      { kind: 'x-account', handle: 'SessionTechFND', url: 'https://x.com/SessionTechFND/status/1234567890' },
    ],
    [
      'https://mobile.twitter.com/session_app/status/1?s=20',
      { kind: 'x-account', handle: 'session_app', url: 'https://mobile.twitter.com/session_app/status/1?s=20' },
    ],
    ['x.com/SessionTechFND', { kind: 'x-account', handle: 'SessionTechFND', url: 'https://x.com/SessionTechFND' }],
    ['https://mastodon.social/@session', { kind: 'mastodon-account', acct: 'session@mastodon.social', url: 'https://mastodon.social/@session' }],
    [
      'https://mastodon.social/@session/113456789',
      { kind: 'mastodon-account', acct: 'session@mastodon.social', url: 'https://mastodon.social/@session/113456789' },
    ],
    [
      'https://mastodon.social/@session@mastodon.social',
      { kind: 'mastodon-account', acct: 'session@mastodon.social', url: 'https://mastodon.social/@session@mastodon.social' },
    ],
    // `/@user@instance` names that account only on the instance's own host: elsewhere it is just a link.
    [
      'https://fosstodon.org/@session@mastodon.social',
      { kind: 'url', url: 'https://fosstodon.org/@session@mastodon.social', host: 'fosstodon.org' },
    ],
    // The WHATWG host is what counts: an official name in the userinfo is not the host.
    ['https://getsession.org@evil.example/', { kind: 'url', url: 'https://getsession.org@evil.example/', host: 'evil.example' }],
    ['getsession.org@evil.example', { kind: 'url', url: 'https://getsession.org@evil.example/', host: 'evil.example' }],
    ['https://x.com@evil.example/SessionTechFND', { kind: 'url', url: 'https://x.com@evil.example/SessionTechFND', host: 'evil.example' }],
    ['HTTPS://GetSession.ORG.:443/x', { kind: 'url', url: 'https://getsession.org./x', host: 'getsession.org' }],
    ['http://192.0.2.4/claim', { kind: 'url', url: 'http://192.0.2.4/claim', host: '192.0.2.4' }],
    [
      'https://apps.apple.com/us/app/session-private-messenger/id1470168868',
      { kind: 'app', store: 'apple', id: 'id1470168868' },
    ],
    [
      'https://play.google.com/store/apps/details?id=network.loki.messenger&hl=en',
      { kind: 'app', store: 'google', id: 'network.loki.messenger' },
    ],
    ['https://getsession.org/download', { kind: 'url', url: 'https://getsession.org/download', host: 'getsession.org' }],
    ['https://x.com/i/web/status/1', { kind: 'url', url: 'https://x.com/i/web/status/1', host: 'x.com' }],
    ['https://medium.com/@session', { kind: 'url', url: 'https://medium.com/@session', host: 'medium.com' }],
    ['example.com', { kind: 'domain', domain: 'example.com' }],
    ['Example.COM.', { kind: 'domain', domain: 'example.com' }],
    ['xn--ession-hvf.org', { kind: 'domain', domain: 'xn--ession-hvf.org' }],
    ['ѕession.org', { kind: 'domain', domain: 'xn--ession-hvf.org' }],
    ['getsesion.org,', { kind: 'domain', domain: 'getsesion.org' }],
    ['(https://sessiontoken.io/claim)', { kind: 'url', url: 'https://sessiontoken.io/claim', host: 'sessiontoken.io' }],
    ['sessiontoken.io/claim', { kind: 'url', url: 'https://sessiontoken.io/claim', host: 'sessiontoken.io' }],
  ])('%s', (input, expected) => {
    expect(parseSubject(input)).toEqual(expected);
  });

  it.each([
    '',
    '   ',
    'hello',
    'is this official?',
    '@',
    '@@',
    '@a b',
    'javascript:alert(1)',
    'ftp://example.com/x',
    'https://',
    'https://localhost/',
    '1.2.3.4',
    'javascript://getsession.org/%0aalert(1)',
    '@user@',
    '@user@nodot',
    'a'.repeat(5000),
  ])('returns undefined for %j', (input) => {
    expect(parseSubject(input)).toBeUndefined();
  });

  it('never throws on values that are not even strings', () => {
    expect(parseSubject(undefined as unknown as string)).toBeUndefined();
    expect(parseSubject(42 as unknown as string)).toBeUndefined();
  });
});
