import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/load-config.ts';
import { DEFAULT_OFFICIAL_CHANNELS, parseOfficialChannels, withOwnAccounts } from '../../config/official-channels.ts';
import { parseSubject } from '../../src/core/mentions/parse-subject.ts';
import { verifySubject } from '../../src/core/mentions/verify-subject.ts';

const shipped = readFileSync(new URL('../../config/official-channels.json', import.meta.url), 'utf8');
const files = (content: Record<string, string>) => (path: string): string => {
  const text = content[path];
  if (text === undefined) throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
  return text;
};
const problemsOf = (env: Record<string, string>, content: Record<string, string> = {}): string[] => {
  try {
    loadConfig(env, files(content));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};
const verify = (input: string, channels = DEFAULT_OFFICIAL_CHANNELS) => verifySubject(parseSubject(input)!, channels).verdict;

describe('the official channels registry', () => {
  it('ships the Foundation\'s channels, and former ones that are never official', () => {
    expect(DEFAULT_OFFICIAL_CHANNELS.domains).toEqual(['getsession.org', 'session.foundation']);
    expect(DEFAULT_OFFICIAL_CHANNELS.xAccounts.map((a) => a.handle)).toEqual(['SessionTechFND', 'session_app', 'session_token']);
    expect(DEFAULT_OFFICIAL_CHANNELS.mastodonAccounts).toEqual(['session@mastodon.social']);
    expect(DEFAULT_OFFICIAL_CHANNELS.githubOrgs).toEqual(['session-foundation']);
    for (const input of ['@session_token', 'https://github.com/session-foundation/session-android', 'fdroid.getsession.org']) expect(verify(input)).toBe('official');
    for (const input of ['https://github.com/oxen-io/oxen-core', 'optf.ngo', 'https://www.optf.ngo/blog']) expect(verify(input)).toBe('former');
  });

  it('is what verify, the replies and the link allowlist read: OFFICIAL_CHANNELS_FILE replaces it', () => {
    const custom = JSON.stringify({ domains: ['example.org'], x: [{ handle: 'ExampleOrg' }], trustLine: ['example.org', '@ExampleOrg'] });
    const config = loadConfig({ OFFICIAL_CHANNELS_FILE: '/etc/herald/channels.json' }, files({ '/etc/herald/channels.json': custom }));
    expect(config.officialDomains).toEqual(['example.org']);
    expect(config.replyTemplates.officialChannels).toBe('example.org, x.com/ExampleOrg');
    expect(verify('https://blog.example.org/x', config.officialChannels)).toBe('official');
    expect(verify('getsession.org', config.officialChannels)).toBe('unofficial');
    // Positive control: the shipped registry gives the Foundation's line.
    expect(loadConfig({}).replyTemplates.officialChannels).toBe('session.foundation, getsession.org, x.com/SessionTechFND');
  });

  it('OFFICIAL_DOMAINS still replaces only the domains', () => {
    const config = loadConfig({ OFFICIAL_DOMAINS: 'getsession.org' });
    expect(config.officialDomains).toEqual(['getsession.org']);
    expect(config.officialChannels.xAccounts.length).toBe(3);
  });

  it('refuses a file it cannot read or use, naming the file, the field and the fix', () => {
    expect(problemsOf({ OFFICIAL_CHANNELS_FILE: '/nope.json' })).toEqual(['OFFICIAL_CHANNELS_FILE points to /nope.json, which cannot be read (ENOENT)']);
    const broken = problemsOf({ OFFICIAL_CHANNELS_FILE: '/c.json' }, { '/c.json': '{"domains": ["Not A Domain"], "x": [{"handle": "way_too_long_for_x_handles"}], "trustLine": ["evil.example"], "typo": 1}' });
    expect(broken.length).toBeGreaterThanOrEqual(3);
    for (const p of broken) expect(p).toMatch(/^OFFICIAL_CHANNELS_FILE \(\/c\.json\) is not a valid registry: .+ \(see config\/official-channels\.json for the shape\)$/);
    expect(broken.join('\n')).toMatch(/domains\.0: must be a domain name/);
    expect(broken.join('\n')).toMatch(/trustLine\.0: "evil\.example" is not one of this registry's domains or X handles/);
    expect(problemsOf({ OFFICIAL_CHANNELS_FILE: '/j.json' }, { '/j.json': '{nope' })[0]).toMatch(/not valid JSON/);
  });

  it('parses the shipped file exactly as loaded', () => {
    expect(parseOfficialChannels(shipped)).toEqual(DEFAULT_OFFICIAL_CHANNELS);
  });

  it('adds the accounts Herald posts from at run time (an X account gains its id)', () => {
    const own = withOwnAccounts(DEFAULT_OFFICIAL_CHANNELS, { x: { handle: 'SessionTechFND', id: '1000' }, mastodon: 'herald@social.example' });
    expect(own.xAccounts[0]).toEqual({ handle: 'SessionTechFND', id: '1000' });
    expect(own.mastodonAccounts).toContain('herald@social.example');
    expect(verifySubject({ kind: 'x-account', handle: 'SessionTechFND', id: '999' }, own).verdict).toBe('lookalike');
    expect(verifySubject({ kind: 'mastodon-account', acct: 'herald@social.example' }, own).verdict).toBe('official');
    expect(verifySubject({ kind: 'mastodon-account', acct: 'herald@social.example' }, DEFAULT_OFFICIAL_CHANNELS).verdict).not.toBe('official');
  });
});
