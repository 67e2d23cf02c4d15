import type { Platform } from '../../domain/platform.ts';

/** A link to one post on X or Mastodon, as the public check reads it. */
export interface PostUrl {
  platform: Platform;
  /** The post's id on its platform (X: the tweet id; Mastodon: the status id on `host`). */
  id: string;
  /** Lower-case host, with its port if the link has one. */
  host: string;
  /** The account named in the path (`i` links on X name none). */
  account?: string;
}

const X_HOSTS = new Set(['x.com', 'twitter.com', 'mobile.twitter.com', 'mobile.x.com', 'm.twitter.com', 'www.x.com', 'www.twitter.com']);
const X_STATUS = /^\/(?:(i)(?:\/web)?|([A-Za-z0-9_]{1,15}))\/status(?:es)?\/(\d{1,20})(?:\/(?:photo|video)\/\d)?\/?$/u;
const MASTODON_STATUS = /^\/@([A-Za-z0-9_.-]{1,64})\/(\d{1,20})\/?$/u;
const MASTODON_URI = /^\/users\/([A-Za-z0-9_.-]{1,64})\/statuses\/(\d{1,20})\/?$/u;

/**
 * Reads a pasted link as a post on X (`x.com/<handle>/status/<id>`, `x.com/i/status/<id>`, on
 * x.com, twitter.com or `xWebHosts`) or on a Mastodon server (`https://<host>/@user/<id>`,
 * `/users/<user>/statuses/<id>`); anything else (credentials in the link, other schemes, other
 * shapes) is not a post link and is judged as a link. Whose post it is, is for the ledger to say.
 */
export function parsePostUrl(input: string, xWebHosts: readonly string[] = []): PostUrl | undefined {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//iu.test(input) ? input : `https://${input}`);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') return undefined;
  const host = url.host.toLowerCase().replace(/\.$/u, '');
  const hostname = url.hostname.toLowerCase().replace(/\.$/u, '');
  if (X_HOSTS.has(hostname) || xWebHosts.includes(host)) {
    const m = X_STATUS.exec(url.pathname);
    if (m) return m[1] === 'i' ? { platform: 'x', id: m[3]!, host } : { platform: 'x', id: m[3]!, host, account: m[2]! };
    return undefined;
  }
  const m = MASTODON_STATUS.exec(url.pathname) ?? MASTODON_URI.exec(url.pathname);
  return m ? { platform: 'mastodon', id: m[2]!, host, account: m[1]! } : undefined;
}
