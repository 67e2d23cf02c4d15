/**
 * Self-tests of the fake X and fake Mastodon servers, driven by the real clients
 * (twitter-api-v2 and masto) wherever practical, to prove the wire formats work.
 */
import http from 'node:http';
import { createRestAPIClient, MastoHttpError, MastoTimeoutError } from 'masto';
import { ApiRequestError, ApiResponseError, type ITwitterApiClientPlugin, TwitterApi } from 'twitter-api-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeMastodon, htmlError as mHtmlError, m401, m429, m5xx, startFakeMastodon } from './fake-mastodon.ts';
import { type FakeX, htmlError, startFakeX, tcoFor, x401, x402, x403NoWrite, x429, x5xx, xUsageCapped } from './fake-x.ts';

/** The production code does the same: rewrite api.x.com URLs to the fake, over plain HTTP. */
function rewriteTo(baseUrl: string, timeoutMs?: number): ITwitterApiClientPlugin {
  const target = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: false });
  return {
    onBeforeRequest({ computedParams, requestOptions }) {
      const u = computedParams.url;
      u.protocol = 'http:';
      u.host = target.host;
      requestOptions.agent = agent;
      if (timeoutMs !== undefined) requestOptions.timeout = timeoutMs;
    },
  };
}

const X_TOKENS = { appKey: 'ck', appSecret: 'cs', accessToken: 'at', accessSecret: 'as' };

function xClient(fake: FakeX, timeoutMs?: number): TwitterApi {
  return new TwitterApi(X_TOKENS, { plugins: [rewriteTo(fake.url, timeoutMs)] });
}

async function rejection(p: PromiseLike<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

/** The underlying error of a twitter-api-v2 ApiRequestError (its `requestError` getter reads the wrong field). */
function causeOf(err: unknown): (Error & { code?: string }) | undefined {
  return (err as { _options?: { error?: Error & { code?: string } } })._options?.error;
}

/** Raw HTTP request (for things the clients do not expose). */
async function raw(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: string }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: await res.text() };
}

