import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MASTODON_FOOTER, DEFAULT_X_FOOTER } from '../../config/defaults.ts';
import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { composePost } from '../../src/core/announce/compose-post.ts';
import { selectNewItems } from '../../src/core/announce/select-new-items.ts';
import { findUnsafeText } from '../../src/core/publish/find-unsafe-text.ts';
import type { FeedItem } from '../../src/core/feed/parse-feed.ts';

const now = new Date('2026-11-26T12:00:00Z');
const link = 'https://session.foundation/blog/property';
const words = fc.constantFrom(
  'Session', 'release', 'v1.21.0', '2.0', 'Groups', 'v2:', 'privacy', '—', 'and', 'getsession.org', 'session.foundation/blog',
  'x.com/SessionTechFND', 'github.com/session-foundation', '@SessionTechFND', 'Node.js', '(beta)', 'encryption', '🎉', 'über', '中文',
);
const unofficial = fc.constantFrom(
  'getsession-airdrop.com', 'https://evil.example/claim', 'session.app', 'x.com/SessionTechFDN', '@SessionTechFDN', 'bit.ly/abc123',
  '@session@mastodon-airdrop.social', 'sessi0n.foundation', 't.me/session_claim', 'https://session.foundation@evil.com/',
);
const title = fc.array(words, { minLength: 1, maxLength: 60 }).map((w) => w.join(' '));
const feedItem = (text: string): FeedItem => ({ key: link, link, title: text.replaceAll('@', ''), writtenTitle: text, feedUrl: 'https://session.foundation/rss.xml' });
const select = (text: string) =>
  selectNewItems({ items: [feedItem(text)], known: new Set(), firstPoll: false, backfill: 0, now, maxItemAgeDays: 14, officialChannels: DEFAULT_OFFICIAL_CHANNELS, burstLimit: 3 });

describe('text safety properties', () => {
  it('a title that passes the hold also passes the final check, on both platforms, however it is cut', () => {
    fc.assert(
      fc.property(title, fc.boolean(), (text, repost) => {
        if (select(text).announce.length === 0) return;
        const posted = feedItem(text).title;
        const prefix = repost ? 'Reminder:' : undefined;
        for (const [platform, footer, limits] of [
          ['x', DEFAULT_X_FOOTER, { platform: 'x' }],
          ['mastodon', DEFAULT_MASTODON_FOOTER, { platform: 'mastodon', maxCharacters: 300, charactersReservedPerUrl: 23 }],
        ] as const) {
          const { text: post } = composePost({ title: posted, link, footer, prefix }, limits);
          expect(findUnsafeText(post, { kind: 'announcement', footer, link, approved: false }, DEFAULT_OFFICIAL_CHANNELS, platform), post).toBeUndefined();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('an unofficial link or account anywhere in an official-looking title holds it', () => {
    fc.assert(
      fc.property(title, unofficial, fc.nat(), (text, bad, at) => {
        const parts = text.split(' ');
        parts.splice(at % (parts.length + 1), 0, bad);
        const selection = select(parts.join(' '));
        expect(selection.announce).toEqual([]);
        expect(selection.held.map((h) => h.reason)).toEqual(['text-link']);
      }),
      { numRuns: 150 },
    );
  });
});
