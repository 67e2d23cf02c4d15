import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.ts';
import { runCli } from '../../src/adapters/cli/run-cli.ts';
import { createFeedFetcher } from '../../src/adapters/feed/http-feed-fetcher.ts';
import { checkCredentialsAtStart } from '../../src/core/operate/check-credentials-at-start.ts';
import { configFingerprint } from '../../src/core/operate/config-fingerprint.ts';
import { type DoctorDeps, doctorChecks } from '../../src/core/operate/doctor-checks.ts';
import { checkFingerprint } from '../../src/core/operate/fingerprint-check.ts';
import { type CheckResult, runDoctor } from '../../src/core/operate/run-doctor.ts';
import type { StoreInspection } from '../../src/ports/store-health.ts';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { rss } from '../fakes/feed-builders.ts';
import type { FakeMastodon } from '../fakes/fake-mastodon.ts';
import type { FakeX } from '../fakes/fake-x.ts';
import { type CoreWorld, coreWorldWithFakes } from '../helpers/core-world.ts';
import { testEnvironment } from '../helpers/test-environment.ts';

const HEALTHY_REDIS: StoreInspection = { reachable: true, version: '7.2.4', appendOnly: true, evictionPolicy: 'noeviction' };

describe('herald doctor', () => {
  let world: CoreWorld;
  let x: FakeX;
  let mastodon: FakeMastodon;
  let feed: FakeFeed;
  let close: () => Promise<void>;
  let redis: StoreInspection;
  let nodeVersion: string;

  const deps = (): DoctorDeps => ({
    config: world.config,
    nodeVersion,
    store: { inspect: async () => redis },
    fetcher: createFeedFetcher(world.config.feed),
    publishers: world.publishers,
    clock: world.clock,
    fingerprint: () => checkFingerprint(world.stores.fingerprints, configFingerprint(world.config), world.config.prefix),
  });
  const doctor = () => runDoctor(doctorChecks(deps()));
  const line = async (name: string): Promise<CheckResult> => {
    const found = (await doctor()).checks.find((c) => c.name === name);
    if (!found) throw new Error(`no check named ${name}`);
    return found;
  };

  beforeEach(async () => {
    feed = await startFakeFeed();
    feed.setFeed('/rss.xml', rss([{ title: 'Newest', link: 'https://session.foundation/blog/a', pubDate: new Date('2026-02-27T10:00:00Z') }, { title: 'Older', link: 'https://session.foundation/blog/b', pubDate: new Date('2026-02-20T10:00:00Z') }]));
    ({ world, x, mastodon, close } = await coreWorldWithFakes({ FEED_URLS: feed.feedUrl('/rss.xml'), ALLOW_INSECURE_FEEDS: 'true' }));
    redis = { ...HEALTHY_REDIS };
    nodeVersion = '24.11.1';
  });
  afterEach(async () => {
    await close();
    await feed.close();
  });

  it('passes on a healthy set-up, one line per check, in order', async () => {
    const report = await doctor();
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['node', true],
      ['config', true],
      ['redis', true],
      ['redis persistence', true],
      ['redis eviction', true],
      ['config fingerprint', true],
      [`feed ${feed.feedUrl('/rss.xml')}`, true],
      ['x credentials', true],
      ['mastodon credentials', true],
      ['bluesky credentials', true],
      ['clock', true],
    ]);
    expect(report.ok).toBe(true);
    const detail = Object.fromEntries(report.checks.map((c) => [c.name, c.detail]));
    expect(detail[`feed ${feed.feedUrl('/rss.xml')}`]).toBe('2 items, newest 2026-02-27; ETag and Last-Modified');
    expect(detail['x credentials']).toBe('@SessionTechFND, access level read-write');
    expect(detail['mastodon credentials']).toMatch(/^@session@127\.0\.0\.1:\d+, scopes write:statuses read:notifications read:statuses read:accounts$/);
    expect(detail['bluesky credentials']).toMatch(/^@session\.foundation \(did:plc:\w+\) on http:\/\/127\.0\.0\.1:\d+$/);
    expect(detail.clock).toMatch(/^within \d+ s of X and Mastodon$/);
    expect(x.requestsTo('GET /2/users/me')).toHaveLength(1);
    expect(mastodon.requestsTo('GET /api/v1/apps/verify_credentials')).toHaveLength(1);
  });

  it('finds an old Node, and a Redis that is down, forgets on restart or evicts', async () => {
    nodeVersion = '20.20.2';
    expect(await line('node')).toMatchObject({ ok: false, detail: 'Node.js v20.20.2: Herald needs 24 or newer', fix: expect.stringMatching(/Node\.js 24/) });
    redis = { reachable: true, appendOnly: false, evictionPolicy: 'allkeys-lru' };
    expect(await line('redis persistence')).toMatchObject({ ok: false, detail: expect.stringMatching(/appendonly no/), fix: expect.stringMatching(/appendonly yes/) });
    expect(await line('redis eviction')).toMatchObject({ ok: false, detail: expect.stringMatching(/allkeys-lru/), fix: expect.stringMatching(/noeviction/) });
    redis = { reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:6379' };
    const report = await doctor();
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'redis')).toMatchObject({ ok: false, detail: expect.stringMatching(/does not answer \(connect ECONNREFUSED/), fix: expect.stringMatching(/REDIS_URL/) });
  });

  it('finds a feed that is unreachable, is not a feed, is empty or has no validators', async () => {
    const name = `feed ${feed.feedUrl('/rss.xml')}`;
    feed.failNext('/rss.xml', { kind: 'status', status: 404 });
    expect(await line(name)).toMatchObject({ ok: false, detail: expect.stringMatching(/404/), fix: expect.stringMatching(/FEED_URLS/) });
    feed.setFeed('/rss.xml', '<!DOCTYPE html><html><body>Blog</body></html>', { contentType: 'text/html' });
    expect(await line(name)).toMatchObject({ ok: false, fix: expect.any(String) });
    feed.setFeed('/rss.xml', rss([]));
    expect(await line(name)).toMatchObject({ ok: false, detail: 'the feed has no usable item' });
    feed.setFeed('/rss.xml', rss([{ title: 'Only', link: 'https://session.foundation/blog/c', pubDate: new Date('2026-02-01T00:00:00Z') }]), { etag: false, lastModified: false });
    expect(await line(name)).toMatchObject({ ok: false, detail: expect.stringMatching(/^1 item, newest 2026-02-01; no ETag or Last-Modified/), fix: expect.stringMatching(/ETag/) });
  });

  it('finds X credentials that X rejects, a token that cannot post, and Mastodon tokens and scopes that do not fit', async () => {
    x.accessLevel = 'read';
    expect(await line('x credentials')).toMatchObject({ ok: false, detail: '@SessionTechFND: the token is read-only, it cannot post', fix: expect.stringMatching(/Read and write.*regenerate/) });
    x.failNext('GET /2/users/me', { kind: 'status', status: 401, contentType: 'application/problem+json', body: '{"title":"Unauthorized","status":401}' });
    expect(await line('x credentials')).toMatchObject({ ok: false, detail: expect.stringMatching(/401/), fix: expect.stringMatching(/X_APP_KEY.*X_ACCESS_SECRET/) });
    mastodon.appScopes = ['read'];
    expect(await line('mastodon credentials')).toMatchObject({ ok: false, detail: expect.stringMatching(/the app lacks write:statuses/), fix: expect.stringMatching(/write:statuses read:notifications read:statuses read:accounts/) });
    mastodon.appScopes = ['read', 'write'];
    expect((await line('mastodon credentials')).ok).toBe(true);
    mastodon.failNext('GET /api/v1/accounts/verify_credentials', { kind: 'status', status: 401, body: '{"error":"The access token is invalid"}' });
    expect(await line('mastodon credentials')).toMatchObject({ ok: false, fix: expect.stringMatching(/MASTODON_ACCESS_TOKEN/) });
  });

  it('finds a clock that is off against the platforms\' Date headers', async () => {
    x.clockOffsetMs = -120_000;
    expect(await line('clock')).toMatchObject({ ok: false, detail: expect.stringMatching(/this machine's clock is 1[12]\d s ahead of X's/), fix: expect.stringMatching(/NTP/) });
  });

  describe('as a command', () => {
    const herald = async (args: string[], env: Record<string, string> = {}) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, {
        loadConfig: () => loadConfig(testEnvironment('unit', { FEED_URLS: feed.feedUrl('/rss.xml'), ...env })),
        startService: () => Promise.reject(new Error('not here')),
        openOperator: () => Promise.reject(new Error('not here')),
        previewDeps: () => {
          throw new Error('not here');
        },
        doctorDeps: async () => ({ deps: deps(), close: async () => undefined }),
        io: { out: (t) => out.push(t), err: (t) => err.push(t), stdin: Readable.from(['']) },
      });
      return { code, stdout: out.join(''), stderr: err.join('') };
    };

    it('exits 0 only when every check passes; --json for machines', async () => {
      const healthy = await herald(['doctor']);
      expect(healthy.code).toBe(0);
      expect(healthy.stdout).toMatch(/^✓ node: Node\.js v24\.11\.1\n✓ config: valid: 1 feed, X live, Mastodon live, Bluesky live, prefix unit\n/);
      expect(healthy.stdout).toMatch(/✓ config fingerprint: no instance live on prefix unit; will record [0-9a-f]{16}\n/);
      expect(healthy.stdout).toMatch(/All 11 checks passed\.\n$/);
      redis = { ...HEALTHY_REDIS, appendOnly: false };
      const broken = await herald(['doctor']);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(/✗ redis persistence: appendonly no.*\n {4}fix: Set appendonly yes/);
      expect(broken.stdout).toMatch(/1 of 11 checks failed\.\n$/);
      const json = JSON.parse((await herald(['doctor', '--json'])).stdout);
      expect(json.ok).toBe(false);
      expect(json.checks.find((c: CheckResult) => c.name === 'redis persistence')).toMatchObject({ ok: false, fix: expect.any(String) });
    });

    it('a configuration that does not validate is a failed check naming each variable', async () => {
      const run = await herald(['doctor'], { FEED_POLL_SECONDS: 'often' });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/✗ config: FEED_POLL_SECONDS must be a whole number/);
    });
  });
});

