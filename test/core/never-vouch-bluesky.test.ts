/**
 * "Is this official?" on Bluesky: notifications (mention, reply, quote) read through the real
 * `@atproto/api` client from the fake PDS, decided by the same rules as X and Mastodon, answered
 * in the right thread. Positive controls beside the refusals.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerMentions } from '../../src/core/listen/answer-mentions.ts';
import type { FakeBluesky, StoredBlueskyPost } from '../fakes/fake-bluesky.ts';
import { type CoreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';

/** No test here waits for a deadline; a busy machine must not make the first login time out. */
const PATIENT = { HTTP_TIMEOUT_SECONDS: '10' };

const YES = /^Yes —/;
const UNSURE = /^I can't verify that\./;
const CAREFUL = /^Careful — that looks like an impersonation/;
const asker = (n: number) => ({ handle: `asker${n}.bsky.social` });
const scammer = { handle: 'session-support.bsky.social' };

let world: CoreWorld;
let bluesky: FakeBluesky;
let close: () => Promise<void>;

/** One mention check and the replies it queued, sent; returns every reply Herald posted so far. */
async function replies(): Promise<StoredBlueskyPost[]> {
  await answerMentions(world.mentionSources.bluesky!, world.answer);
  await world.work('bluesky');
  return bluesky.posts.filter((p) => p.record.reply !== undefined);
}

const answerTo = (posts: StoredBlueskyPost[], uri: string) => posts.filter((p) => (p.record.reply as { parent: { uri: string } }).parent.uri === uri);

beforeEach(async () => {
  ({ world, bluesky, close } = await coreWorldWithFakes(PATIENT));
  // The first check only sets the cursor: what came before is never answered.
  bluesky.addMention({ author: asker(0), text: '@session.foundation is this real?' });
  expect(await answerMentions(world.mentionSources.bluesky!, world.answer)).toMatchObject({ note: 'cursor initialised' });
});
afterEach(() => close());

