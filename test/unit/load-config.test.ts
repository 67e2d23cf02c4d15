import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MASTODON_FOOTER, DEFAULT_X_FOOTER } from '../../config/defaults.ts';
import { CONFIG_VARIABLES, ConfigError, loadConfig, redactConfig, secretValues } from '../../config/load-config.ts';

const noFiles = (path: string): string => {
  throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, noFiles);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs with no environment at all: the Foundation feed, dry run on both platforms', () => {
    const config = loadConfig({}, noFiles);
    expect(config.feedUrls).toEqual(['https://session.foundation/rss.xml']);
    expect(config.feedPollSeconds).toBe(30);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.prefix).toBe('herald');
    expect(config.x).toMatchObject({ baseUrl: 'https://api.x.com', dryRun: true, footer: DEFAULT_X_FOOTER });
    expect(config.mastodon).toMatchObject({ dryRun: true, footer: DEFAULT_MASTODON_FOOTER });
    expect(config.mastodon.footer).not.toMatch(/@SessionTechFND/);
    expect(config.httpPort).toBe(8080);
    expect(config.maxItemAgeDays).toBe(14);
    expect(config.backfill).toBe(0);
  });

  it('refuses http:// for X_API_BASE_URL and MASTODON_URL unless ALLOW_INSECURE_APIS=true (tests)', () => {
    const insecure = { X_API_BASE_URL: 'http://api.x.com', MASTODON_URL: 'http://mastodon.social', MASTODON_ACCESS_TOKEN: 'm' };
    const problems = problemsOf(insecure);
    expect(problems).toEqual([
      expect.stringMatching(/^X_API_BASE_URL must be an https:\/\/ URL.*ALLOW_INSECURE_APIS=true/),
      expect.stringMatching(/^MASTODON_URL must be an https:\/\/ URL.*ALLOW_INSECURE_APIS=true/),
    ]);
    expect(problemsOf({ ...insecure, ALLOW_INSECURE_APIS: 'false' })).toHaveLength(2);
    expect(problemsOf({ X_API_BASE_URL: 'HTTP://api.x.com' })).toHaveLength(1);
    expect(problemsOf({ ...insecure, ALLOW_INSECURE_APIS: 'true' })).toEqual([]);
    expect(problemsOf({ X_API_BASE_URL: 'https://api.x.com', MASTODON_URL: 'https://mastodon.social', MASTODON_ACCESS_TOKEN: 'm' })).toEqual([]);
  });

  it('goes live on a platform with complete credentials, and accepts http base URLs with ALLOW_INSECURE_APIS', () => {
    const config = loadConfig(
      {
        ALLOW_INSECURE_APIS: 'true',
        FEED_URLS: 'http://127.0.0.1:9/a.xml, http://127.0.0.1:9/b.xml',
        FEED_POLL_SECONDS: '1',
        X_API_BASE_URL: 'http://127.0.0.1:4000/',
        X_APP_KEY: 'k',
        X_APP_SECRET: 's',
        X_ACCESS_TOKEN: 't',
        X_ACCESS_SECRET: 'ts',
        MASTODON_URL: 'http://127.0.0.1:4001',
        MASTODON_ACCESS_TOKEN: 'm',
      },
      noFiles,
    );
    expect(config.feedUrls).toHaveLength(2);
    expect(config.feedPollSeconds).toBe(1);
    expect(config.x.baseUrl).toBe('http://127.0.0.1:4000');
    expect(config.x.dryRun).toBe(false);
    expect(config.mastodon.dryRun).toBe(false);
  });

  it('DRY_RUN=true forces a dry run even with credentials', () => {
    const config = loadConfig({ DRY_RUN: 'true', MASTODON_URL: 'https://m.example', MASTODON_ACCESS_TOKEN: 'x' }, noFiles);
    expect(config.mastodon.dryRun).toBe(true);
  });

  it('reads secrets from NAME_FILE', () => {
    const files: Record<string, string> = { '/run/secrets/token': 'from-file\n' };
    const config = loadConfig(
      { MASTODON_URL: 'https://m.example', MASTODON_ACCESS_TOKEN_FILE: '/run/secrets/token' },
      (path) => files[path] ?? noFiles(path),
    );
    expect(config.mastodon.accessToken).toBe('from-file');
  });

  it('names every problem at once, with the variable and what it expects', () => {
    const problems = problemsOf({
      FEED_URLS: 'ftp://nope',
      FEED_POLL_SECONDS: '0',
      HTTP_PORT: 'eighty',
      X_APP_KEY: 'only-one',
      MASTODON_URL: 'https://m.example',
      LOG_LEVEL: 'loud',
      ADMIN_TOKEN_FILE: '/missing',
    });
    const text = problems.join('\n');
    expect(text).toMatch(/FEED_URLS.*http/);
    expect(text).toMatch(/FEED_POLL_SECONDS must be a whole number ≥ 1/);
    expect(text).toMatch(/HTTP_PORT/);
    expect(text).toMatch(/X_APP_SECRET, X_ACCESS_TOKEN, X_ACCESS_SECRET missing/);
    expect(text).toMatch(/MASTODON_ACCESS_TOKEN is missing/);
    expect(text).toMatch(/LOG_LEVEL/);
    expect(text).toMatch(/ADMIN_TOKEN_FILE points to \/missing/);
    expect(problems.length).toBeGreaterThanOrEqual(7);
  });

  it('never shows a secret in the printed configuration', () => {
    const env = {
      X_APP_KEY: 'app-key-123',
      X_APP_SECRET: 'app-secret-456',
      X_ACCESS_TOKEN: 'access-token-789',
      X_ACCESS_SECRET: 'access-secret-000',
      MASTODON_URL: 'https://m.example',
      MASTODON_ACCESS_TOKEN: 'masto-token-abc',
      ADMIN_TOKEN: 'admin-token-0123456789',
      REDIS_URL: 'redis://:redis-pass-xyz@127.0.0.1:6379',
      BLUESKY_IDENTIFIER: 'session.foundation',
      BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop',
    };
    const config = loadConfig(env, noFiles);
    const shown = JSON.stringify(redactConfig(config));
    for (const secret of secretValues(config)) expect(shown).not.toContain(secret);
    expect(secretValues(config)).toContain('redis-pass-xyz');
    expect(secretValues(config)).toContain('abcd-efgh-ijkl-mnop');
    expect(shown).toContain('session.foundation');
  });
});

