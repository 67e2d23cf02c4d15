import type { OfficialChannels } from '../../../config/official-channels.ts';
import { blueskyTargets, findCarriedName, githubTargets, mastodonTargets, withNames, xTargets } from './lookalike-targets.ts';
import { matchLookalike } from './match-lookalike.ts';
import { lookalikeVerdict, REASON, UNREADABLE } from './verdict-reasons.ts';
import type { Verdict } from './verdict.ts';
import { asciiHost } from './parse-subject.ts';
import { isUnder, verifyHost } from './verify-host.ts';

const UNOFFICIAL: Verdict = { verdict: 'unofficial', reason: REASON.unofficial };

/** An X account, by stable id when both sides know it, else by handle. */
export function verifyX(rawHandle: string, id: string | undefined, channels: OfficialChannels): Verdict {
  const handle = String(rawHandle ?? '').trim().replace(/^[@＠]/u, '');
  if (id !== undefined && channels.xAccounts.some((a) => a.id !== undefined && a.id === id)) {
    return { verdict: 'official', reason: REASON.officialXId };
  }
  // An author the platform did not name cannot be checked.
  if (handle === '') return UNREADABLE;
  const same = channels.xAccounts.find((a) => a.handle.toLowerCase() === handle.toLowerCase());
  if (same !== undefined) {
    if (same.id !== undefined && id !== undefined && same.id !== id) {
      return { verdict: 'lookalike', reason: REASON.idMismatch, of: `@${same.handle}` };
    }
    return { verdict: 'official', reason: REASON.officialX };
  }
  if (channels.former.xAccounts.some((h) => h.toLowerCase() === handle.toLowerCase())) return { verdict: 'former', reason: REASON.former };
  return lookalikeVerdict(handle, withNames(xTargets(channels), channels.names)) ?? UNOFFICIAL;
}

/** A Mastodon account, always full (`user@instance`): a local account's instance is added by the caller. */
export function verifyMastodon(rawAcct: string, channels: OfficialChannels): Verdict {
  const acct = String(rawAcct).trim().replace(/^[@＠]/u, '').toLowerCase();
  const at = acct.indexOf('@');
  if (at <= 0 || at === acct.length - 1) return UNREADABLE;
  if (channels.mastodonAccounts.some((a) => a.replace(/^@/u, '').toLowerCase() === acct)) {
    return { verdict: 'official', reason: REASON.officialMastodon };
  }
  if (channels.former.mastodonAccounts.includes(acct)) return { verdict: 'former', reason: REASON.former };
  const user = acct.slice(0, at);
  const instance = acct.slice(at + 1);
  const byUser = lookalikeVerdict(user, withNames([...mastodonTargets(channels), ...xTargets(channels)], channels.names));
  if (byUser !== undefined) return byUser;
  const byInstance = verifyHost(instance, channels);
  return byInstance.verdict === 'lookalike' ? byInstance : UNOFFICIAL;
}

/**
 * A Bluesky account by handle (a domain name) or DID. A handle under an official domain is official
 * by construction: Bluesky lets only whoever controls a domain hold it as a handle. A handle that
 * carries an official name anywhere else (`session.bsky.social`, `getsession-support.com`) is a
 * lookalike. A DID alone is official only when it is an official account's; otherwise nobody can
 * tell whose it is.
 */
export function verifyBluesky(rawHandle: string, did: string | undefined, channels: OfficialChannels): Verdict {
  const handle = String(rawHandle ?? '').trim().replace(/^[@＠]/u, '').toLowerCase();
  if (did !== undefined && channels.blueskyAccounts.some((a) => a.did !== undefined && a.did === did)) return { verdict: 'official', reason: REASON.officialBluesky };
  if (handle === '' || handle.startsWith('did:')) return { verdict: 'unsure', reason: REASON.unresolvedDid };
  const host = asciiHost(handle);
  if (host === undefined) return UNREADABLE;
  const listed = channels.blueskyAccounts.find((a) => a.handle.toLowerCase() === host);
  if (listed !== undefined) {
    if (listed.did !== undefined && did !== undefined && listed.did !== did) return { verdict: 'lookalike', reason: REASON.idMismatch, of: `bsky.app/profile/${listed.handle}` };
    return { verdict: 'official', reason: REASON.officialBluesky };
  }
  if (isUnder(host, channels.domains)) return { verdict: 'official', reason: REASON.officialBlueskyDomain };
  if (channels.former.blueskyAccounts.includes(host)) return { verdict: 'former', reason: REASON.former };
  const byHost = verifyHost(host, channels);
  if (byHost.verdict === 'lookalike' || byHost.verdict === 'former') return byHost;
  const targets = withNames([...blueskyTargets(channels), ...xTargets(channels)], channels.names);
  for (const label of host.split('.').slice(0, -1)) {
    const hit = lookalikeVerdict(label, targets);
    if (hit !== undefined) return hit;
  }
  const carried = findCarriedName(host, channels);
  if (carried !== undefined) return carried.of === '' ? { verdict: 'lookalike', reason: REASON.carried } : { verdict: 'lookalike', reason: REASON.carried, of: carried.of };
  return UNOFFICIAL;
}

/** A GitHub organisation (or user) named by the first path segment of a github.com link. */
export function verifyGithubOrg(rawOrg: string, channels: OfficialChannels): Verdict {
  const org = String(rawOrg).trim().toLowerCase();
  if (org === '') return UNOFFICIAL;
  if (channels.githubOrgs.includes(org)) return { verdict: 'official', reason: REASON.officialGithub };
  if (channels.former.githubOrgs.includes(org)) return { verdict: 'former', reason: REASON.former };
  return lookalikeVerdict(org, withNames(githubTargets(channels), channels.names)) ?? UNOFFICIAL;
}

/** An app-store listing: Apple by its numeric id, Google Play by package name. */
export function verifyApp(store: string, rawId: string, channels: OfficialChannels): Verdict {
  const id = String(rawId).trim();
  if (store === 'apple') {
    const digits = id.replace(/^id/iu, '');
    const official = channels.appStoreIds.apple.some((a) => a.replace(/^id/iu, '') === digits);
    return official ? { verdict: 'official', reason: REASON.officialApp } : UNOFFICIAL;
  }
  if (store !== 'google') return UNREADABLE;
  if (channels.appStoreIds.google.some((g) => g.toLowerCase() === id.toLowerCase())) return { verdict: 'official', reason: REASON.officialApp };
  const nameTargets = channels.names.map((name) => ({ name, of: '' }));
  const imitated = lookalikeVerdict(id, channels.appStoreIds.google.map((name) => ({ name, of: '' })));
  if (imitated !== undefined) return imitated;
  for (const segment of id.split('.')) {
    if (matchLookalike(segment, nameTargets) !== undefined) return lookalikeVerdict(segment, nameTargets) ?? UNOFFICIAL;
  }
  return UNOFFICIAL;
}
