/**
 * The fake Bluesky PDS against the real `@atproto/api` client (which validates every answer
 * against the lexicons): what the Bluesky adapter's tests rely on.
 */
import { Agent, CredentialSession } from '@atproto/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bsky429, type FakeBluesky, startFakeBluesky } from './fake-bluesky.ts';

let fake: FakeBluesky;
let session: CredentialSession;
let agent: Agent;

const post = (text: string) => ({ $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString() });

beforeEach(async () => {
  fake = await startFakeBluesky();
  session = new CredentialSession(new URL(fake.url));
  agent = new Agent(session);
  await session.login({ identifier: fake.handle, password: fake.appPassword });
});
afterEach(() => fake.close());

describe('fake Bluesky PDS', () => {
  it('logs in with the app password only, and says who the session is', async () => {
    expect(session.did).toBe(fake.did);
    expect((await agent.com.atproto.server.getSession()).data).toMatchObject({ handle: 'session.foundation', did: fake.did });
    const other = new CredentialSession(new URL(fake.url));
    await expect(other.login({ identifier: fake.handle, password: 'wrong' })).rejects.toMatchObject({ status: 401, error: 'AuthenticationRequired' });
    expect(fake.logins).toBe(1);
  });

  it('refuses a second record with the same rkey (500, as the real PDS), and stores nothing twice', async () => {
    const rkey = '3kabcdefghijk';
    const created = await agent.com.atproto.repo.createRecord({ repo: fake.did, collection: 'app.bsky.feed.post', rkey, record: post('one') });
    expect(created.data.uri).toBe(`at://${fake.did}/app.bsky.feed.post/${rkey}`);
    await expect(agent.com.atproto.repo.createRecord({ repo: fake.did, collection: 'app.bsky.feed.post', rkey, record: post('two') })).rejects.toMatchObject({ status: 500 });
    expect(fake.posts.map((p) => p.text)).toEqual(['one']);
    const read = await agent.com.atproto.repo.getRecord({ repo: fake.did, collection: 'app.bsky.feed.post', rkey });
    expect(read.data.value).toMatchObject({ text: 'one' });
    await expect(agent.com.atproto.repo.getRecord({ repo: fake.did, collection: 'app.bsky.feed.post', rkey: '3kzzzzzzzzzzz' })).rejects.toMatchObject({ error: 'RecordNotFound' });
    await expect(agent.com.atproto.repo.createRecord({ repo: fake.did, collection: 'app.bsky.feed.post', rkey: 'not-a-tid', record: post('x') })).rejects.toMatchObject({ status: 400 });
  });

  it('validates posts like the PDS: 300 graphemes, facets inside the text', async () => {
    await expect(agent.com.atproto.repo.createRecord({ repo: fake.did, collection: 'app.bsky.feed.post', record: post('é'.repeat(301)) })).rejects.toMatchObject({ status: 400 });
    const facets = [{ index: { byteStart: 0, byteEnd: 99 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://session.foundation' }] }];
    await expect(agent.com.atproto.repo.createRecord({ repo: fake.did, collection: 'app.bsky.feed.post', record: { ...post('short'), facets } })).rejects.toMatchObject({ status: 400 });
    expect(fake.posts).toEqual([]);
  });

  it('an expired access token is refreshed by the client without a new login', async () => {
    fake.expireAccessTokens();
    await agent.com.atproto.repo.createRecord({ repo: fake.did, collection: 'app.bsky.feed.post', record: post('after refresh') });
    expect(fake.posts).toHaveLength(1);
    expect(fake.requestsTo('POST /xrpc/com.atproto.server.refreshSession')).toHaveLength(1);
    expect(fake.logins).toBe(1);
    fake.revokeRefreshTokens();
    await expect(agent.com.atproto.repo.createRecord({ repo: fake.did, collection: 'app.bsky.feed.post', record: post('x') })).rejects.toMatchObject({ status: 400, error: 'ExpiredToken' });
  });

  it('answers 429 with ratelimit-reset, and counts the request as early when it comes before the reset', async () => {
    fake.failNext('POST /xrpc/com.atproto.repo.createRecord', bsky429({ resetInSeconds: 60 }));
    const error = await agent.com.atproto.repo.createRecord({ repo: fake.did, collection: 'app.bsky.feed.post', record: post('x') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429 });
    const reset = Number((error as { headers: Record<string, string> }).headers['ratelimit-reset']);
    expect(reset * 1000).toBeGreaterThan(Date.now() + 50_000);
    await agent.com.atproto.repo.createRecord({ repo: fake.did, collection: 'app.bsky.feed.post', record: post('x') }).catch(() => undefined);
    expect(fake.violations()).toHaveLength(1);
    expect(fake.posts).toEqual([]);
  });

  it('serves notifications newest first with a cursor, posts, profiles, blobs and deletes', async () => {
    const own = await agent.com.atproto.repo.createRecord({ repo: fake.did, collection: 'app.bsky.feed.post', record: post('our post') });
    const reply = fake.addMention({ author: { handle: 'alice.bsky.social' }, text: 'is this real?', replyTo: own.data.uri });
    const quote = fake.addMention({ author: { handle: 'bob.bsky.social' }, text: 'real?', quote: { author: { handle: 'scam.example' }, text: 'free SESH' } });
    const first = await agent.app.bsky.notification.listNotifications({ limit: 1 });
    expect(first.data.notifications.map((n) => [n.uri, n.reason])).toEqual([[quote.uri, 'mention']]);
    const next = await agent.app.bsky.notification.listNotifications({ limit: 1, cursor: first.data.cursor });
    expect(next.data.notifications.map((n) => [n.uri, n.reason, n.reasonSubject])).toEqual([[reply.uri, 'reply', own.data.uri]]);
    const posts = await agent.app.bsky.feed.getPosts({ uris: [reply.uri, quote.uri, 'at://did:plc:gone/app.bsky.feed.post/3kabcdefghijk'] });
    expect(posts.data.posts.map((p) => p.author.handle)).toEqual(['alice.bsky.social', 'bob.bsky.social']);
    expect((posts.data.posts[0]!.record as { reply?: { root: { uri: string } } }).reply?.root.uri).toBe(own.data.uri);
    const profiles = await agent.app.bsky.actor.getProfiles({ actors: [fake.did, 'did:plc:unknown'] });
    expect(profiles.data.profiles.map((p) => p.handle)).toEqual(['session.foundation']);
    const blob = await agent.com.atproto.repo.uploadBlob(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { encoding: 'image/png' });
    expect(blob.data.blob.size).toBe(4);
    const rkey = own.data.uri.split('/').at(-1)!;
    await agent.com.atproto.repo.deleteRecord({ repo: fake.did, collection: 'app.bsky.feed.post', rkey });
    expect(fake.posts).toEqual([]);
    await agent.com.atproto.repo.deleteRecord({ repo: fake.did, collection: 'app.bsky.feed.post', rkey });
    const feed = await agent.app.bsky.feed.getAuthorFeed({ actor: fake.handle });
    expect(feed.data.feed).toEqual([]);
  });

  it('drops the connection after storing a record (the ambiguous case)', async () => {
    fake.failNext('POST /xrpc/com.atproto.repo.createRecord', { kind: 'drop-after-commit' });
    await expect(agent.com.atproto.repo.createRecord({ repo: fake.did, collection: 'app.bsky.feed.post', rkey: '3kabcdefghijk', record: post('stored') })).rejects.toBeDefined();
    expect(fake.posts.map((p) => p.text)).toEqual(['stored']);
  });
});