describe('the credential check at start-up', () => {
  it('logs one actionable error per platform whose credentials fail, and keeps the state for /readyz', async () => {
    const { world, x, mastodon, close } = await coreWorldWithFakes();
    try {
      x.failNext('GET /2/users/me', { kind: 'status', status: 401, contentType: 'application/problem+json', body: '{"title":"Unauthorized","status":401}' });
      mastodon.appScopes = ['read:statuses'];
      const states = checkCredentialsAtStart(world.publishers, world.log);
      expect(states.snapshot()).toEqual({ x: { state: 'checking' }, mastodon: { state: 'checking' }, bluesky: { state: 'checking' } });
      await states.done;
      const errors = world.logs.filter((l) => l.level === 50);
      expect(errors.map((l) => l.platform)).toEqual(expect.arrayContaining(['x', 'mastodon']));
      expect(errors).toHaveLength(2);
      expect(errors.find((l) => l.platform === 'x')?.msg).toMatch(/^x: credentials do not work: X rejected the credentials \(401\).*Fix: Copy the keys again/);
      expect(states.snapshot()).toMatchObject({ x: { state: 'failed', fix: expect.any(String) }, mastodon: { state: 'failed', account: expect.stringMatching(/^@session@/), canWrite: false } });

      mastodon.appScopes = ['read', 'write'];
      const healthy = checkCredentialsAtStart(world.publishers, world.log);
      await healthy.done;
      expect(healthy.snapshot()).toMatchObject({ x: { state: 'ok', account: '@SessionTechFND', canWrite: true }, mastodon: { state: 'ok' } });
    } finally {
      await close();
    }
  });
});
