/**
 * Announcing on Bluesky: through the real `@atproto/api` client against the fake PDS, on the core
 * with in-memory stores and a manual clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BLUESKY_FOOTER } from '../../config/defaults.ts';
import type { BlueskyPublisher } from '../../src/adapters/bluesky/bluesky-publisher.ts';
import { createPlatforms } from '../../src/adapters/create-platforms.ts';
import { attemptPublish } from '../../src/core/publish/attempt-publish.ts';
import { announceJob } from '../../src/core/publish/publish-job.ts';
import type { Item } from '../../src/domain/item.ts';
import { bsky429, type FakeBluesky, type StoredBlueskyPost } from '../fakes/fake-bluesky.ts';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type CoreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';

/** No test here waits for a deadline; a busy machine must not make the first login time out. */
const PATIENT = { HTTP_TIMEOUT_SECONDS: '10' };

const item = (n: number, extra: Partial<Item> = {}): Item => ({
  id: `b1b2c3d4e5f6071${n}`,
  identity: `https://session.foundation/blog/bsky-${n}`,
  title: `Session update ${n}`,
  link: `https://session.foundation/blog/bsky-${n}`,
  feedUrl: 'https://session.foundation/rss.xml',
  firstSeenAt: new Date().toISOString(),
  status: 'announced',
  ...extra,
});

interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: Array<{ $type: string; uri: string }>;
}

