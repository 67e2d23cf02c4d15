import fc from 'fast-check';
import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MASTODON_FOOTER, DEFAULT_X_FOOTER } from '../../config/defaults.ts';
import { composePost, countPostLength, type PostLimits } from '../../src/core/announce/compose-post.ts';

const X: PostLimits = { platform: 'x' };
const MASTODON: PostLimits = { platform: 'mastodon', maxCharacters: 500, charactersReservedPerUrl: 23 };
const BLUESKY: PostLimits = { platform: 'bluesky', maxGraphemes: 300 };
const link = 'https://session.foundation/blog/session-protocol-v2-a-very-long-slug-for-a-post-about-encryption';

describe('composePost', () => {
  it('lays out title, link and footer separated by blank lines', () => {
    const post = composePost({ title: 'Session Protocol V2', link, footer: DEFAULT_X_FOOTER }, X);
    expect(post.text).toBe(`Session Protocol V2\n\n${link}\n\n${DEFAULT_X_FOOTER}`);
    expect(post.truncated).toBe(false);
  });

  it('counts a URL as 23 on X, whatever its length', () => {
    const post = composePost({ title: 'Hi', link, footer: DEFAULT_X_FOOTER }, X);
    expect(post.length).toBe(twitterText.parseTweet(post.text).weightedLength);
    expect(post.length).toBeLessThan(post.text.length);
  });

  it('shortens only the title, on a word boundary with an ellipsis', () => {
    const title = 'word '.repeat(100).trim();
    const post = composePost({ title, link, footer: DEFAULT_X_FOOTER }, X);
    expect(post.truncated).toBe(true);
    expect(post.length).toBeLessThanOrEqual(280);
    const [head] = post.text.split('\n\n');
    expect(head).toMatch(/^(word )*word…$/);
    expect(post.text.endsWith(`${link}\n\n${DEFAULT_X_FOOTER}`)).toBe(true);
  });

  it('never cuts inside a link in the title: it stays whole or goes', () => {
    const title = `${'word '.repeat(38)}code at github.com/session-foundation and more words after it`;
    const cuts = new Set<string>();
    for (let max = 250; max <= 380; max++) {
      const limits: PostLimits = { platform: 'mastodon', maxCharacters: max, charactersReservedPerUrl: 23 };
      const [head] = composePost({ title, link, footer: DEFAULT_MASTODON_FOOTER }, limits).text.split('\n\n');
      cuts.add(head!);
      expect(head, `limit ${max}`).not.toMatch(/github\.com\/session…|github\.com\/session-…|github…/);
    }
    expect([...cuts].some((h) => h.includes('github.com/session-foundation'))).toBe(true);
    expect([...cuts].some((h) => !h.includes('github'))).toBe(true);
  });

  it('weighs CJK and emoji double on X', () => {
    const title = '会话协议更新'.repeat(40);
    const post = composePost({ title, link, footer: DEFAULT_X_FOOTER }, X);
    expect(twitterText.parseTweet(post.text).weightedLength).toBeLessThanOrEqual(280);
    expect(post.text).toContain(link);
    expect(post.text).toContain('…');
  });

  it('uses the Mastodon instance limit and reserved URL length', () => {
    const small: PostLimits = { platform: 'mastodon', maxCharacters: 200, charactersReservedPerUrl: 23 };
    const title = 'An update on the Session Technology Foundation and what it means for you '.repeat(3);
    const post = composePost({ title, link, footer: DEFAULT_MASTODON_FOOTER }, small);
    expect(post.length).toBeLessThanOrEqual(200);
    expect(countPostLength(post.text, small)).toBe(post.length);
    expect(post.text).toContain(DEFAULT_MASTODON_FOOTER);
  });

  it('counts graphemes on Bluesky, the link in full: an emoji or a CJK character is one, a long link is all of its length', () => {
    expect(countPostLength('👨‍👩‍👧 会话', BLUESKY)).toBe(4);
    const title = '会话协议更新 🔐 '.repeat(60);
    const post = composePost({ title, link, footer: DEFAULT_MASTODON_FOOTER }, BLUESKY);
    expect(post.limit).toBe(300);
    expect(post.truncated).toBe(true);
    expect(post.length).toBeLessThanOrEqual(300);
    expect(post.length).toBeGreaterThan(300 - 10);
    expect(post.text.endsWith(`…\n\n${link}\n\n${DEFAULT_MASTODON_FOOTER}`)).toBe(true);
    // The same title fits Mastodon, where the link weighs 23: Bluesky cuts it sooner.
    expect(composePost({ title: 'x'.repeat(250), link, footer: DEFAULT_MASTODON_FOOTER }, MASTODON).truncated).toBe(false);
    expect(composePost({ title: 'x'.repeat(250), link, footer: DEFAULT_MASTODON_FOOTER }, BLUESKY).truncated).toBe(true);
  });

  it('puts a repost prefix before the title', () => {
    const post = composePost({ title: 'Hello', link, footer: 'f', prefix: 'Reminder:' }, MASTODON);
    expect(post.text.startsWith('Reminder: Hello\n\n')).toBe(true);
  });

  it('never exceeds the limit and always keeps link and footer whole, for any title', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), fc.constantFrom(X, MASTODON, BLUESKY), (title, limits) => {
        const footer = limits.platform === 'x' ? DEFAULT_X_FOOTER : DEFAULT_MASTODON_FOOTER;
        const post = composePost({ title, link, footer }, limits);
        expect(post.length).toBeLessThanOrEqual(post.limit);
        expect(post.text.endsWith(`\n\n${link}\n\n${footer}`) || post.text === `${link}\n\n${footer}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