describe('fake X', () => {
  let fake: FakeX;
  let client: TwitterApi;
  beforeEach(async () => {
    fake = await startFakeX({ consumerKey: 'ck', accessToken: 'at' });
    client = xClient(fake);
  });
  afterEach(async () => {
    await fake.close();
  });

  it('posts a tweet through the real client (t.co links, rate-limit headers)', async () => {
    const res = await client.v2.tweet('hello https://session.foundation/x');
    expect(res.data.id).toMatch(/^\d+$/);
    expect(res.data.text).toBe(`hello ${tcoFor('https://session.foundation/x')}`);
    expect(res.data.text).toMatch(/^hello https:\/\/t\.co\/[A-Za-z0-9]{10}$/);
    expect(fake.tweets).toHaveLength(1);
    expect(fake.tweets[0]).toMatchObject({ id: res.data.id, text: 'hello https://session.foundation/x', authorId: '1000' });

    const [req] = fake.requestsTo('POST /2/tweets');
    expect(req?.headers.authorization).toMatch(/^OAuth .*oauth_consumer_key="ck".*oauth_signature=/);
    expect(req?.json).toEqual({ text: 'hello https://session.foundation/x' });

    // The rate-limit headers, as the client parses them (fullResponse gives access to them).
    const full = await client.v2.post('tweets', { text: 'second post' }, { fullResponse: true });
    expect(full.rateLimit).toMatchObject({ limit: 100, remaining: 98 });
    expect(full.rateLimit?.userDay).toMatchObject({ limit: 1000, remaining: 998 });
    expect(full.rateLimit?.day).toMatchObject({ limit: 10000, remaining: 9998 });
    expect(full.rateLimit?.reset).toBeGreaterThan(Date.now() / 1000);
  });

  it('serves a post\'s web page without auth at /i/status/:id and /:handle/status/:id, 404 for an unknown post', async () => {
    const res = await client.v2.tweet('a post <b>with</b> markup');
    for (const path of [`/i/status/${res.data.id}`, `/SessionTechFND/status/${res.data.id}`]) {
      const page = await fetch(`${fake.url}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('a post &lt;b&gt;with&lt;/b&gt; markup');
    }
    expect((await fetch(`${fake.url}/i/status/1`)).status).toBe(404);
  });

  it('answers 403 duplicate content, replies and 401 without OAuth', async () => {
    const first = await client.v2.tweet('same text');
    const err = await rejection(client.v2.tweet('same text'));
    expect(err).toBeInstanceOf(ApiResponseError);
    const e = err as ApiResponseError;
    expect(e.code).toBe(403);
    expect(e.data).toMatchObject({ detail: 'You are not allowed to create a Tweet with duplicate content.', title: 'Forbidden' });
    expect(fake.tweets).toHaveLength(1);

    const reply = await client.v2.reply('a reply', first.data.id);
    expect(fake.tweets[1]).toMatchObject({ id: reply.data.id, inReplyToTweetId: first.data.id });
    expect(BigInt(reply.data.id) > BigInt(first.data.id)).toBe(true);

    const noAuth = await raw(`${fake.url}/2/tweets`, { method: 'POST', body: '{"text":"x"}', headers: { 'content-type': 'application/json' } });
    expect(noAuth.status).toBe(401);
    expect(JSON.parse(noAuth.body)).toEqual({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    expect(noAuth.headers.get('x-rate-limit-remaining')).not.toBeNull();

    const wrongKey = new TwitterApi({ ...X_TOKENS, appKey: 'other' }, { plugins: [rewriteTo(fake.url)] });
    expect(((await rejection(wrongKey.v2.tweet('y'))) as ApiResponseError).code).toBe(401);
  });

  it('serves me, the user timeline (entities, pagination) and since_id', async () => {
    const me = await client.v2.me();
    expect(me.data).toEqual({ id: '1000', name: 'Session Technology Foundation', username: 'SessionTechFND' });

    const posted: string[] = [];
    for (let i = 0; i < 7; i++) posted.push((await client.v2.tweet(`post ${i} https://session.foundation/blog/${i}`)).data.id);
    const tl = await client.v2.userTimeline('1000', { max_results: 5, 'tweet.fields': ['created_at', 'entities'] });
    expect(tl.tweets.map((t) => t.id)).toEqual(posted.slice(2).reverse());
    const newest = tl.tweets[0]!;
    expect(newest.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(newest.entities?.urls?.[0]).toMatchObject({
      start: 7,
      end: 30,
      expanded_url: 'https://session.foundation/blog/6',
      display_url: 'session.foundation/blog/6',
    });
    expect(tl.meta).toMatchObject({ result_count: 5, newest_id: posted[6], oldest_id: posted[2] });
    const next = await tl.next();
    expect(next.tweets.map((t) => t.id)).toEqual(posted.slice(0, 2).reverse());

    // Without tweet.fields, like real X: only id, text, edit_history_tweet_ids.
    const bare = await client.v2.userTimeline('1000', { since_id: posted[5] });
    expect(bare.tweets).toHaveLength(1);
    expect(Object.keys(bare.tweets[0]!).sort()).toEqual(['edit_history_tweet_ids', 'id', 'text']);

    const empty = await client.v2.userTimeline('1000', { since_id: posted[6] });
    expect(empty.tweets).toEqual([]);
    expect(empty.meta.result_count).toBe(0);

    const bad = (await rejection(client.v2.userTimeline('1000', { max_results: 2 }))) as ApiResponseError;
    expect(bad.code).toBe(400);
  });

  it('serves mentions with expansions, includes and since_id', async () => {
    const ours = await client.v2.tweet('Official post https://session.foundation/blog/1');
    const m1 = fake.addMention({ text: '@SessionTechFND is this official?', author: { id: '42', username: 'alice' } });
    const m2 = fake.addMention({
      text: '@SessionTechFND is this real? https://sesh-airdrop.com/claim',
      author: { id: '43', username: 'bob' },
      referenced: { type: 'quoted', tweet: { text: 'Free SESH airdrop https://sesh-airdrop.com/claim', author: { id: '66', username: 'SessionTechFNDD' } } },
    });
    const m3 = fake.addMention({
      text: '@SessionTechFND legit?',
      author: { id: '44', username: 'carol' },
      referenced: { type: 'replied_to', tweet: { id: ours.data.id, text: 'ignored', author: { id: '1000', username: 'SessionTechFND' } } },
    });
    expect(BigInt(m1.id) > BigInt(ours.data.id)).toBe(true);
    expect(BigInt(m3.id) > BigInt(m2.id)).toBe(true);

    const page = await client.v2.userMentionTimeline('1000', {
      since_id: m1.id,
      expansions: ['author_id', 'referenced_tweets.id', 'referenced_tweets.id.author_id'],
      'tweet.fields': ['created_at', 'conversation_id', 'entities', 'author_id', 'referenced_tweets'],
      'user.fields': ['username'],
    });
    expect(page.tweets.map((t) => t.id)).toEqual([m3.id, m2.id]);
    const t2 = page.tweets[1]!;
    expect(t2).toMatchObject({ author_id: '43', conversation_id: m2.id, referenced_tweets: [{ type: 'quoted', id: m2.referenced?.id }] });
    expect(t2.entities?.urls?.[0]?.expanded_url).toBe('https://sesh-airdrop.com/claim');
    expect(t2.entities?.mentions?.[0]).toEqual({ start: 0, end: 15, username: 'SessionTechFND', id: '1000' });
    const t3 = page.tweets[0]!;
    expect(t3.conversation_id).toBe(ours.data.id);
    expect(t3.referenced_tweets).toEqual([{ type: 'replied_to', id: ours.data.id }]);

    const quoted = page.includes.quote(t2);
    expect(quoted?.author_id).toBe('66');
    expect(quoted?.entities?.urls?.[0]?.expanded_url).toBe('https://sesh-airdrop.com/claim');
    expect(page.includes.author(t2)?.username).toBe('bob');
    expect(page.includes.users.map((u) => u.username).sort()).toEqual(['SessionTechFND', 'SessionTechFNDD', 'bob', 'carol']);
    expect(page.includes.repliedTo(t3)?.text).toBe(`Official post ${tcoFor('https://session.foundation/blog/1')}`);
    expect(page.meta).toMatchObject({ result_count: 2, newest_id: m3.id, oldest_id: m2.id });

    const none = await client.v2.userMentionTimeline('1000', { since_id: m3.id });
    expect(none.tweets).toEqual([]);

    // Replying to a mention works; replying to an unknown tweet is a 403 like real X.
    await client.v2.reply('Not official.', m2.id);
    expect(((await rejection(client.v2.reply('x', '123'))) as ApiResponseError).code).toBe(403);
  });

  it('serves a reply that also quotes, and leaves an unavailable referenced tweet out of includes', async () => {
    const scammer = { id: '66', username: 'SessionTechFNDD' };
    const both = fake.addMention({
      text: '@SessionTechFND is this real?',
      author: { id: '45', username: 'dave' },
      referenced: [
        { type: 'replied_to', tweet: { text: 'Claim at https://sesh-airdrop.com', author: scammer } },
        { type: 'quoted', tweet: { text: 'Session Protocol V2 https://session.foundation/blog/v2', author: { id: '1000', username: 'SessionTechFND' } } },
      ],
    });
    const gone = fake.addMention({
      text: '@SessionTechFND legit?',
      author: { id: '46', username: 'erin' },
      referenced: { type: 'quoted', tweet: { text: 'deleted scam', author: scammer, unavailable: true } },
    });
    const page = await client.v2.userMentionTimeline('1000', {
      expansions: ['author_id', 'referenced_tweets.id', 'referenced_tweets.id.author_id'],
      'tweet.fields': ['entities', 'author_id', 'referenced_tweets'],
    });
    const [g, b] = page.tweets;
    expect(b!.referenced_tweets).toEqual(both.references);
    expect(both.references.map((r) => r.type)).toEqual(['replied_to', 'quoted']);
    expect(page.includes.repliedTo(b!)?.author_id).toBe('66');
    expect(page.includes.quote(b!)?.author_id).toBe('1000');
    expect(g!.referenced_tweets).toEqual([{ type: 'quoted', id: gone.referenced?.id }]);
    expect(page.includes.quote(g!)).toBeUndefined();
    // Like real X: 200 with `errors` and no `data`.
    const lookup = await client.v2.singleTweet(gone.referenced!.id);
    expect(lookup.data).toBeUndefined();
    expect(lookup.errors?.[0]).toMatchObject({ title: 'Not Found Error' });
  });

  it('escapes HTML entities in returned text like X v2', async () => {
    const res = await client.v2.tweet('Q&A <today>');
    expect(res.data.text).toBe('Q&amp;A &lt;today&gt;');
    expect(fake.tweets[0]?.text).toBe('Q&A <today>');
  });

  it('exposes 429 headers on ApiResponseError and blocks until the announced reset', async () => {
    fake.failNext('POST /2/tweets', x429({ resetInSeconds: 60 }));
    const err = await rejection(client.v2.tweet('rate limited'));
    expect(err).toBeInstanceOf(ApiResponseError);
    const e = err as ApiResponseError;
    expect(e.code).toBe(429);
    expect(e.rateLimitError).toBe(true);
    expect(e.data).toMatchObject({ title: 'Too Many Requests', status: 429 });
    expect(e.headers['x-rate-limit-remaining']).toBe('0');
    expect(e.rateLimit?.remaining).toBe(0);
    expect(e.rateLimit?.reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 59);
    expect(e.rateLimit?.userDay?.remaining).toBeGreaterThan(0);
    expect(fake.tweets).toHaveLength(0);

    // Retrying before the reset: another 429 (enforced) and a violation.
    expect(((await rejection(client.v2.tweet('too early'))) as ApiResponseError).code).toBe(429);
    const v = fake.violations();
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ route: 'POST /2/tweets', family: 'write' });
    expect(v[0]!.earlyByMs).toBeGreaterThan(50_000);
    expect(fake.resetGaps()[0]?.gapMs).toBeLessThan(0);
    // Reads are separate families.
    await client.v2.me();
    expect(fake.violations()).toHaveLength(1);
  });

  it('day-cap 429: 24-hour remaining 0 with a later reset than x-rate-limit-reset', async () => {
    fake.failNext('POST /2/tweets', x429({ resetInSeconds: 3600, userDayCap: true }));
    const e = (await rejection(client.v2.tweet('capped'))) as ApiResponseError;
    expect(e.rateLimit?.userDay?.remaining).toBe(0);
    expect(e.rateLimit?.remaining).toBeGreaterThan(0);
    expect(e.rateLimit!.userDay!.reset).toBeGreaterThan(e.rateLimit!.reset);
    const until = fake.resetGaps()[0]!.resetAt;
    expect(until).toBe(e.rateLimit!.userDay!.reset * 1000);
  });

  it('a success with remaining 0 records a pause window; the next request is a violation (and a 429)', async () => {
    const resetAt = Math.floor(Date.now() / 1000) + 30;
    fake.setRateLimit('GET /2/users/me', { remaining: 0, resetAt });
    const me = await client.v2.get('users/me', undefined, { fullResponse: true });
    expect(me.rateLimit).toMatchObject({ remaining: 0, reset: resetAt });
    expect(fake.resetGaps()).toEqual([expect.objectContaining({ route: 'GET /2/users/me', resetAt: resetAt * 1000 })]);
    expect(fake.resetGaps()[0]?.gapMs).toBeUndefined();
    expect(((await rejection(client.v2.me())) as ApiResponseError).code).toBe(429);
    expect(fake.violations()).toHaveLength(1);
    expect(fake.resetGaps()[0]?.gapMs).toBeLessThan(-25_000);
  });

  it('fault builders answer the real problem bodies', async () => {
    fake.failNext('POST /2/tweets', xUsageCapped(), x402(), x401(), x403NoWrite(), x5xx(), htmlError(502));
    const usage = (await rejection(client.v2.tweet('a'))) as ApiResponseError;
    expect(usage.code).toBe(429);
    expect(usage.data).toMatchObject({ title: 'UsageCapExceeded', type: 'https://api.twitter.com/2/problems/usage-capped' });
    const credits = (await rejection(client.v2.tweet('a'))) as ApiResponseError;
    expect(credits.code).toBe(402);
    expect(credits.data).toMatchObject({ title: 'CreditsDepleted' });
    const unauth = (await rejection(client.v2.tweet('a'))) as ApiResponseError;
    expect(unauth.isAuthError).toBe(true);
    const noWrite = (await rejection(client.v2.tweet('a'))) as ApiResponseError;
    expect(noWrite.data).toMatchObject({ type: 'https://api.twitter.com/2/problems/oauth1-permissions', status: 403 });
    const unavailable = (await rejection(client.v2.tweet('a'))) as ApiResponseError;
    expect(unavailable.code).toBe(503);
    const html = (await rejection(client.v2.tweet('a'))) as ApiResponseError;
    expect(html).toBeInstanceOf(ApiResponseError);
    expect(html.code).toBe(502);
    expect(typeof html.data).toBe('string');
    expect(String(html.data)).toContain('<html>');
    expect(fake.tweets).toHaveLength(0);
    // The usage-capped 429 announced a pause (until x-rate-limit-reset), so the next posts are violations.
    expect(fake.violations().length).toBeGreaterThanOrEqual(5);
  });

  it('stall makes a client with a timeout fail; close() ends the stalled socket', async () => {
    fake.failNext('POST /2/tweets', { kind: 'stall' });
    const timed = xClient(fake, 300);
    const err = await rejection(timed.v2.tweet('stalled'));
    expect(err).toBeInstanceOf(ApiRequestError);
    // twitter-api-v2 1.29.1 bug: `requestError` is always undefined; the cause hides in the non-enumerable `_options.error`.
    expect((err as ApiRequestError).message).toBe('Request failed.');
    expect(causeOf(err)?.message).toBe('Request timeout.');
    expect(fake.tweets).toHaveLength(0);

    // The client has no timeout of its own: only close() can end the stalled request (were it not
    // to, the test would hang and fail at its timeout; no clock involved).
    fake.failNext('GET /2/users/me', { kind: 'stall' });
    const pending = rejection(client.v2.me());
    await fake.waitForRequests('GET /2/users/me', 1);
    await fake.close();
    const closedErr = await pending;
    expect(closedErr).toBeInstanceOf(ApiRequestError);
    expect(causeOf(closedErr)?.message).not.toBe('Request timeout.');
  });

  it('drop-after-commit stores the tweet but the client sees a socket error; drop stores nothing', async () => {
    fake.failNext('POST /2/tweets', { kind: 'drop-after-commit' }, { kind: 'drop' });
    const err = await rejection(client.v2.tweet('committed'));
    expect(err).toBeInstanceOf(ApiRequestError);
    expect(causeOf(err)).toMatchObject({ message: 'socket hang up', code: 'ECONNRESET' });
    expect(fake.tweets.map((t) => t.text)).toEqual(['committed']);
    const err2 = await rejection(client.v2.tweet('dropped'));
    expect(err2).toBeInstanceOf(ApiRequestError);
    expect(fake.tweets.map((t) => t.text)).toEqual(['committed']);
    // Retrying the committed one hits the duplicate check, like real X.
    expect(((await rejection(client.v2.tweet('committed'))) as ApiResponseError).code).toBe(403);
  });

  it('delay answers late but performs the action at once; the fault injector sees every request', async () => {
    const seen: string[] = [];
    fake.setFaultInjector((req, route) => {
      seen.push(route);
      return req.method === 'POST' ? { kind: 'delay', ms: 2_000 } : undefined;
    });
    // Order, not a stopwatch: the tweet is stored while the answer is still held back.
    let answered = false;
    const posting = client.v2.tweet('slow').then((result) => {
      answered = true;
      return result;
    });
    await fake.waitForRequests('POST /2/tweets', 1);
    expect(fake.tweets).toHaveLength(1);
    expect(answered).toBe(false);
    await posting;
    expect(answered).toBe(true);
    await client.v2.me();
    expect(seen).toEqual(['POST /2/tweets', 'GET /2/users/me']);
  });

  it('waitForRequests resolves on arrival and rejects with a clear message; reset forgets everything', async () => {
    const waiting = fake.waitForRequests('GET /2/users/:id/tweets', 2, 2000);
    await client.v2.userTimeline('1000');
    await client.v2.userTimeline('1000');
    expect(await waiting).toHaveLength(2);
    expect(fake.requestsTo('GET /2/users/1000/tweets')).toHaveLength(2);
    await expect(fake.waitForRequests('POST /2/tweets', 1, 50)).rejects.toThrow(/timed out after 50 ms waiting for 1 request\(s\) to POST \/2\/tweets; got 0/);

    await client.v2.tweet('one');
    fake.failNext('POST /2/tweets', x5xx());
    fake.reset();
    expect(fake.requests).toHaveLength(0);
    expect(fake.tweets).toHaveLength(0);
    await client.v2.tweet('one');
    expect(fake.tweets).toHaveLength(1);

    const unknown = await raw(`${fake.url}/2/nope`);
    expect(unknown.status).toBe(404);
    expect(() => JSON.parse(unknown.body)).not.toThrow();
  });
});

describe('fake Mastodon', () => {
  let fake: FakeMastodon;
  beforeEach(async () => {
    fake = await startFakeMastodon();
  });
  afterEach(async () => {
    await fake.close();
  });
  const client = (timeout = 2000) => createRestAPIClient({ url: fake.url, accessToken: fake.accessToken, timeout });

  it('serves the instance and credentials through masto', async () => {
    const masto = client();
    const instance = await masto.v2.instance.fetch();
    expect(instance.version).toBe('4.3.0');
    expect(instance.configuration.statuses).toEqual({ maxCharacters: 500, maxMediaAttachments: 4, charactersReservedPerUrl: 23 });
    const me = await masto.v1.accounts.verifyCredentials();
    expect(me).toMatchObject({ id: '109000', username: 'session', acct: 'session', displayName: 'Session', url: `${fake.url}/@session` });

    const other = await startFakeMastodon({ maxCharacters: 11000, omitStatusesConfig: true });
    try {
      const inst = await createRestAPIClient({ url: other.url }).v2.instance.fetch();
      expect(inst.configuration.statuses).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it("serves a status's web page at /@user/:id, only under its own account", async () => {
    const status = await client().v1.statuses.create({ status: 'hello from the fake', visibility: 'public' });
    expect(status.url).toBe(`${fake.url}/@session/${status.id}`);
    const page = await fetch(status.url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('hello from the fake');
    expect((await fetch(`${fake.url}/@someone/${status.id}`)).status).toBe(404);
    expect((await fetch(`${fake.url}/@session/1`)).status).toBe(404);
  });

  it('requires the bearer token', async () => {
    const bad = createRestAPIClient({ url: fake.url, accessToken: 'wrong', timeout: 2000 });
    const err = (await rejection(bad.v1.accounts.verifyCredentials())) as MastoHttpError;
    expect(err).toBeInstanceOf(MastoHttpError);
    expect(err.statusCode).toBe(401);
    expect(err.message).toBe('The access token is invalid');
  });

  it('creates statuses with HTML content; Idempotency-Key returns the same status', async () => {
    const masto = client();
    const meta = { requestInit: { headers: { 'Idempotency-Key': 'k1' } } };
    const s1 = await masto.v1.statuses.create({ status: 'New post: https://session.foundation/blog/some-long-article-slug #Session', visibility: 'public' }, meta);
    const s2 = await masto.v1.statuses.create({ status: 'New post: https://session.foundation/blog/some-long-article-slug #Session', visibility: 'public' }, meta);
    expect(s2.id).toBe(s1.id);
    expect(fake.statuses).toHaveLength(1);
    expect(fake.statuses[0]).toMatchObject({ id: s1.id, visibility: 'public', idempotencyKey: 'k1' });
    expect(s1.content).toContain('<a href="https://session.foundation/blog/some-long-article-slug"');
    expect(s1.content.startsWith('<p>New post: ')).toBe(true);
    expect(s1.tags).toEqual([{ name: 'session', url: `${fake.url}/tags/session` }]);
    expect(s1.account.id).toBe('109000');
    expect(fake.requestsTo('POST /api/v1/statuses')[0]?.json).toEqual({
      status: 'New post: https://session.foundation/blog/some-long-article-slug #Session',
      visibility: 'public',
    });

    const reply = await masto.v1.statuses.create({ status: 'a reply', inReplyToId: s1.id, visibility: 'unlisted' });
    expect(reply.inReplyToId).toBe(s1.id);
    expect(fake.statuses[1]).toMatchObject({ inReplyToId: s1.id, visibility: 'unlisted' });

    const tooLong = (await rejection(masto.v1.statuses.create({ status: 'x'.repeat(501) }))) as MastoHttpError;
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.message).toBe('Validation failed: Text character limit of 500 exceeded');
    // A long URL counts 23 characters.
    await masto.v1.statuses.create({ status: `${'y'.repeat(470)} https://session.foundation/${'z'.repeat(100)}` });

    // Form-encoded bodies are accepted too.
    const form = await raw(`${fake.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.accessToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'status=form+post&visibility=unlisted',
    });
    expect(form.status).toBe(200);
    expect(fake.statuses.at(-1)).toMatchObject({ text: 'form post', visibility: 'unlisted' });

    const own = await masto.v1.accounts.$select('109000').statuses.list({ limit: 2, excludeReplies: true });
    expect(own.map((s) => s.id)).toEqual([fake.statuses[3]!.id, fake.statuses[2]!.id]);
    expect((await masto.v1.statuses.$select(s1.id).fetch()).id).toBe(s1.id);
  });

  it('reports its account domain, serves quotes, and hides an unavailable replied-to status', async () => {
    const other = await startFakeMastodon({ domain: 'social.example' });
    try {
      const masto = createRestAPIClient({ url: other.url, accessToken: other.accessToken, timeout: 2000 });
      expect((await masto.v2.instance.fetch()).domain).toBe('social.example');
      const eve = { id: '9', username: 'eve', acct: 'eve@evil.example' };
      other.addMention({ account: eve, text: '@session real?', visibility: 'public', quote: { account: eve, text: 'Airdrop!' } });
      other.addMention({ account: eve, text: '@session real?', visibility: 'public', quote: { account: eve, text: 'Gone', state: 'deleted' } });
      other.addMention({ account: eve, text: '@session real?', visibility: 'public', inReplyTo: { id: '113400000000000009', account: eve, text: 'x', unavailable: true } });
      const [hidden, revoked, quoting] = await masto.v1.notifications.list({ types: ['mention'] });
      if (quoting?.type !== 'mention' || revoked?.type !== 'mention' || hidden?.type !== 'mention') throw new Error('type');
      const quote = quoting.status.quote as { state: string; quotedStatus?: { content: string } | null };
      expect(quote.state).toBe('accepted');
      expect(quote.quotedStatus?.content).toContain('Airdrop!');
      expect(revoked.status.quote).toEqual({ state: 'deleted', quotedStatus: null });
      expect(hidden.status.inReplyToId).toBe('113400000000000009');
      await expect(masto.v1.statuses.$select('113400000000000009').fetch()).rejects.toBeInstanceOf(MastoHttpError);
    } finally {
      await other.close();
    }
  });

  it('lists mention notifications newest first; min_id returns the page immediately newer', async () => {
    const masto = client();
    const alice = { id: '7', username: 'alice', acct: 'alice@social.example' };
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(fake.addMention({ account: alice, text: `@session is post ${i} official? https://session.foundation/x`, visibility: 'public' }).notificationId);
    const reply = fake.addMention({
      account: { id: '8', username: 'bob', acct: 'bob' },
      text: '@session @alice@social.example real?',
      visibility: 'direct',
      inReplyTo: { id: '113400000000000001', account: alice, text: 'Giveaway!' },
    });

    const all = await masto.v1.notifications.list({ types: ['mention'] });
    expect(all.map((n) => n.id)).toEqual([reply.notificationId, ...ids.slice().reverse()]);
    const n = all[0]!;
    expect(n.type).toBe('mention');
    if (n.type !== 'mention') throw new Error('type');
    expect(n.status.visibility).toBe('direct');
    expect(n.status.inReplyToId).toBe('113400000000000001');
    expect(n.status.inReplyToAccountId).toBe('7');
    expect(n.status.mentions.map((m) => m.acct)).toEqual(['session', 'alice@social.example']);
    expect(n.status.content).toContain('class="u-url mention"');
    expect(n.account.acct).toBe('bob');
    expect((await masto.v1.statuses.$select('113400000000000001').fetch()).account.acct).toBe('alice@social.example');

    const after = await masto.v1.notifications.list({ types: ['mention'], minId: ids[0], limit: 2 });
    expect(after.map((x) => x.id)).toEqual([ids[2], ids[1]]);
    const since = await masto.v1.notifications.list({ types: ['mention'], sinceId: ids[0], limit: 2 });
    expect(since.map((x) => x.id)).toEqual([reply.notificationId, ids[4]]);
    expect(await masto.v1.notifications.list({ types: ['follow'] })).toEqual([]);

    const res = await raw(`${fake.url}/api/v1/notifications?types[]=mention&min_id=${ids[0]}&limit=2`, {
      headers: { authorization: `Bearer ${fake.accessToken}` },
    });
    expect(res.headers.get('link')).toBe(
      `<${fake.url}/api/v1/notifications?types[]=mention&limit=2&max_id=${ids[1]}>; rel="next", <${fake.url}/api/v1/notifications?types[]=mention&limit=2&min_id=${ids[2]}>; rel="prev"`,
    );
    // Following rel="prev" pages forward through everything, never skipping.
    const forward: string[] = [];
    const paginator = masto.v1.notifications.list({ types: ['mention'], minId: ids[0], limit: 2 }).setDirection('prev');
    for await (const pageItems of paginator) {
      if (pageItems.length === 0) break;
      forward.push(...pageItems.map((x) => x.id).reverse());
    }
    expect(forward).toEqual([...ids.slice(1), reply.notificationId]);
  });

  it('exposes 429 headers on MastoHttpError.cause and records violations', async () => {
    const masto = client();
    fake.failNext('POST /api/v1/statuses', m429({ resetInSeconds: 30 }));
    const err = await rejection(masto.v1.statuses.create({ status: 'limited' }));
    expect(err).toBeInstanceOf(MastoHttpError);
    const e = err as MastoHttpError;
    expect(e.statusCode).toBe(429);
    expect(e.message).toBe('Too many requests');
    const cause = e.cause as Response;
    expect(cause).toBeInstanceOf(Response);
    expect(cause.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Date.parse(cause.headers.get('x-ratelimit-reset') ?? '');
    // Against the answer's own Date header (whole seconds), not this machine's clock.
    const answeredAt = Date.parse(cause.headers.get('date') ?? '');
    expect(reset - answeredAt).toBeGreaterThanOrEqual(29_000);
    expect(reset - answeredAt).toBeLessThanOrEqual(31_000);
    expect(fake.statuses).toHaveLength(0);

    await masto.v1.accounts.verifyCredentials(); // reads are another family
    expect(fake.violations()).toEqual([]);
    expect(((await rejection(masto.v1.statuses.create({ status: 'early' }))) as MastoHttpError).statusCode).toBe(429);
    expect(fake.violations()).toHaveLength(1);
    expect(fake.violations()[0]).toMatchObject({ family: 'write', pausedUntil: reset });

    fake.setRateLimit({ remaining: 0, resetAt: new Date(Date.now() + 60_000), family: 'read' });
    const raw1 = await masto.v1.accounts.verifyCredentials.$raw();
    expect(raw1.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await rejection(masto.v1.accounts.verifyCredentials())) as MastoHttpError).statusCode).toBe(429);
    expect(fake.violations()).toHaveLength(2);
  });

  it('reports the gap between an announced reset and the next request', async () => {
    const masto = client();
    // A reset far enough ahead that a busy machine still sends the first post inside the window.
    const resetAt = new Date(Date.now() + 1_000);
    fake.setRateLimit({ remaining: 0, resetAt });
    await masto.v1.statuses.create({ status: 'last one in the window' });
    // Waiting for wall-clock time to pass (the reset), not for an event.
    await new Promise<void>((resolve) => setTimeout(resolve, resetAt.getTime() - Date.now() + 5));
    await masto.v1.statuses.create({ status: 'after the reset' });
    expect(fake.violations()).toEqual([]);
    const [gap] = fake.resetGaps();
    expect(gap).toMatchObject({ family: 'write', resetAt: resetAt.getTime() });
    expect(gap!.gapMs).toBeGreaterThanOrEqual(0);
  });

  it('fault builders: 401, 5xx and an HTML error page', async () => {
    const masto = client();
    fake.failNext('GET /api/v1/notifications', m401(), m5xx(), mHtmlError(502));
    const e401 = (await rejection(masto.v1.notifications.list())) as MastoHttpError;
    expect(e401.statusCode).toBe(401);
    const e503 = (await rejection(masto.v1.notifications.list())) as MastoHttpError;
    expect(e503.statusCode).toBe(503);
    // masto cannot build a MastoHttpError from an HTML error page: it throws a plain TypeError.
    const html = await rejection(masto.v1.notifications.list());
    expect(html).not.toBeInstanceOf(MastoHttpError);
    expect(html).toBeInstanceOf(TypeError);
  });

  it('stall times out with MastoTimeoutError; drop-after-commit stores the status; close() ends stalls', async () => {
    fake.failNext('POST /api/v1/statuses', { kind: 'stall' });
    const err = await rejection(client(300).v1.statuses.create({ status: 'stalled' }));
    expect(err).toBeInstanceOf(MastoTimeoutError);
    expect(fake.statuses).toHaveLength(0);

    const masto = client();
    const meta = { requestInit: { headers: { 'Idempotency-Key': 'post-1' } } };
    fake.failNext('POST /api/v1/statuses', { kind: 'drop-after-commit' });
    const dropped = await rejection(masto.v1.statuses.create({ status: 'ambiguous' }, meta));
    expect(dropped).toBeInstanceOf(TypeError);
    expect((dropped as Error).message).toBe('fetch failed');
    expect(fake.statuses).toHaveLength(1);
    const retried = await masto.v1.statuses.create({ status: 'ambiguous' }, meta);
    expect(retried.id).toBe(fake.statuses[0]!.id);
    expect(fake.statuses).toHaveLength(1);

    fake.failNext('GET /api/v1/notifications', { kind: 'stall' });
    // A client timeout far beyond the test's own: only close() can end the stalled request, and
    // then as a network error (a timeout would be a MastoTimeoutError). No clock involved.
    const pending = rejection(client(600_000).v1.notifications.list());
    await fake.waitForRequests('GET /api/v1/notifications', 1);
    await fake.close();
    const closedErr = await pending;
    expect(closedErr).toBeInstanceOf(TypeError);
    expect(closedErr).not.toBeInstanceOf(MastoTimeoutError);
  });
});
