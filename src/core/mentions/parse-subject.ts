import { domainToASCII } from 'node:url';

/** Why a subject cannot be checked: Herald answers "I can't verify that", never "yes". */
export type Unverifiable = 'missing-post' | 'unresolved-link' | 'unreadable';

/**
 * What a "is this official?" question is about: an account, a link, a domain, an app listing, or
 * something that could not be read at all. Each kind is verified differently, so the parse
 * decides it. An account found in a link keeps the link (`url`): what else the link carries
 * (query, fragment) is judged too.
 */
export type Subject =
  | { kind: 'x-account'; handle: string; id?: string; url?: string }
  | { kind: 'mastodon-account'; acct: string; url?: string }
  /** A Bluesky account: its handle (a domain name), or only its DID when the handle is unknown (`handle: ''`). */
  | { kind: 'bluesky-account'; handle: string; did?: string; url?: string }
  | { kind: 'url'; url: string; host: string }
  | { kind: 'domain'; domain: string }
  | { kind: 'app'; store: 'apple' | 'google'; id: string }
  | { kind: 'unverifiable'; why: Unverifiable };

const X_HOSTS = new Set(['x.com', 'twitter.com', 'mobile.twitter.com', 'mobile.x.com', 'm.twitter.com', 'www.x.com', 'www.twitter.com']);
/** First path segments on x.com that are site pages, not accounts. */
const X_RESERVED = new Set([
  'home', 'i', 'intent', 'search', 'explore', 'settings', 'share', 'hashtag', 'messages',
  'notifications', 'compose', 'login', 'logout', 'signup', 'tos', 'privacy', 'download', 'jobs',
]);
/** Hosts that use `/@name` paths but are not Mastodon (fediverse) servers. */
const NOT_FEDIVERSE = new Set([
  'medium.com', 'www.medium.com', 'youtube.com', 'www.youtube.com', 'm.youtube.com',
  'tiktok.com', 'www.tiktok.com', 'threads.net', 'www.threads.net', 'threads.com', 'www.threads.com',
]);
const APPLE_HOSTS = new Set(['apps.apple.com', 'itunes.apple.com']);
const BLUESKY_HOSTS = new Set(['bsky.app', 'www.bsky.app']);
const DID = /^did:[a-z]+:[A-Za-z0-9._:%-]{1,2000}$/u;
const TRAILING_PUNCTUATION = /[\s.,;:!?)\]}>"'»”’…]+$/u;
const LEADING_PUNCTUATION = /^[\s(<[{"'«“‘]+/u;
const HANDLE_CHARS = /^[\p{L}\p{N}_]{1,64}$/u;
const MASTODON_USER = /^[\p{L}\p{N}_.-]{1,64}$/u;
const HOST_CHARS = /^[^\s/@?#:\\]{1,253}$/u;

/**
 * Parse a CLI argument, or a handle or link found in a mention, into a Subject.
 *
 * Links are read as a browser reads them (the WHATWG URL parser): the host is what counts, so
 * `getsession.org@evil.example` is a link to evil.example, not a domain. Lenient about the shapes
 * people paste (`@handle`, `@user@instance`, profile and status links, store links, bare
 * domains, stray punctuation) because a missed subject means no answer; returns undefined for
 * anything else and never throws, since the input is attacker-controlled.
 */
export function parseSubject(input: string): Subject | undefined {
  try {
    return parse(input);
  } catch {
    return undefined;
  }
}

function parse(input: string): Subject | undefined {
  if (typeof input !== 'string' || input.length > 2048) return undefined;
  const text = input.normalize('NFKC').replace(TRAILING_PUNCTUATION, '').replace(LEADING_PUNCTUATION, '');
  if (text === '' || /\s/u.test(text)) return undefined;

  if (text.startsWith('@')) return parseAt(text.slice(1));
  if (/^at:\/\//iu.test(text)) return parseAtUri(text);
  if (/^[a-z][a-z0-9+.-]*:\/\//iu.test(text)) return parseUrl(text);
  if (/[/@?#:\\]/u.test(text)) return parseUrl(`https://${text}`);
  if (text.includes('.')) return parseDomain(text);
  return undefined;
}

/** `handle` → X account; `user@instance` → Mastodon account; `name.domain` → Bluesky handle. */
function parseAt(rest: string): Subject | undefined {
  const at = rest.indexOf('@');
  if (at === -1) {
    if (HANDLE_CHARS.test(rest)) return { kind: 'x-account', handle: rest };
    return bluesky(rest);
  }
  return mastodon(rest.slice(0, at), rest.slice(at + 1));
}

/** A Bluesky actor: a DID, or a handle (a domain name, lower-case ASCII). */
function bluesky(actor: string, url?: string): Subject | undefined {
  if (DID.test(actor)) return url === undefined ? { kind: 'bluesky-account', handle: '', did: actor } : { kind: 'bluesky-account', handle: '', did: actor, url };
  const handle = asciiHost(actor);
  if (handle === undefined) return undefined;
  return url === undefined ? { kind: 'bluesky-account', handle } : { kind: 'bluesky-account', handle, url };
}

/** `at://<handle or DID>/<collection>/<key>`: the repository's account (what the record says is checked where it is fetched). */
function parseAtUri(text: string): Subject | undefined {
  const authority = /^at:\/\/([^/?#]+)/iu.exec(text)?.[1];
  return authority === undefined ? undefined : bluesky(safeDecode(authority));
}

function mastodon(user: string, instance: string, url?: string): Subject | undefined {
  if (!MASTODON_USER.test(user)) return undefined;
  const host = asciiHost(instance);
  if (host === undefined) return undefined;
  return url === undefined ? { kind: 'mastodon-account', acct: `${user}@${host}` } : { kind: 'mastodon-account', acct: `${user}@${host}`, url };
}

function parseUrl(text: string): Subject | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase().replace(/\.+$/u, '');
  if (host === '' || (!host.includes('.') && !host.startsWith('['))) return undefined;
  const plain: Subject = { kind: 'url', url: url.href, host };
  // Credentials in a link are a phishing device: judge the whole link, never just an account in it.
  if (url.username !== '' || url.password !== '') return plain;
  return platformSubject(url, host) ?? plain;
}

/** An account or app a platform link points to, when the host itself says what the path means. */
export function platformSubject(url: URL, host: string): Subject | undefined {
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const first = segments[0] === undefined ? undefined : safeDecode(segments[0]);

  if (X_HOSTS.has(host)) {
    if (first !== undefined && !X_RESERVED.has(first.toLowerCase()) && /^[A-Za-z0-9_]{1,15}$/u.test(first)) {
      return { kind: 'x-account', handle: first, url: url.href };
    }
    return undefined;
  }
  if (BLUESKY_HOSTS.has(host)) {
    const actor = segments[0] === 'profile' && segments[1] !== undefined ? safeDecode(segments[1]) : undefined;
    return actor === undefined ? undefined : bluesky(actor, url.href);
  }
  if (APPLE_HOSTS.has(host)) {
    const id = /\/id(\d{1,20})(?:$|[/?#])/u.exec(`${url.pathname}/`)?.[1];
    return id === undefined ? undefined : { kind: 'app', store: 'apple', id: `id${id}` };
  }
  if (host === 'play.google.com' && url.pathname.startsWith('/store/apps/details')) {
    const ids = url.searchParams.getAll('id');
    const id = ids[0];
    return ids.length === 1 && id !== undefined && /^[A-Za-z0-9_.]{1,200}$/u.test(id) ? { kind: 'app', store: 'google', id } : undefined;
  }
  if (first?.startsWith('@') && !NOT_FEDIVERSE.has(host)) {
    const rest = first.slice(1);
    const at = rest.indexOf('@');
    // `/@user@instance` is that account only on the instance's own host; anywhere else the link
    // is judged as a link (an official account written into another host's path is a trick).
    if (at === -1) return mastodon(rest, host, url.href);
    const instance = asciiHost(rest.slice(at + 1));
    return instance === host ? mastodon(rest.slice(0, at), host, url.href) : undefined;
  }
  return undefined;
}

function parseDomain(text: string): Subject | undefined {
  const host = asciiHost(text);
  return host === undefined ? undefined : { kind: 'domain', domain: host };
}

/** Lower-case ASCII (punycode) form of a host name, or undefined if it is not one. */
export function asciiHost(raw: string): string | undefined {
  const trimmed = String(raw).replace(/\.+$/u, '');
  if (!HOST_CHARS.test(trimmed) || !trimmed.includes('.')) return undefined;
  const host = domainToASCII(trimmed.toLowerCase());
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/u.test(host)) return undefined;
  const tld = host.slice(host.lastIndexOf('.') + 1);
  if (/^\d+$/u.test(tld)) return undefined;
  return host;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
