import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Environment, loadConfig } from '../../config/load-config.ts';
import { ManualClock } from '../../src/adapters/memory/manual-clock.ts';
import { MemoryAuditLog } from '../../src/adapters/memory/memory-audit-log.ts';
import { MemoryConfigFingerprints } from '../../src/adapters/memory/memory-config-fingerprints.ts';
import { claimPrefix, heartbeatPrefix, type PrefixDeps, PrefixConflictError } from '../../src/core/operate/claim-prefix.ts';
import { configFingerprint, describeDifferences } from '../../src/core/operate/config-fingerprint.ts';
import { checkFingerprint } from '../../src/core/operate/fingerprint-check.ts';
import { testEnvironment } from '../helpers/test-environment.ts';

const SECRETS = {
  X_APP_KEY: 'app-key-SECRET-1',
  X_APP_SECRET: 'app-secret-SECRET-2',
  X_ACCESS_TOKEN: '1234567890-access-SECRET-3',
  X_ACCESS_SECRET: 'access-secret-SECRET-4',
  MASTODON_URL: 'https://mastodon.example',
  MASTODON_ACCESS_TOKEN: 'mastodon-SECRET-5',
  BLUESKY_IDENTIFIER: 'session.foundation',
  BLUESKY_APP_PASSWORD: 'bsky-SECRET-6',
};
const F1 = 'https://session.foundation/feed.xml';
const F2 = 'https://getsession.org/blog/feed';
const configOf = (env: Environment = {}) => loadConfig(testEnvironment('fp', { FEED_URLS: `${F1},${F2}`, ...SECRETS, ...env }));
const fingerprintOf = (env: Environment = {}) => configFingerprint(configOf(env));

describe('the configuration fingerprint', () => {
  it('is the same for the same settings, whatever the feeds\' order or the settings that need not agree', () => {
    const a = fingerprintOf();
    expect(a.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf({ FEED_URLS: `${F2},${F1}`, FEED_POLL_SECONDS: '60', HTTP_PORT: '9000', LOG_LEVEL: 'warn' })).toEqual(a);
  });

  it('changes with the feeds, each platform\'s mode, the accounts, the footers and the official channels, naming each', () => {
    const a = fingerprintOf();
    const cases: Array<[Environment, string[]]> = [
      [{ FEED_URLS: F1 }, ['FEED_URLS']],
      [{ DRY_RUN: 'true' }, ['DRY_RUN/X live vs dry run', 'DRY_RUN/Mastodon live vs dry run', 'DRY_RUN/Bluesky live vs dry run']],
      [{ MASTODON_URL: '', MASTODON_ACCESS_TOKEN: '' }, ['DRY_RUN/Mastodon live vs dry run', 'MASTODON_URL']],
      [{ X_ACCESS_TOKEN: '999-other-SECRET' }, ['X account']],
      [{ X_API_BASE_URL: 'https://api.twitter.com' }, ['X_API_BASE_URL']],
      [{ BLUESKY_IDENTIFIER: 'other.example' }, ['BLUESKY_IDENTIFIER']],
      [{ BLUESKY_SERVICE: 'https://pds.example' }, ['BLUESKY_SERVICE']],
      [{ MASTODON_FOOTER: 'Other footer' }, ['MASTODON_FOOTER']],
      [{ X_FOOTER: 'x' }, ['X_FOOTER']],
      [{ BLUESKY_FOOTER: 'b' }, ['BLUESKY_FOOTER']],
      [{ OFFICIAL_DOMAINS: 'getsession.org' }, ['OFFICIAL_DOMAINS']],
    ];
    for (const [env, named] of cases) {
      const b = fingerprintOf(env);
      expect(b.hash, JSON.stringify(env)).not.toBe(a.hash);
      expect(describeDifferences(a, b)).toEqual(named);
    }
  });

  it('changes with the registry file\'s content', () => {
    const registry = readFileSync(new URL('../../config/official-channels.json', import.meta.url), 'utf8');
    const changed = JSON.stringify({ ...JSON.parse(registry), github: ['session-foundation', 'another-org'] });
    const readFile = (path: string) => (path === '/r.json' ? registry : changed);
    const env = testEnvironment('fp', { FEED_URLS: F1, OFFICIAL_CHANNELS_FILE: '/r.json' });
    const one = configFingerprint(loadConfig(env, readFile));
    const two = configFingerprint(loadConfig({ ...env, OFFICIAL_CHANNELS_FILE: '/r2.json' }, readFile));
    expect(describeDifferences(one, two)).toEqual(['OFFICIAL_CHANNELS_FILE']);
    expect(configFingerprint(loadConfig(env, readFile)).hash).toBe(one.hash);
  });

  it('holds no secret and is not moved by one: only the X account id, which is public, comes from a token', () => {
    const a = fingerprintOf();
    const shown = JSON.stringify(a);
    for (const secret of Object.values(SECRETS).filter((v) => v.includes('SECRET'))) expect(shown).not.toContain(secret);
    expect(shown).not.toMatch(/SECRET/);
    expect(a.settings['X account']).toBe('user id 1234567890');
    const otherSecrets = { X_APP_SECRET: 'changed', X_ACCESS_TOKEN: '1234567890-changed', MASTODON_ACCESS_TOKEN: 'changed', BLUESKY_APP_PASSWORD: 'changed' };
    expect(fingerprintOf(otherSecrets).hash).toBe(a.hash);
    const userinfo = fingerprintOf({ FEED_URLS: 'https://reader:hunter2@feeds.example/rss' });
    expect(JSON.stringify(userinfo)).not.toContain('hunter2');
  });
});

