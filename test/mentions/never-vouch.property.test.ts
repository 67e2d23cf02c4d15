/**
 * The rule of "is this official?" answers, as a property: for any mention whose subjects are not
 * all official (lookalikes, URL tricks, shorteners, posts that could not be loaded, strangers, in
 * any mix), the reply is never the "yes" template; for all-official subjects it is.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICIAL_CHANNELS } from '../../config/official-channels.ts';
import { DEFAULT_REPLY_TEMPLATES } from '../../config/reply-templates.ts';
import type { Mention, MentionPost, Reference } from '../../src/domain/mention.ts';
import { decideReply } from '../../src/core/mentions/decide-reply.ts';

type Item = { official: boolean } & ({ kind: 'url'; url: string } | { kind: 'handle'; handle: string } | { kind: 'ref'; reference: Reference });

const officialUrls = [
  'https://getsession.org/download',
  'https://session.foundation/blog/session-protocol-v2',
  'HTTPS://WWW.GETSESSION.ORG./',
  'https://fdroid.getsession.org/fdroid/repo',
  'https://getsession.org:443/faq?x=1#top',
  'https://x.com/SessionTechFND/status/1867',
  'https://twitter.com/session_app',
  'https://mastodon.social/@session/113456',
  'https://github.com/session-foundation/session-desktop',
  'https://apps.apple.com/us/app/session-private-messenger/id1470168868',
  'https://play.google.com/store/apps/details?id=network.loki.messenger',
];
const unofficialUrls = [
  'https://getsession.org@evil.example/download',
  'https://evil.example/getsession.org',
  'https://evil.example/?ref=session.foundation',
  'https://evil.example/#session.foundation',
  'https://fosstodon.org/@session@mastodon.social',
  'https://getsession.org.evil.example/',
  'https://getsesion.org/',
  'https://xn--getsesson-o5a.org/',
  'https://session-foundation.net/airdrop',
  'https://bit.ly/3xYzAbc',
  'https://t.co/AbCdEfGhIj',
  'https://tinyurl.com/getsession-airdrop',
  'https://github.com/oxen-io/session-android',
  'https://optf.ngo/',
  'https://github.com/session-foundati0n/wallet',
  'https://play.google.com/store/apps/details?id=network.loki.messenger.airdrop',
  'http://192.0.2.4/claim',
  'https://example.com/',
  'https://mastodon.social/@sessi0n',
  '::not a link::',
];
const officialHandles = ['session_app', 'session_token', 'SESSION_APP'];
const unofficialHandles = ['SessionTechFDN', 'session_airdrop', 'sessi0n_app', 'SessionTechFND_help', 'elonmusk', 'S3ssionTechFND'];
const officialAuthors = [{ id: '1000', handle: 'SessionTechFND' }, { id: '42', handle: 'session_app' }];
const unofficialAuthors = [{ id: '666', handle: 'SessionTechFDN' }, { id: '7', handle: 'alice' }, { id: '', handle: '' }];

const post = (author: { id: string; handle: string }, urls: string[]): MentionPost => ({ id: '9', text: 'post', author, urls, mentionedHandles: [] });

const officialItem: fc.Arbitrary<Item> = fc.oneof(
  fc.constantFrom(...officialUrls).map((url): Item => ({ official: true, kind: 'url', url })),
  fc.constantFrom(...officialHandles).map((handle): Item => ({ official: true, kind: 'handle', handle })),
  fc
    .tuple(fc.constantFrom(...officialAuthors), fc.subarray(officialUrls, { maxLength: 2 }), fc.constantFrom('quoted', 'replied_to') as fc.Arbitrary<Reference['relation']>)
    .map(([author, urls, relation]): Item => ({ official: true, kind: 'ref', reference: { relation, post: post(author, urls) } })),
);
const unofficialItem: fc.Arbitrary<Item> = fc.oneof(
  fc.constantFrom(...unofficialUrls).map((url): Item => ({ official: false, kind: 'url', url })),
  fc.constantFrom(...unofficialHandles).map((handle): Item => ({ official: false, kind: 'handle', handle })),
  fc.constantFrom('quoted', 'replied_to').map((relation): Item => ({ official: false, kind: 'ref', reference: { relation: relation as Reference['relation'] } })),
  fc
    .tuple(fc.constantFrom(...unofficialAuthors), fc.subarray(officialUrls, { maxLength: 1 }))
    .map(([author, urls]): Item => ({ official: false, kind: 'ref', reference: { relation: 'quoted', post: post(author, urls) } })),
  fc
    .tuple(fc.constantFrom(...officialAuthors), fc.constantFrom(...unofficialUrls))
    .map(([author, url]): Item => ({ official: false, kind: 'ref', reference: { relation: 'replied_to', post: post(author, [url]) } })),
);

function mentionOf(items: Item[], text: string): Mention {
  return {
    platform: 'x',
    id: '1',
    text,
    author: { id: '5001', handle: 'curious' },
    urls: items.flatMap((i) => (i.kind === 'url' ? [i.url] : [])),
    mentionedHandles: ['SessionTechFND', ...items.flatMap((i) => (i.kind === 'handle' ? [i.handle] : []))],
    references: items.flatMap((i) => (i.kind === 'ref' ? [i.reference] : [])),
  };
}

const ctx = { self: { id: '1000', handle: 'SessionTechFND' }, channels: DEFAULT_OFFICIAL_CHANNELS, templates: DEFAULT_REPLY_TEMPLATES };
const questions = fc.constantFrom('@SessionTechFND is this real?', '@SessionTechFND is this legit?', '@SessionTechFND are you the real Session? is this official?', '@SessionTechFND ¿esto es oficial?');
const YES = /^@curious (?:Yes|Sí) —/u;

describe('never vouch for what was not verified', () => {
  it('any non-official subject among any others: never the yes template', () => {
    fc.assert(
      fc.property(fc.array(officialItem, { maxLength: 3 }), fc.array(unofficialItem, { minLength: 1, maxLength: 3 }), questions, fc.integer(), (good, bad, text, seed) => {
        const items = [...good, ...bad].sort((a, b) => ((JSON.stringify(a).length * 31 + seed) % 7) - ((JSON.stringify(b).length * 31 + seed) % 7));
        const d = decideReply(mentionOf(items, text), ctx);
        expect(d.reply).toBe(true);
        if (!d.reply) return;
        expect(d.verdict.verdict).not.toBe('official');
        expect(d.text).not.toMatch(YES);
      }),
      { numRuns: 400 },
    );
  });

  it('all subjects official: the yes template (the positive control)', () => {
    fc.assert(
      fc.property(fc.array(officialItem, { minLength: 1, maxLength: 4 }), questions, (items, text) => {
        const d = decideReply(mentionOf(items, text), ctx);
        expect(d.reply).toBe(true);
        if (!d.reply) return;
        expect(d.verdict.verdict).toBe('official');
        expect(d.text).toMatch(YES);
      }),
      { numRuns: 200 },
    );
  });
});
