import { configFingerprint } from '../../src/core/operate/config-fingerprint.ts';
import { hostname, userInfo } from 'node:os';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, type Environment, loadConfig } from '../../config/load-config.ts';
import type { CliDeps } from '../../src/adapters/cli/cli-context.ts';
import { runCli } from '../../src/adapters/cli/run-cli.ts';
import { DryRunPublisher } from '../../src/adapters/dry-run-publisher.ts';
import { createFeedFetcher } from '../../src/adapters/feed/http-feed-fetcher.ts';
import { feedId } from '../../src/core/announce/feed-id.ts';
import type { Item } from '../../src/domain/item.ts';
import { markFailed, markPosted } from '../../src/domain/ledger-entry.ts';
import { TransientError } from '../../src/domain/platform-errors.ts';
import { ScriptedPublisher } from '../helpers/scripted-publisher.ts';
import { rss } from '../fakes/feed-builders.ts';
import { type CoreWorld, coreWorld } from '../helpers/core-world.ts';
import { testEnvironment } from '../helpers/test-environment.ts';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const MASTODON_TOKEN = 'mastodon-token-for-cli-tests';

const item = (n: number, overrides: Partial<Item> = {}): Item => ({
  id: `00000000000000c${n}`,
  identity: `https://session.foundation/blog/cli-${n}`,
  title: `CLI post ${n}`,
  link: `https://session.foundation/blog/cli-${n}`,
  feedUrl: 'https://session.foundation/rss.xml',
  firstSeenAt: new Date(Date.UTC(2026, 1, n)).toISOString(),
  status: 'announced',
  ...overrides,
});