describe('claiming the prefix (memory store, manual clock)', () => {
  const world = () => {
    const clock = new ManualClock();
    const fingerprints = new MemoryConfigFingerprints(clock);
    const audit = new MemoryAuditLog();
    const deps = (instance: string): PrefixDeps => ({ fingerprints, audit, clock, prefix: 'fp', instance, ttlMs: 30_000, actor: 'herald-service' });
    return { clock, fingerprints, audit, deps };
  };

  it('the first instance records its configuration; a replica with the same one joins; the audit log has the first record only', async () => {
    const { deps, audit } = world();
    const a = fingerprintOf();
    expect(await claimPrefix(a, deps('a'))).toMatchObject({ kind: 'took-over', live: 0 });
    expect(await claimPrefix(a, deps('b'))).toMatchObject({ kind: 'joined', live: 1 });
    expect(await audit.list()).toEqual([expect.objectContaining({ actor: 'herald-service', action: 'config-fingerprint', args: { prefix: 'fp', from: null, to: a.hash, changed: [] }, outcome: 'ok' })]);
  });

  it('another configuration is refused while one is live, in one line naming the prefix, the settings and what to do', async () => {
    const { deps, audit, fingerprints } = world();
    await claimPrefix(fingerprintOf(), deps('a'));
    const refused = claimPrefix(fingerprintOf({ FEED_URLS: F1, DRY_RUN: 'true' }), deps('b'));
    await expect(refused).rejects.toBeInstanceOf(PrefixConflictError);
    const message = (await refused.catch((e: Error) => e)) as Error;
    expect(message.message).not.toContain('\n');
    expect(message.message).toMatch(/^HERALD_PREFIX=fp is in use by 1 live instance\(s\) with another configuration \(differs in, this instance's vs theirs: FEED_URLS, DRY_RUN\/X dry run vs live, DRY_RUN\/Mastodon dry run vs live, DRY_RUN\/Bluesky dry run vs live\); stop those instances first .*or give this one another HERALD_PREFIX\.$/);
    expect((await fingerprints.inspect()).recorded?.hash).toBe(fingerprintOf().hash);
    expect(await audit.list()).toHaveLength(1);
  });

  it('once the live instance\'s heartbeat has expired, a changed configuration takes over and the change is audited', async () => {
    const { deps, audit, clock } = world();
    const a = fingerprintOf();
    const b = fingerprintOf({ MASTODON_FOOTER: 'New footer', DRY_RUN: 'true' });
    await claimPrefix(a, deps('a'));
    clock.advance(20_000);
    expect(await heartbeatPrefix(a, deps('a'))).toBeUndefined();
    clock.advance(20_000);
    await expect(claimPrefix(b, deps('b'))).rejects.toThrow(/in use by 1 live instance/);
    clock.advance(10_001);
    const took = await claimPrefix(b, deps('b'));
    expect(took).toMatchObject({ kind: 'took-over', live: 0 });
    expect([...took.removable]).toEqual(expect.arrayContaining([a.hash, b.hash, undefined]));
    const last = (await audit.list()).at(-1);
    expect(last).toMatchObject({ action: 'config-fingerprint', outcome: 'ok', args: { prefix: 'fp', from: a.hash, to: b.hash } });
    expect(last?.args.changed).toEqual(['DRY_RUN/X live vs dry run', 'DRY_RUN/Mastodon live vs dry run', 'DRY_RUN/Bluesky live vs dry run', 'MASTODON_FOOTER']);
  });

  it('a replica that joined may remove only its own configuration\'s schedules', async () => {
    const { deps } = world();
    const a = fingerprintOf();
    await claimPrefix(a, deps('a'));
    expect([...(await claimPrefix(a, deps('b'))).removable]).toEqual([a.hash]);
  });

  it('an instance whose configuration was replaced learns it on its heartbeat, with the reason /readyz shows', async () => {
    const { deps, clock } = world();
    const a = fingerprintOf();
    await claimPrefix(a, deps('a'));
    clock.advance(30_001);
    await claimPrefix(fingerprintOf({ X_FOOTER: 'changed' }), deps('b'));
    const reason = await heartbeatPrefix(a, deps('a'));
    expect(reason).toMatch(/^the configuration of HERALD_PREFIX=fp was replaced by another \([0-9a-f]{16}; differs in, this instance's vs the prefix's: X_FOOTER\): this instance stopped taking jobs/);
  });
});

describe('herald doctor\'s fingerprint line', () => {
  it('matches the live instances / none live, will record / differs, with the settings and the fix', async () => {
    const clock = new ManualClock();
    const fingerprints = new MemoryConfigFingerprints(clock);
    const a = fingerprintOf();
    const b = fingerprintOf({ DRY_RUN: 'true' });
    expect(await checkFingerprint(fingerprints, a, 'fp')).toEqual({ name: 'config fingerprint', ok: true, detail: `no instance live on prefix fp; will record ${a.hash}` });
    await fingerprints.claim('one', a, 30_000);
    await fingerprints.claim('two', a, 30_000);
    expect(await checkFingerprint(fingerprints, a, 'fp')).toEqual({ name: 'config fingerprint', ok: true, detail: `${a.hash} matches the 2 live instance(s) on prefix fp` });
    const differs = await checkFingerprint(fingerprints, b, 'fp');
    expect(differs).toMatchObject({ ok: false, detail: `${b.hash} differs from the 2 live instance(s) on prefix fp (this configuration's vs theirs): DRY_RUN/X dry run vs live, DRY_RUN/Mastodon dry run vs live, DRY_RUN/Bluesky dry run vs live` });
    expect(differs.fix).toMatch(/stop the live instances first.*or use another HERALD_PREFIX/);
    clock.advance(30_001);
    expect(await checkFingerprint(fingerprints, b, 'fp')).toEqual({
      name: 'config fingerprint',
      ok: true,
      detail: `no instance live on prefix fp; will record ${b.hash}, replacing ${a.hash} (changed: DRY_RUN/X live vs dry run, DRY_RUN/Mastodon live vs dry run, DRY_RUN/Bluesky live vs dry run)`,
    });
    const down = await checkFingerprint({ inspect: () => Promise.reject(new Error('connect ECONNREFUSED')) }, a, 'fp');
    expect(down).toMatchObject({ ok: true, skipped: true, detail: expect.stringMatching(/^not checked: Redis does not answer/) });
  });
});