describe('Bluesky configuration', () => {
  it('is a dry run unless both the identifier and an app password are set; the footer writes the X account as a URL', () => {
    const off = loadConfig({}, noFiles).bluesky;
    expect(off).toMatchObject({ service: 'https://bsky.social', dryRun: true, footer: DEFAULT_MASTODON_FOOTER });
    expect(off.footer).not.toMatch(/@SessionTechFND/);
    expect(loadConfig({}, noFiles).mentions.blueskyPollSeconds).toBe(60);
    const on = loadConfig({ BLUESKY_IDENTIFIER: '@Session.Foundation', BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop', BLUESKY_SERVICE: 'http://127.0.0.1:9/' }, noFiles).bluesky;
    expect(on).toMatchObject({ identifier: 'Session.Foundation', service: 'http://127.0.0.1:9', dryRun: false });
    expect(loadConfig({ BLUESKY_IDENTIFIER: 'did:plc:z72i7hdynmk6r22z27h6tvur', BLUESKY_APP_PASSWORD: 'x', DRY_RUN: 'true' }, noFiles).bluesky.dryRun).toBe(true);
  });

  it('reads the app password from BLUESKY_APP_PASSWORD_FILE', () => {
    const config = loadConfig({ BLUESKY_IDENTIFIER: 'session.foundation', BLUESKY_APP_PASSWORD_FILE: '/run/secrets/bluesky_app_password' }, () => 'abcd-efgh-ijkl-mnop\n');
    expect(config.bluesky).toMatchObject({ appPassword: 'abcd-efgh-ijkl-mnop', dryRun: false });
  });

  it('refuses half a configuration and an identifier that is neither a handle nor a DID, naming the variable', () => {
    expect(problemsOf({ BLUESKY_IDENTIFIER: 'session.foundation' }).join('\n')).toMatch(/Bluesky is half configured: BLUESKY_APP_PASSWORD is missing/);
    expect(problemsOf({ BLUESKY_APP_PASSWORD: 'secret-value' }).join('\n')).toMatch(/BLUESKY_IDENTIFIER is missing/);
    expect(problemsOf({ BLUESKY_APP_PASSWORD: 'secret-value' }).join('\n')).not.toContain('secret-value');
    expect(problemsOf({ BLUESKY_IDENTIFIER: 'not a handle', BLUESKY_APP_PASSWORD: 'x' }).join('\n')).toMatch(/BLUESKY_IDENTIFIER must be the account's handle/);
    expect(problemsOf({ BLUESKY_SERVICE: 'bsky.social' }).join('\n')).toMatch(/BLUESKY_SERVICE must be an http/);
  });
});

describe('the README', () => {
  it('has every variable of the schema in one of its configuration tables', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const documented = new Set([...readme.matchAll(/^\| `([A-Z0-9_]+)`(?:, `([A-Z0-9_]+)`)*/gm)].flatMap((m) => m[0].match(/[A-Z][A-Z0-9_]+/g) ?? []));
    expect(CONFIG_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });
});
