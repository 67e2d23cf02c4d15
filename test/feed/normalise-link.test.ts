import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseLink } from '../../src/core/feed/normalise-link.ts';

describe('normaliseLink', () => {
  it.each([
    ['HTTPS://GetSession.ORG/blog/post', 'https://getsession.org/blog/post'],
    ['https://getsession.org:443/blog/post', 'https://getsession.org/blog/post'],
    ['http://getsession.org:80/blog/post', 'http://getsession.org/blog/post'],
    ['https://getsession.org:8443/blog/post', 'https://getsession.org:8443/blog/post'],
    ['https://getsession.org/blog/post#comments', 'https://getsession.org/blog/post'],
    ['https://getsession.org/blog/post/', 'https://getsession.org/blog/post'],
    ['https://getsession.org/blog/post///', 'https://getsession.org/blog/post'],
    ['https://getsession.org/', 'https://getsession.org/'],
    ['https://getsession.org', 'https://getsession.org/'],
    ['https://getsession.org/blog/post?utm_source=rss&utm_medium=feed', 'https://getsession.org/blog/post'],
    ['https://getsession.org/blog/post?UTM_Campaign=x&p=2', 'https://getsession.org/blog/post?p=2'],
    ['https://getsession.org/?p=123&utm_source=x&lang=en', 'https://getsession.org/?p=123&lang=en'],
    ['https://getsession.org/search?q=a+b&tag', 'https://getsession.org/search?q=a+b&tag'],
    ['https://getsession.org/blog/post?', 'https://getsession.org/blog/post'],
    ['  https://getsession.org/blog/post  ', 'https://getsession.org/blog/post'],
    ['https://bücher.example/blog', 'https://xn--bcher-kva.example/blog'],
    ['https://getsession.org/blog/caf%C3%A9/', 'https://getsession.org/blog/caf%C3%A9'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseLink(input)).toBe(expected);
  });

  it('keeps http and https apart, and keeps case in paths', () => {
    expect(normaliseLink('http://getsession.org/a')).not.toBe(normaliseLink('https://getsession.org/a'));
    expect(normaliseLink('https://getsession.org/Blog/Post')).toBe('https://getsession.org/Blog/Post');
  });

  it('throws on a relative or broken URL (callers resolve first)', () => {
    expect(() => normaliseLink('/blog/post')).toThrow(TypeError);
    expect(() => normaliseLink('http://')).toThrow(TypeError);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.webUrl({ withFragments: true, withQueryParameters: true }), (url) => {
        const once = normaliseLink(url);
        expect(normaliseLink(once)).toBe(once);
      }),
    );
  });

  it('never keeps a fragment or a utm_ parameter', () => {
    fc.assert(
      fc.property(fc.webUrl({ withFragments: true, withQueryParameters: true }), fc.string({ unit: 'grapheme-ascii' }), (url, value) => {
        const base = url.split('#')[0] ?? url;
        const tracked = `${base}${base.includes('?') ? '&' : '?'}utm_source=${encodeURIComponent(value)}#frag`;
        const normalised = normaliseLink(tracked);
        expect(normalised).not.toContain('#');
        expect(normalised).not.toMatch(/[?&]utm_/i);
      }),
    );
  });
});
