import { createHash } from 'node:crypto';
import type { Config } from '../../../config/load-config.ts';
import type { ConfigFingerprint } from '../../domain/config-fingerprint.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with every object's keys sorted, at every depth: the same data gives the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
const mode = (dryRun: boolean) => (dryRun ? 'dry run' : 'live');
/** Userinfo in a URL (`https://user:pass@host`) is a secret: never shown, never hashed. */
const withoutUserinfo = (url: string) => url.replace(/\/\/[^@/\s]*@/g, '//***@');

/**
 * The X account, as far as it can be told without a call and without a secret: an OAuth 1.0a
 * access token starts with the numeric id of the account it belongs to (public: it is in every
 * profile's URL). Nothing else of the token is kept.
 */
function xAccount(config: Config): string {
  const token = config.x.credentials?.accessToken;
  if (token === undefined) return 'none (no credentials)';
  const id = /^(\d{1,20})-/.exec(token)?.[1];
  return id === undefined ? 'credentials set (account id not in the token)' : `user id ${id}`;
}

/**
 * The registry's content apart from its domains (shown on their own), as a short digest: the ids
 * the posting accounts gain at run time are left out, so the digest is the file's.
 */
function registryDigest(config: Config): string {
  const { domains: _domains, xAccounts, blueskyAccounts, ...rest } = config.officialChannels;
  const canonical = {
    ...rest,
    xAccounts: xAccounts.map((a) => a.handle.toLowerCase()),
    blueskyAccounts: blueskyAccounts.map((a) => a.handle),
  };
  return `sha256:${sha256(canonicalJson(canonical)).slice(0, 12)}`;
}

/** Each setting that must agree, by the name an operator changes it under, with a value safe to show. */
export function fingerprintSettings(config: Config): Record<string, string> {
  return {
    FEED_URLS: [...config.feedUrls].map(withoutUserinfo).sort().join(','),
    'DRY_RUN/X': mode(config.x.dryRun),
    'DRY_RUN/Mastodon': mode(config.mastodon.dryRun),
    'DRY_RUN/Bluesky': mode(config.bluesky.dryRun),
    X_API_BASE_URL: withoutUserinfo(config.x.baseUrl),
    'X account': xAccount(config),
    MASTODON_URL: config.mastodon.url === undefined ? 'none' : withoutUserinfo(config.mastodon.url),
    BLUESKY_SERVICE: withoutUserinfo(config.bluesky.service),
    BLUESKY_IDENTIFIER: config.bluesky.identifier?.toLowerCase() ?? 'none',
    X_FOOTER: config.x.footer,
    MASTODON_FOOTER: config.mastodon.footer,
    BLUESKY_FOOTER: config.bluesky.footer,
    OFFICIAL_DOMAINS: [...config.officialDomains].sort().join(','),
    OFFICIAL_CHANNELS_FILE: registryDigest(config),
  };
}

/** The fingerprint: the settings and a 16-hex-digit digest of them (in a fixed order). */
export function configFingerprint(config: Config): ConfigFingerprint {
  const settings = fingerprintSettings(config);
  return { hash: sha256(canonicalJson(settings)).slice(0, 16), settings };
}

const SHOWN_BOTH_WAYS = /^DRY_RUN\//;

/**
 * What differs between two fingerprints, ours first, in words: `DRY_RUN/X live vs dry run` for
 * the modes, the name alone for the rest (feeds and footers are long; `herald status --json`
 * shows the values). A fingerprint stored by an older Herald may lack a setting: named too.
 */
export function describeDifferences(ours: ConfigFingerprint, theirs: ConfigFingerprint): string[] {
  const names = [...new Set([...Object.keys(ours.settings), ...Object.keys(theirs.settings)])];
  const differing = names.filter((name) => ours.settings[name] !== theirs.settings[name]);
  if (differing.length === 0 && ours.hash !== theirs.hash) return ['(settings unknown to this version of Herald)'];
  return differing.map((name) => (SHOWN_BOTH_WAYS.test(name) ? `${name} ${ours.settings[name] ?? 'unset'} vs ${theirs.settings[name] ?? 'unset'}` : name));
}