/** What each link facet covers, read from the UTF-8 bytes the way a Bluesky client does. */
function linked(post: StoredBlueskyPost): Array<{ shown: string; uri: string }> {
  const bytes = Buffer.from(post.text, 'utf8');
  return ((post.record.facets ?? []) as Facet[]).map((f) => ({ shown: bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8'), uri: f.features[0]!.uri }));
}

let world: CoreWorld;
let x: FakeX;
let mastodon: FakeMastodon;
let bluesky: FakeBluesky;
let close: () => Promise<void>;

const publish = (data: Item) => attemptPublish(announceJob(data), { ...world.attempt('bluesky'), random: () => 0 });

describe('Bluesky: one post per item, with the footer, link facets and a card', () => {
  beforeEach(async () => {
    ({ world, x, mastodon, bluesky, close } = await coreWorldWithFakes(PATIENT));
  });
  afterEach(() => close());

  it('posts title, link and footer once, under a key derived from the item; a second attempt sends nothing', async () => {
    const one = item(1, { description: 'What changed in the protocol, and why.' });
    expect(await publish(one)).toMatchObject({ kind: 'done' });
    expect(bluesky.posts).toHaveLength(1);
    const [post] = bluesky.posts;
    expect(post!.text).toBe(`Session update 1\n\n${one.link}\n\n${DEFAULT_BLUESKY_FOOTER}`);
    expect(post!.record.embed).toEqual({
      $type: 'app.bsky.embed.external',
      external: { uri: one.link, title: 'Session update 1', description: 'What changed in the protocol, and why.' },
    });
    const entry = await world.stores.ledger.get(one.id, 'bluesky');
    expect(entry).toMatchObject({ state: 'posted', remoteId: post!.uri, url: `https://bsky.app/profile/${bluesky.did}/post/${post!.rkey}` });

    expect(await publish(one)).toMatchObject({ kind: 'done', remoteId: post!.uri });
    expect(bluesky.requestsTo('POST /xrpc/com.atproto.repo.createRecord')).toHaveLength(1);
    // Another item gets another key; the same item on another run gets the same one.
    await publish(item(2));
    expect(new Set(bluesky.posts.map((p) => p.rkey)).size).toBe(2);
    expect(await world.metric('herald_posts_total{platform="bluesky",outcome="posted"}')).toBe(2);
    expect(await world.metric('herald_posts_total{platform="bluesky",outcome="already_posted"}')).toBe(1);
  });

  it('links the item and the footer\'s channels at their UTF-8 byte offsets, with emoji and CJK before them; a domain in the title stays text', async () => {
    const title = '🔐 会话协议 V2 👨‍👩‍👧 — notes on evil.example and getsession.org';
    await publish(item(3, { title }));
    const [post] = bluesky.posts;
    expect(post!.text.startsWith(title)).toBe(true);
    expect(linked(post!)).toEqual([
      { shown: 'getsession.org', uri: 'https://getsession.org' },
      { shown: item(3).link, uri: item(3).link },
      { shown: 'session.foundation', uri: 'https://session.foundation' },
      { shown: 'x.com/SessionTechFND', uri: 'https://x.com/SessionTechFND' },
    ]);
    const at = Buffer.byteLength(post!.text.slice(0, post!.text.indexOf(item(3).link)));
    expect(((post!.record.facets as Facet[])[1]!).index).toEqual({ byteStart: at, byteEnd: at + Buffer.byteLength(item(3).link) });
    expect(at).toBeGreaterThan(post!.text.indexOf(item(3).link));
  });

  it('links whatever the footer names, as the operator wrote it, even off the registry (a title naming a domain is held before it gets here)', async () => {
    const custom = await coreWorldWithFakes({ ...PATIENT, OFFICIAL_DOMAINS: 'session.foundation', BLUESKY_FOOTER: 'Only trust status.example.net 🛡️ or bsky.app/profile/session.foundation' });
    try {
      await attemptPublish(announceJob(item(9, { title: 'Status page moved' })), custom.world.attempt('bluesky'));
      const [post] = custom.bluesky.posts;
      expect(linked(post!)).toEqual([
        { shown: item(9).link, uri: item(9).link },
        { shown: 'status.example.net', uri: 'https://status.example.net' },
        { shown: 'bsky.app/profile/session.foundation', uri: 'https://bsky.app/profile/session.foundation' },
      ]);
    } finally {
      await custom.close();
    }
  });

  it('keeps link and footer whole and cuts the title to 300 graphemes, counting the link in full', async () => {
    const long = item(4, { title: '会话协议更新 🔐 '.repeat(60), link: `https://session.foundation/blog/${'long-slug-'.repeat(8)}` });
    await publish(long);
    const [post] = bluesky.posts;
    expect([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(post!.text)].length).toBeLessThanOrEqual(300);
    expect(post!.text.endsWith(`…\n\n${long.link}\n\n${DEFAULT_BLUESKY_FOOTER}`)).toBe(true);
    expect(linked(post!).map((l) => l.shown)).toEqual([long.link, 'session.foundation', 'x.com/SessionTechFND']);
  });
});

describe('Bluesky: the card image comes only from an official domain, small, quickly, or not at all', () => {
  let images: FakeFeed;
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);

  beforeEach(async () => {
    images = await startFakeFeed();
    images.setFeed('/card.png', png, { contentType: 'image/png' });
    images.setFeed('/huge.png', Buffer.concat([png, Buffer.alloc(1_100_000)]), { contentType: 'image/png' });
    images.setFeed('/page.html', '<html></html>', { contentType: 'text/html' });
    images.setRedirect('/moved.png', 'https://evil.example/card.png');
    ({ world, x, mastodon, bluesky, close } = await coreWorldWithFakes({ ...PATIENT, OFFICIAL_DOMAINS: 'session.foundation,getsession.org,127.0.0.1' }));
  });
  afterEach(async () => {
    await close();
    await images.close();
  });

  it('uploads an official image and shows it on the card; a stranger\'s, a huge one, a redirect or a page are left out and the post still goes', async () => {
    await publish(item(5, { imageUrl: images.feedUrl('/card.png') }));
    const thumb = (bluesky.posts[0]!.record.embed as { external: { thumb?: { mimeType: string; size: number } } }).external.thumb;
    expect(thumb).toMatchObject({ $type: 'blob', mimeType: 'image/png', size: png.length });
    expect(bluesky.blobs.size).toBe(1);

    const others = [images.feedUrl('/huge.png'), images.feedUrl('/moved.png'), images.feedUrl('/page.html'), 'https://evil.example/card.png', 'javascript:alert(1)'];
    for (const [i, imageUrl] of others.entries()) await publish(item(6 + i, { imageUrl }));
    expect(bluesky.posts).toHaveLength(1 + others.length);
    for (const post of bluesky.posts.slice(1)) expect((post.record.embed as { external: Record<string, unknown> }).external.thumb).toBeUndefined();
    expect(bluesky.blobs.size).toBe(1);
    // Only official URLs were fetched at all, each once, and the redirect was not followed.
    expect(images.requests.map((r) => r.path).sort()).toEqual(['/card.png', '/huge.png', '/moved.png', '/page.html']);
  });
});

describe('Bluesky: exactly once through dropped connections, rate limits and sessions', () => {
  beforeEach(async () => {
    ({ world, x, mastodon, bluesky, close } = await coreWorldWithFakes(PATIENT));
  });
  afterEach(() => close());

  it('a connection dropped after the record was stored gives no duplicate: the record at its key is found and recorded', async () => {
    bluesky.failNext('POST /xrpc/com.atproto.repo.createRecord', { kind: 'drop-after-commit' });
    const one = item(20);
    expect(await publish(one)).toMatchObject({ kind: 'done', remoteId: bluesky.posts[0]!.uri });
    expect(bluesky.posts).toHaveLength(1);
    expect(bluesky.requestsTo('POST /xrpc/com.atproto.repo.createRecord')).toHaveLength(1);
    expect(bluesky.requestsTo('GET /xrpc/com.atproto.repo.getRecord')).toHaveLength(1);
    expect(await world.stores.ledger.get(one.id, 'bluesky')).toMatchObject({ state: 'posted', remoteId: bluesky.posts[0]!.uri });
    expect(await publish(one)).toMatchObject({ kind: 'done', remoteId: bluesky.posts[0]!.uri });
    expect(bluesky.requestsTo('POST /xrpc/com.atproto.repo.createRecord')).toHaveLength(1);
  });

  it('when nothing answers at all, the next attempt looks first; a server without getRecord is asked through getPosts', async () => {
    const one = item(30);
    bluesky.failNext('POST /xrpc/com.atproto.repo.createRecord', { kind: 'drop-after-commit' });
    bluesky.failNext('GET /xrpc/com.atproto.repo.getRecord', { kind: 'drop' }, { kind: 'status', status: 501, body: '{"error":"MethodNotImplemented","message":"Method Not Implemented"}' });
    bluesky.failNext('GET /xrpc/app.bsky.feed.getPosts', { kind: 'drop' });
    expect(await publish(one).catch((error: Error) => error)).toMatchObject({ name: 'TransientError', ambiguous: true });
    expect(await world.stores.ledger.get(one.id, 'bluesky')).toMatchObject({ state: 'pending', attemptedAt: expect.any(Number) });
    expect(await publish(one)).toMatchObject({ kind: 'done', remoteId: bluesky.posts[0]!.uri });
    expect(bluesky.posts).toHaveLength(1);
    expect(bluesky.requestsTo('POST /xrpc/com.atproto.repo.createRecord')).toHaveLength(1);
    expect(bluesky.requestsTo('GET /xrpc/app.bsky.feed.getPosts')).toHaveLength(2);
  });

  it('even a create sent again after a lost answer is refused by the PDS (the key is taken), and that post is recorded', async () => {
    const one = item(21);
    bluesky.failNext('POST /xrpc/com.atproto.repo.createRecord', { kind: 'drop-after-commit' });
    await publish(one);
    // Lose what Herald knew (as if its ledger had never been written): the create is sent again.
    await world.stores.ledger.set(one.id, 'bluesky', { state: 'pending', updatedAt: world.clock.now() });
    expect(await publish(one)).toMatchObject({ kind: 'done', remoteId: bluesky.posts[0]!.uri });
    expect(bluesky.requestsTo('POST /xrpc/com.atproto.repo.createRecord')).toHaveLength(2);
    expect(bluesky.posts).toHaveLength(1);
  });

  it('a 429 pauses Bluesky until its ratelimit-reset, and only Bluesky: X and Mastodon post on', async () => {
    bluesky.failNext('POST /xrpc/com.atproto.repo.createRecord', bsky429({ resetInSeconds: 120 }));
    const step = await publish(item(22));
    expect(step).toMatchObject({ kind: 'rate-limited', rateLimitHits: 1 });
    expect((step as { holdMs: number }).holdMs).toBeGreaterThan(110_000);
    expect(await world.stores.platforms.rateLimitedUntil('bluesky')).toBeGreaterThan(world.clock.now() + 110_000);
    expect(await world.stores.platforms.rateLimitedUntil('x')).toBeUndefined();
    expect(await world.stores.platforms.rateLimitedUntil('mastodon')).toBeUndefined();
    expect(await world.metric('herald_rate_limited_total{platform="bluesky"}')).toBe(1);
    expect(await world.metric('herald_rate_limited_total{platform="x"}')).toBeUndefined();
    expect(await world.stores.ledger.get(item(22).id, 'bluesky')).toMatchObject({ state: 'pending' });
    expect(bluesky.posts).toEqual([]);
    for (const platform of ['x', 'mastodon'] as const) {
      expect(await attemptPublish(announceJob(item(22)), world.attempt(platform))).toMatchObject({ kind: 'done' });
    }
    expect([x.tweets.length, mastodon.statuses.length]).toEqual([1, 1]);
  });

  it('a post that leaves fewer write points than the next one costs holds Bluesky until the reset', async () => {
    const resetAt = new Date(Date.now() + 600_000);
    bluesky.setRateLimit('write', { remaining: 5, resetAt });
    const step = await publish(item(23));
    expect(step).toMatchObject({ kind: 'done' });
    expect((step as { holdMs?: number }).holdMs).toBeGreaterThan(590_000);
    expect(bluesky.posts).toHaveLength(1);
  });

  it('an expired session is refreshed without a new login, the refreshed one is saved, and a restart adopts it', async () => {
    await publish(item(24));
    expect(bluesky.logins).toBe(1);
    const saved = await world.stores.sessions.get('bluesky', bluesky.handle);
    expect(saved).toBeDefined();
    bluesky.expireAccessTokens();
    await publish(item(25));
    expect(bluesky.posts).toHaveLength(2);
    expect(bluesky.logins).toBe(1);
    expect(bluesky.requestsTo('POST /xrpc/com.atproto.server.refreshSession')).toHaveLength(1);
    const refreshed = await world.stores.sessions.get('bluesky', bluesky.handle);
    expect(refreshed).not.toBe(saved);
    // The tokens are secrets: in the store, never in a log line.
    const { accessJwt, refreshJwt } = JSON.parse(refreshed!).session as { accessJwt: string; refreshJwt: string };
    const logged = JSON.stringify(world.logs);
    for (const token of [accessJwt, refreshJwt, ...Object.values(JSON.parse(saved!).session as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && v.length > 40)]) {
      expect(logged).not.toContain(token);
    }

    // A restart (or another replica): a new publisher on the same store uses the saved session.
    const again = createPlatforms(world.config, world.log, { sessions: world.stores.sessions }).publishers.bluesky;
    await attemptPublish(announceJob(item(26)), { ...world.attempt('bluesky'), publisher: again });
    expect(bluesky.posts).toHaveLength(3);
    expect(bluesky.logins).toBe(1);
  });

  it('logs in again only when refreshing fails, once, even for calls made at the same moment', async () => {
    await publish(item(27));
    bluesky.revokeRefreshTokens();
    const publisher = world.publishers.bluesky as BlueskyPublisher;
    await Promise.all([publish(item(28)), publisher.probeSession(), publisher.findExisting({ since: 0, idempotencyKey: 'herald-none' })]);
    expect(bluesky.posts).toHaveLength(2);
    expect(bluesky.logins).toBe(2);
  });

  it('the first calls of the publish and the mention workers at once make one login', async () => {
    const publisher = world.publishers.bluesky as BlueskyPublisher;
    await Promise.all([publish(item(31)), publisher.probeSession(), world.mentionSources.bluesky!.self(), world.mentionSources.bluesky!.fetchSince(undefined)]);
    expect(bluesky.logins).toBe(1);
    expect(bluesky.posts).toHaveLength(1);
  });

  it('a wrong app password is a hard stop that says what to do, and never shows the password', async () => {
    const wrong = await coreWorldWithFakes({ ...PATIENT, BLUESKY_APP_PASSWORD: 'zzzz-yyyy-xxxx-wwww' });
    try {
      const step = await attemptPublish(announceJob(item(29)), wrong.world.attempt('bluesky'));
      expect(step).toMatchObject({ kind: 'hard-stop' });
      const message = (step as { message: string }).message;
      expect(message).toMatch(/app password/i);
      expect(message).toMatch(/BLUESKY_APP_PASSWORD/);
      expect(message).not.toContain('zzzz-yyyy-xxxx-wwww');
      expect(await wrong.world.stores.ledger.get(item(29).id, 'bluesky')).toMatchObject({ state: 'failed' });
      expect(wrong.bluesky.posts).toEqual([]);
      expect(await wrong.world.metric('herald_hard_stops_total{platform="bluesky",status="401"}')).toBe(1);
      expect(JSON.stringify(wrong.world.logs)).not.toContain('zzzz-yyyy-xxxx-wwww');
    } finally {
      await wrong.close();
    }
  });
});
