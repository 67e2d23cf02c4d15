import { LINK_SHORTENERS } from '../../../config/link-shorteners.ts';
import type { OfficialChannels } from '../../../config/official-channels.ts';
import { findCarriedName } from './lookalike-targets.ts';
import { platformSubject } from './parse-subject.ts';
import { REASON, UNREADABLE } from './verdict-reasons.ts';
import { type Verdict, worstVerdict } from './verdict.ts';
import { verifyApp, verifyBluesky, verifyGithubOrg, verifyMastodon, verifyX } from './verify-account.ts';
import { isUnder, verifyHost } from './verify-host.ts';

const GITHUB_HOSTS = new Set(['github.com', 'www.github.com']);

/**
 * A link's verdict, as a browser would see it (WHATWG URL parser): the host decides where it
 * leads. An official host (or a link to an official account on its own platform) is official;
 * a former one is former; a shortener cannot be seen through ("unsure"); an official name carried
 * anywhere that does not decide the destination — userinfo, path, query, fragment, a foreign
 * instance's `/@user@instance` path — makes it a lookalike. Never throws.
 */
export function verifyUrl(raw: string, channels: OfficialChannels): Verdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return UNREADABLE;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return UNREADABLE;
  const host = url.hostname.toLowerCase().replace(/\.+$/u, '');
  const byHost = verifyHost(host, channels);
  if (byHost.verdict === 'official' || byHost.verdict === 'former') return byHost;

  const carried = carriedVerdict(url, channels);
  if (isUnder(host, LINK_SHORTENERS)) return carried ?? { verdict: 'unsure', reason: REASON.shortener };
  const onPlatform = platformVerdict(url, host, channels);
  if (onPlatform?.verdict === 'official' || onPlatform?.verdict === 'former') return onPlatform;
  return worstVerdict([byHost, ...(onPlatform === undefined ? [] : [onPlatform]), ...(carried === undefined ? [] : [carried])]) ?? byHost;
}

/** What the path means on a platform that puts accounts there (X, Mastodon, Bluesky, GitHub, app stores). */
function platformVerdict(url: URL, host: string, channels: OfficialChannels): Verdict | undefined {
  const subject = platformSubject(url, host);
  switch (subject?.kind) {
    case 'x-account':
      return verifyX(subject.handle, undefined, channels);
    case 'mastodon-account':
      return verifyMastodon(subject.acct, channels);
    case 'bluesky-account':
      return verifyBluesky(subject.handle, subject.did, channels);
    case 'app':
      return verifyApp(subject.store, subject.id, channels);
  }
  const first = decode(url.pathname.split('/').find((s) => s !== '') ?? '');
  if (GITHUB_HOSTS.has(host)) return verifyGithubOrg(first, channels);
  const foreign = /^@([^@/]+)@([^@/]+)$/u.exec(first);
  if (foreign !== null) {
    // `/@user@instance` on a host that is not that instance: a copy at best, a trick at worst.
    const account = verifyMastodon(`${foreign[1]}@${foreign[2]}`, channels);
    if (account.verdict === 'official' || account.verdict === 'former') {
      const of = channels.mastodonAccounts.find((a) => a === `${foreign[1]}@${foreign[2]}`.toLowerCase());
      return of === undefined ? { verdict: 'lookalike', reason: REASON.foreignAccount } : { verdict: 'lookalike', reason: REASON.foreignAccount, of };
    }
    return account;
  }
  return undefined;
}

/** An official name in the parts of a link that do not decide where it leads. */
function carriedVerdict(url: URL, channels: OfficialChannels): Verdict | undefined {
  const parts = [url.username, url.password, url.pathname, url.search, url.hash].map(decode).join(' ');
  const hit = findCarriedName(parts, channels);
  if (hit === undefined) return undefined;
  return hit.of === '' ? { verdict: 'lookalike', reason: REASON.carried } : { verdict: 'lookalike', reason: REASON.carried, of: hit.of };
}

/** Percent-decoded (twice, for double encoding); undecodable text is kept as written. */
function decode(text: string): string {
  let out = text;
  for (let i = 0; i < 2; i++) {
    try {
      out = decodeURIComponent(out.replace(/\+/gu, ' '));
    } catch {
      return out;
    }
  }
  return out;
}