/** The CLI in this process, on the in-memory world: its output and exit code. */
describe('the herald command line', () => {
  let world: CoreWorld;
  let env: Environment;
  let closed: number;

  const herald = async (args: string[], stdin = '') => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const deps: CliDeps = {
      loadConfig: () => loadConfig(testEnvironment('unit', env)),
      startService: () => Promise.reject(new Error('not in these tests')),
      openOperator: async () => ({
        ctx: world.ctx,
        close: async () => {
          closed += 1;
        },
      }),
      previewDeps: (config) => ({
        publishers: { x: new DryRunPublisher('x', world.log), mastodon: new DryRunPublisher('mastodon', world.log), bluesky: new DryRunPublisher('bluesky', world.log) },
        fetcher: createFeedFetcher(config.feed),
        readFile: async () => rss([{ title: 'From a file', link: 'https://session.foundation/blog/file', pubDate: new Date() }]),
      }),
      doctorDeps: () => Promise.reject(new Error('not in these tests')),
      io: { out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdin: Readable.from([stdin]) },
    };
    const code = await runCli(args, deps);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  };
  const json = async (args: string[]) => {
    const run = await herald([...args, '--json']);
    return { ...run, value: JSON.parse(run.stdout) };
  };

  beforeEach(async () => {
    env = { ADMIN_TOKEN, MASTODON_URL: 'https://mastodon.example', MASTODON_ACCESS_TOKEN: MASTODON_TOKEN };
    world = coreWorld(env, { pollOne: async (feedUrl) => ({ feedUrl, result: 'fetched', found: 2, enqueued: [{ itemKey: 'k', title: 'T', link: 'L' }] }) });
    closed = 0;
    await world.stores.items.record([item(1), item(2, { status: 'held', holdReason: 'burst' })].map((i) => ({ item: i, normalisedLink: i.link })));
    await world.stores.ledger.set(item(1).id, 'x', markPosted('text', { remoteId: '123', url: 'https://x.com/i/status/123' }, world.clock.now()));
  });

  it('every command has --help', async () => {
    for (const command of ['start', 'poll', 'preview', 'repost', 'status', 'pause', 'resume', 'retry', 'config', 'approve', 'reject', 'classify', 'verify', 'retract', 'audit', 'doctor']) {
      const help = await herald([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toMatch(/Usage: herald/);
    }
    expect((await herald(['no-such-command'])).code).toBe(1);
  });

  it('config shows every environment variable once, by its name, with its effective value and every secret as ***', async () => {
    env = { ...env, X_APP_KEY: 'app-key-1', X_APP_SECRET: 'app-secret-2', X_ACCESS_TOKEN: 'token-3', X_ACCESS_SECRET: 'secret-4', REDIS_URL: 'redis://herald:redis-pass-5@127.0.0.1:6379' };
    const { code, stdout, value } = await json(['config']);
    expect(code).toBe(0);
    expect(Object.keys(value)).toEqual(CONFIG_VARIABLES);
    expect(value).toMatchObject({ ADMIN_TOKEN: '***', MASTODON_ACCESS_TOKEN: '***', X_APP_KEY: '***', X_ACCESS_SECRET: '***', REDIS_URL: 'redis://***@127.0.0.1:6379' });
    expect(value).toMatchObject({ FEED_POLL_SECONDS: '1', MAX_ITEM_AGE_DAYS: '14', DRY_RUN: 'false', X_DAILY_BUDGET_USD: null, MASTODON_URL: 'https://mastodon.example' });
    const human = await herald(['config']);
    expect(human.stdout.split('\n')).toEqual(expect.arrayContaining(['FEED_POLL_SECONDS=1', 'ADMIN_TOKEN=***', 'X_DAILY_BUDGET_USD=  # unset']));
    for (const out of [stdout, human.stdout]) {
      for (const secret of [ADMIN_TOKEN, MASTODON_TOKEN, 'app-key-1', 'app-secret-2', 'token-3', 'secret-4', 'redis-pass-5']) expect(out).not.toContain(secret);
      expect(out).not.toMatch(/officialDomains|dryRun|feedUrls/);
    }
  });

  it('a configuration that does not validate exits 2, naming each variable', async () => {
    env = { FEED_POLL_SECONDS: 'often', X_APP_KEY: 'only-this' };
    const run = await herald(['status']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/FEED_POLL_SECONDS must be a whole number/);
    expect(run.stderr).toMatch(/X credentials are incomplete/);
  });

  it('status: JSON for machines, text for people; the operator session is closed after each command', async () => {
    const { value } = await json(['status']);
    expect(value.items.find((i: { key: string }) => i.key === item(1).id).platforms.x).toMatchObject({ state: 'posted', id: '123' });
    expect(value.held).toEqual([{ key: item(2).id, title: 'CLI post 2', link: item(2).link, reason: 'burst' }]);
    await world.stores.spend.add('x', 'post', 0.2, world.clock.now());
    await world.stores.spend.add('x', 'reply', 0.2, world.clock.now());
    const human = await herald(['status']);
    expect(human.stdout).toContain('CLI post 1');
    expect(human.stdout).toMatch(/Held for approval/);
    expect(human.stdout).toMatch(/X spend \(UTC\): today \$0\.400, \d{4}-\d{2} \$0\.400\n {2}reply budget \$0\.200 of \$2\.000 today \(replies go out\)/);
    expect((await json(['status'])).value.spend.x).toMatchObject({ today: { totalUsd: 0.4, byKind: { post: 0.2, reply: 0.2 } }, replyBudget: { limitUsd: 2, spentUsd: 0.2, waitingUntil: null } });
    expect(closed).toBe(3);
  });

  it('status: the prefix\'s configuration fingerprint, its live instances and whether this configuration matches', async () => {
    expect((await json(['status'])).value.prefix).toEqual({ name: world.config.prefix, fingerprint: null, liveInstances: 0, matchesThisConfiguration: null });
    const ours = configFingerprint(world.config);
    await world.stores.fingerprints.claim('a', ours, 60_000);
    expect((await json(['status'])).value.prefix).toEqual({ name: world.config.prefix, fingerprint: ours.hash, liveInstances: 1, matchesThisConfiguration: true });
    await world.stores.fingerprints.claim('a', { hash: '0123456789abcdef', settings: {} }, 60_000);
    expect((await json(['status'])).value.prefix).toMatchObject({ fingerprint: '0123456789abcdef', matchesThisConfiguration: false });
    expect((await herald(['status'])).stdout).toContain(`Prefix ${world.config.prefix}: configuration 0123456789abcdef (NOT this configuration: herald doctor names the settings that differ), 1 live instance(s)`);
  });

  it('status says when a feed\'s own Cache-Control max-age holds its next poll back, and stops saying it once it passed', async () => {
    const feed = world.config.feedUrls[0]!;
    const until = world.clock.now() + 90_000;
    await world.stores.feeds.set(feedId(feed), { consecutiveFailures: 0, lastSuccessAt: world.clock.now(), freshUntil: until });
    const at = new Date(until).toISOString();
    expect((await json(['status'])).value.feeds).toEqual([expect.objectContaining({ url: feed, nextPollNotBefore: { at, reason: 'max-age' } })]);
    expect((await herald(['status'])).stdout).toContain(`${feed}  last success ${new Date(world.clock.now()).toISOString()}  ok  next poll not before ${at} (the feed's Cache-Control: max-age)`);
    world.clock.advance(90_000);
    expect((await json(['status'])).value.feeds[0].nextPollNotBefore).toBeNull();
    expect((await herald(['status'])).stdout).not.toContain('next poll not before');
  });

  it('repost: refused within 10 minutes (exit 1), forced (exit 0); --platform is checked', async () => {
    const refused = await herald(['repost', item(1).link, '--platform', 'x']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/refused.*--force/);
    const forced = await json(['repost', 'latest', '--platform', 'x', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.value.platforms).toEqual([expect.objectContaining({ platform: 'x', status: 'enqueued' })]);
    const wrong = await herald(['repost', 'latest', '--platform', 'myspace']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/--platform must be x, mastodon, bluesky or all/);
  });

  it('repost and retry of a held item exit 1 naming herald approve, --force or not', async () => {
    for (const args of [['repost', item(2).link], ['repost', item(2).id, '--force'], ['retry', item(2).id]]) {
      const run = await herald(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr, args.join(' ')).toMatch(/herald approve/);
    }
    expect(world.queue.jobs('x')).toEqual([]);
    expect(world.queue.jobs('mastodon')).toEqual([]);
  });

  it('pause, resume, retry, approve and reject answer as documented', async () => {
    expect((await json(['pause', '--platform', 'x', '--reason', 'incident 42'])).value).toEqual({ platforms: [{ platform: 'x', paused: true, reason: 'incident 42' }] });
    expect((await herald(['resume'])).stdout).toBe('x: resumed\nmastodon: resumed\nbluesky: resumed\n');
    const notFailed = await herald(['retry', item(1).id, '--platform', 'x']);
    expect(notFailed.code).toBe(1);
    expect(notFailed.stdout).toBe('x: not-failed (ledger: posted)\n');
    await world.stores.ledger.set(item(1).id, 'mastodon', markFailed('text', 'X rejected', 1));
    expect((await json(['retry', item(1).id, '--platform', 'mastodon'])).value.platforms).toEqual([{ platform: 'mastodon', status: 'retrying' }]);
    expect((await json(['approve', item(2).id])).value).toMatchObject({ key: item(2).id, status: 'approved' });
    const notHeld = await herald(['reject', item(2).id]);
    expect(notHeld.code).toBe(1);
    expect(notHeld.stderr).toMatch(/is not held/);
  });

  it('poll prints what the poll worker found and enqueued', async () => {
    const run = await herald(['poll']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('fetched, 2 item(s) in the feed');
    expect(run.stdout).toContain('enqueued k  T  L');
    expect((await json(['poll'])).value.feeds).toHaveLength(1);
    world = coreWorld(env, { pollOne: async (feedUrl) => ({ feedUrl, result: 'failed', error: 'the feed answered HTML, not a feed' }) });
    const failed = await herald(['poll']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('failed — the feed answered HTML, not a feed');
  });

  it('poll explains itself: an unchanged feed, a first poll; and without a running service it says so at once', async () => {
    world = coreWorld(env, { pollOne: async (feedUrl) => ({ feedUrl, result: 'not-modified', found: 0 }) });
    expect((await herald(['poll'])).stdout).toBe('https://session.foundation/rss.xml: unchanged since the last poll (HTTP 304): nothing new\n');
    world = coreWorld(env, { pollOne: async (feedUrl) => ({ feedUrl, result: 'fetched', found: 4, baseline: 4, enqueued: [] }) });
    expect((await herald(['poll'])).stdout).toMatch(/fetched, 4 item\(s\) in the feed\n {2}first poll of this feed: 4 item\(s\) recorded as seen, none posted/);
    world = coreWorld(env, { pollOne: async (feedUrl) => ({ feedUrl, result: 'skipped', skipReason: 'retry-after', notBefore: '2026-03-02T10:10:00.000Z' }) });
    expect((await herald(['poll'])).stdout).toBe(
      'https://session.foundation/rss.xml: not polled: the feed asked (Retry-After) not to be asked before 2026-03-02T10:10:00.000Z; Herald honours that, even for a manual poll, and polls it then\n',
    );
    world = coreWorld(env);
    const alone = await herald(['poll']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/^herald: No Herald service is running on this Redis \(HERALD_PREFIX unit\), so nothing would poll\. Start it/);
  });

  it('preview shows each item of a file with its text per platform and changes nothing', async () => {
    const { value } = await json(['preview', '--feed', 'local.xml']);
    expect(value.feed).toBe('file://local.xml');
    expect(value.items).toEqual([expect.objectContaining({ title: 'From a file', verdict: 'baseline', posts: expect.objectContaining({ x: expect.objectContaining({ limit: 280 }) }) })]);
    expect(await world.stores.items.find(['https://session.foundation/blog/file'])).toBeUndefined();
  });

  it('classify and verify print one JSON object per line', async () => {
    const classified = await herald(['classify'], 'is this real? @SessionTechFND\nthe official release notes are great\n');
    expect(classified.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { text: 'is this real? @SessionTechFND', asksOfficial: true },
      { text: 'the official release notes are great', asksOfficial: false },
    ]);
    const explained = await herald(['classify', '--explain'], 'is this real? @SessionTechFND\nwhen is the official launch?\n');
    const [yes, no] = explained.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(yes).toMatchObject({ text: 'is this real? @SessionTechFND', asksOfficial: true, signals: { language: 'en', decidedBy: 'lexicon en' } });
    expect(yes.signals.clauses).toContainEqual(expect.objectContaining({ lexicon: 'en', authenticity: ['real'], question: expect.arrayContaining(['?']) }));
    expect(no).toMatchObject({ asksOfficial: false, signals: { decidedBy: 'none' } });
    expect(no.signals.clauses).toContainEqual(expect.objectContaining({ lexicon: 'en', negative: expect.arrayContaining(['when']) }));
    const verified = await herald(['verify', '@SessionTechFND', '@SessionTechFDN']);
    const [official, lookalike] = verified.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(official).toMatchObject({ input: '@SessionTechFND', verdict: 'official' });
    expect(lookalike).toMatchObject({ input: '@SessionTechFDN', verdict: 'lookalike', of: '@SessionTechFND' });
    const more = await herald(['verify', 'https://bit.ly/3xYz', 'github.com/oxen-io', 'https://getsession.org@evil.example/', 'not a subject']);
    expect(more.stdout.trim().split('\n').map((l) => JSON.parse(l).verdict)).toEqual(['unsure', 'former', 'lookalike', 'unsure']);
  });

  it('retract deletes where the item went out, says what happened per platform, and exits 1 when a platform did not delete', async () => {
    const x = new ScriptedPublisher('x');
    world.ctx.publishers.x = x;
    await x.publish({ text: 'CLI post 1', idempotencyKey: 'k' });
    await world.stores.ledger.set(item(1).id, 'x', markPosted('CLI post 1', { remoteId: '1' }, world.clock.now()));
    expect((await herald(['retract', item(1).id])).stderr).toMatch(/--reason/);
    x.failNext(new TransientError('X could not be reached while deleting post 1 (socket hang up)', true));
    const failed = await herald(['retract', item(1).id, '--reason', 'wrong link']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe(
      `${item(1).id}  CLI post 1  (retracted: wrong link)\n  x: failed (id 1) — X could not be reached while deleting post 1 (socket hang up)\n  mastodon: not-posted\n  bluesky: not-posted\nNot everything was deleted: run the same command again once the cause is fixed (it is safe to repeat).\n`,
    );
    const again = await json(['retract', item(1).id, '--reason', 'wrong link']);
    expect(again.code).toBe(0);
    expect(again.value.platforms).toEqual([expect.objectContaining({ platform: 'x', status: 'deleted', remoteId: '1' }), expect.objectContaining({ platform: 'mastodon', status: 'already-retracted' }), expect.objectContaining({ platform: 'bluesky', status: 'already-retracted' })]);
    expect(x.posts).toEqual([]);
    expect((await herald(['repost', item(1).id, '--force'])).stderr).toMatch(/retracted by cli .* never announced again/);
  });

  it('every operator action lands in the audit log with the OS user and host, refused and failed ones too', async () => {
    const actor = `cli ${userInfo().username}@${hostname()}`;
    await herald(['pause', '--platform', 'x', '--reason', 'incident 7']);
    expect((await world.stores.platforms.pauseOf('x'))?.by).toBe(actor);
    await herald(['resume', '--platform', 'x']);
    await herald(['repost', item(1).id, '--platform', 'x']);
    await herald(['approve', item(2).id]);
    await herald(['reject', item(2).id]);
    await herald(['retry', 'no-such-key']);
    await herald(['retract', item(1).id, '--platform', 'mastodon', '--reason', 'test']);
    const { value } = await json(['audit']);
    expect(value.entries.map((e: { action: string; outcome: string }) => `${e.action} ${e.outcome}`)).toEqual([
      'pause ok',
      'resume ok',
      'repost refused',
      'approve ok',
      'reject refused',
      'retry refused',
      'retract ok',
    ]);
    expect(new Set(value.entries.map((e: { actor: string }) => e.actor))).toEqual(new Set([actor]));
    expect(value.entries[0]).toEqual({ at: world.clock.now(), actor, action: 'pause', args: { platforms: ['x'], reason: 'incident 7' }, outcome: 'ok', detail: 'x: paused' });
    expect(value.entries[4].detail).toMatch(/is not held/);
    const human = await herald(['audit', '--since', '1h']);
    expect(human.stdout.split('\n')[0]).toBe(`${new Date(world.clock.now()).toISOString()}  ${actor}  pause {"platforms":["x"],"reason":"incident 7"}  ok: x: paused`);
    world.clock.advance(2 * 3_600_000);
    expect((await json(['audit', '--since', '1h'])).value.entries).toEqual([]);
    expect((await herald(['audit', '--since', 'yesterday-ish'])).stderr).toMatch(/since must be a duration/);
  });
});