describe('Bluesky: one reply, in the right thread, "yes" only when everything is official', () => {
  it('a mention under a lookalike\'s post gets one warning, as a reply to the mention with the thread\'s root', async () => {
    const scam = bluesky.addPost({ author: scammer, text: 'Claim your SESH airdrop now' });
    const question = bluesky.addMention({
      author: asker(1),
      text: '@session.foundation is this real?',
      facets: [{ text: '@session.foundation', did: bluesky.did }],
      replyTo: scam.uri,
    });
    const sent = await replies();
    expect(sent).toHaveLength(1);
    const [reply] = sent;
    expect(reply!.text).toMatch(CAREFUL);
    expect(reply!.record.reply).toEqual({ root: scam, parent: question });
    // Asking again later, or a second check, never makes a second reply.
    expect(await replies()).toHaveLength(1);
    expect(bluesky.requestsTo('POST /xrpc/com.atproto.repo.createRecord')).toHaveLength(1);
    expect(await world.metric('herald_mention_replies_total{platform="bluesky",verdict="lookalike"}')).toBe(1);
  });

  it('answers deep in a thread with the thread\'s first post as root; the post replied to is checked too', async () => {
    const root = bluesky.addPost({ author: asker(2), text: 'Anyone seen the new Session release?' });
    const middle = bluesky.addPost({ author: asker(3), text: 'Yes, on their blog', replyTo: root.uri });
    const question = bluesky.addMention({ author: asker(4), text: '@session.foundation are you the real Session?', facets: [{ text: '@session.foundation', did: bluesky.did }], replyTo: middle.uri });
    const [reply] = await replies();
    // The post it answers is a stranger's: "are you the real Session?" is about that post too.
    expect(reply!.text).toMatch(/^No — that account is not an official Session channel\./);
    expect(reply!.record.reply).toEqual({ root, parent: question });
    // Positive control: the same question on its own is about the account itself.
    const alone = bluesky.addMention({ author: asker(15), text: '@session.foundation are you the real Session?', facets: [{ text: '@session.foundation', did: bluesky.did }] });
    const [, second] = await replies();
    expect(second!.text).toMatch(/^Yes — @session\.foundation is an official Session Technology Foundation account\./);
    expect(second!.record.reply).toEqual({ root: alone, parent: alone });
  });

  it('a lookalike handle asked about in the text, or behind a facet that shows the official one, is never vouched for', async () => {
    const a = bluesky.addMention({ author: asker(5), text: '@session.foundation is @session-airdrop.bsky.social official?' });
    // The facet shows the official handle but points at a scam account.
    const scam = bluesky.addPost({ author: { handle: 'sessi0n-foundation.bsky.social' }, text: 'hello' });
    const scamDid = scam.uri.split('/')[2]!;
    const b = bluesky.addMention({ author: asker(6), text: 'is @session.foundation legit?', facets: [{ text: '@session.foundation', did: scamDid }] });
    const sent = await replies();
    expect(answerTo(sent, a.uri).map((p) => p.text)).toEqual([expect.stringMatching(CAREFUL)]);
    expect(answerTo(sent, b.uri).map((p) => p.text)).toEqual([expect.stringMatching(CAREFUL)]);
    // Positive controls: the same facet pointing at the real account is the account itself, no warning.
    const c = bluesky.addMention({ author: asker(7), text: 'is @session.foundation legit?', facets: [{ text: '@session.foundation', did: bluesky.did }] });
    const d = bluesky.addMention({ author: asker(16), text: 'are you legit @session.foundation?', facets: [{ text: '@session.foundation', did: bluesky.did }] });
    const after = await replies();
    expect(answerTo(after, c.uri).map((p) => p.text)).toEqual([expect.stringMatching(UNSURE)]);
    expect(answerTo(after, d.uri).map((p) => p.text)).toEqual([expect.stringMatching(YES)]);
  });

  it('a quoted post the AppView does not serve is "I can\'t verify that"; the same post served from an official domain handle is yes', async () => {
    const gone = bluesky.addMention({ author: asker(8), text: '@session.foundation is this real?', quote: { author: { handle: 'news.getsession.org' }, text: 'Session 2.0', unavailable: true } });
    const there = bluesky.addMention({ author: asker(9), text: '@session.foundation is this real?', quote: { author: { handle: 'news.getsession.org' }, text: 'Session 2.0 https://getsession.org/blog/2', facets: [{ text: 'https://getsession.org/blog/2', uri: 'https://getsession.org/blog/2' }] } });
    const sent = await replies();
    expect(answerTo(sent, gone.uri).map((p) => p.text)).toEqual([expect.stringMatching(UNSURE)]);
    expect(answerTo(sent, there.uri).map((p) => p.text)).toEqual([expect.stringMatching(YES)]);
  });

  it('when profiles or posts cannot be read, facets stay bare DIDs and posts missing: never a yes, and the check goes on', async () => {
    const unreadable = { kind: 'status' as const, status: 501, body: '{"error":"MethodNotImplemented","message":"Method Not Implemented"}' };
    bluesky.setFaultInjector((req) => (req.path.endsWith('actor.getProfiles') || req.path.endsWith('feed.getPosts') ? unreadable : undefined));
    const other = bluesky.addPost({ author: { handle: 'someone.bsky.social' }, text: 'hi' });
    // It shows an official handle; whose account it points at cannot be read.
    const facet = bluesky.addMention({ author: asker(17), text: 'is @getsession.org official?', facets: [{ text: '@getsession.org', did: other.uri.split('/')[2]! }] });
    const quoted = bluesky.addMention({ author: asker(18), text: '@session.foundation is this real?', quote: other.uri });
    const written = bluesky.addMention({ author: asker(19), text: '@session.foundation is @session-airdrop.bsky.social official?' });
    const sent = await replies();
    expect(answerTo(sent, facet.uri).map((p) => p.text)).toEqual([expect.stringMatching(UNSURE)]);
    expect(answerTo(sent, quoted.uri).map((p) => p.text)).toEqual([expect.stringMatching(UNSURE)]);
    expect(answerTo(sent, written.uri).map((p) => p.text)).toEqual([expect.stringMatching(CAREFUL)]);
    // The replies still sit in the right thread: the notification said where.
    expect(answerTo(sent, written.uri)[0]!.record.reply).toEqual({ root: written, parent: written });
  });

  it('a link facet that shows an official link but leads elsewhere is judged by where it leads', async () => {
    const trick = bluesky.addMention({ author: asker(10), text: '@session.foundation is getsession.org/download safe?', facets: [{ text: 'getsession.org/download', uri: 'https://getsession-download.example/app' }] });
    const honest = bluesky.addMention({ author: asker(11), text: '@session.foundation is getsession.org/download safe?', facets: [{ text: 'getsession.org/download', uri: 'https://getsession.org/download' }] });
    const sent = await replies();
    expect(answerTo(sent, trick.uri).map((p) => p.text)).toEqual([expect.stringMatching(CAREFUL)]);
    expect(answerTo(sent, honest.uri).map((p) => p.text)).toEqual([expect.stringMatching(YES)]);
  });

  it('a reply to Herald\'s own post asking "is this real?" is answered about that post', async () => {
    const own = bluesky.addPost({ author: { handle: bluesky.handle }, text: 'Session V2 https://session.foundation/blog/v2', facets: [{ text: 'https://session.foundation/blog/v2', uri: 'https://session.foundation/blog/v2' }] });
    const question = bluesky.addMention({ author: asker(12), text: 'is this real?', replyTo: own.uri });
    const [reply] = await replies();
    expect(reply!.text).toMatch(YES);
    expect(reply!.record.reply).toEqual({ root: own, parent: question });
  });

  it('a lookalike asking gets no answer at all (counted, warned); not a question gets none either', async () => {
    bluesky.addMention({ author: scammer, text: '@session.foundation are you the real Session?' });
    bluesky.addMention({ author: asker(13), text: '@session.foundation great release, thanks' });
    expect(await replies()).toEqual([]);
    expect(await world.metric('herald_mentions_skipped_total{platform="bluesky",reason="lookalike-author"}')).toBe(1);
    expect(await world.metric('herald_mentions_skipped_total{platform="bluesky",reason="not-a-question"}')).toBe(1);
    expect(world.logs.some((l) => l.level === 40 && String(l.msg).includes('lookalike'))).toBe(true);
    bluesky.addMention({ author: asker(14), text: '@session.foundation are you the real Session?' });
    expect(await replies()).toHaveLength(1);
  });

  it('reads every page of notifications since the cursor, oldest answered first, and none twice', async () => {
    const asked = Array.from({ length: 60 }, (_, i) => bluesky.addMention({ author: asker(100 + i), text: '@session.foundation are you the real Session?' }));
    const sent = await replies();
    expect(sent.map((p) => (p.record.reply as { parent: { uri: string } }).parent.uri)).toEqual(asked.slice(0, 30).map((a) => a.uri));
    // 30 replies an hour (MAX_REPLIES_PER_HOUR): the rest are counted, not queued; the cursor still moves on.
    expect(await replies()).toHaveLength(30);
  });
});
