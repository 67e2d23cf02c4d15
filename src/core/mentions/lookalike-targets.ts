import type { OfficialChannels } from '../../../config/official-channels.ts';
import { confusableSkeleton } from './confusable-skeleton.ts';
import { type LookalikeTarget, nearestTarget } from './match-lookalike.ts';

/** Names a lookalike X handle or Mastodon user may imitate: the official X handles. */
export function xTargets(channels: OfficialChannels): LookalikeTarget[] {
  return channels.xAccounts.map((a) => ({ name: a.handle, of: `@${a.handle}` }));
}

/** The user parts of the official Mastodon accounts. */
export function mastodonTargets(channels: OfficialChannels): LookalikeTarget[] {
  return channels.mastodonAccounts.map((acct) => {
    const clean = acct.replace(/^@/u, '').toLowerCase();
    return { name: clean.split('@')[0] ?? clean, of: clean };
  });
}

/** The official Bluesky handles: imitated by their first labels, and by the whole name without dots. */
export function blueskyTargets(channels: OfficialChannels): LookalikeTarget[] {
  return channels.blueskyAccounts.flatMap((account) => {
    const labels = account.handle.toLowerCase().split('.');
    const of = `bsky.app/profile/${account.handle.toLowerCase()}`;
    return [
      { name: labels.length > 1 ? labels.slice(0, -1).join('.') : account.handle, of },
      { name: labels.join(''), of },
    ];
  });
}

/** Each official domain is imitated both by its main label and by its dot-less whole name. */
export function domainTargets(channels: OfficialChannels): LookalikeTarget[] {
  return channels.domains.flatMap((domain) => {
    const labels = domain.toLowerCase().split('.');
    const main = labels.length > 1 ? labels.slice(0, -1).join('.') : domain;
    return [
      { name: main, of: domain },
      { name: labels.join(''), of: domain },
    ];
  });
}

/** The official GitHub organisations. */
export function githubTargets(channels: OfficialChannels): LookalikeTarget[] {
  return channels.githubOrgs.map((org) => ({ name: org, of: `github.com/${org}` }));
}

/** Add the brand names, each pointing at the nearest channel of the kind being checked. */
export function withNames(targets: LookalikeTarget[], names: readonly string[]): LookalikeTarget[] {
  const extra: LookalikeTarget[] = [];
  for (const name of names) {
    const near = nearestTarget(name, targets);
    if (near !== undefined) extra.push({ name, of: near.of });
  }
  return [...targets, ...extra];
}

const SEPARATORS = /[\s_.\-‐-―·・/]+/gu;
/** Shorter names ("session") are everyday words in URLs; only distinctive ones count when carried. */
const MIN_CARRIED_LENGTH = 9;

/** Comparison form for names carried in text: confusables folded, separators dropped. */
export function carriedKey(text: string): string {
  return confusableSkeleton(text).replace(SEPARATORS, '');
}

/**
 * The distinctive official names (domains, handles, accounts, organisations, brand names of nine
 * letters or more) that make a link a lookalike when they appear where they do not decide where
 * it leads: its userinfo, path, query or fragment, or a shortener's slug.
 */
export function carriedNames(channels: OfficialChannels): LookalikeTarget[] {
  const named = [
    ...channels.domains.map((d) => ({ name: d, of: d })),
    ...domainTargets(channels),
    ...xTargets(channels),
    ...channels.mastodonAccounts.map((a) => ({ name: a, of: a })),
    ...githubTargets(channels),
    ...[...channels.appStoreIds.apple, ...channels.appStoreIds.google].map((id) => ({ name: id, of: '' })),
    ...channels.names.map((name) => ({ name, of: nearestTarget(name, [...domainTargets(channels), ...xTargets(channels)])?.of ?? '' })),
  ];
  return named.filter((t) => carriedKey(t.name).length >= MIN_CARRIED_LENGTH);
}

/** The first distinctive official name carried in `text`, if any. */
export function findCarriedName(text: string, channels: OfficialChannels): LookalikeTarget | undefined {
  const key = carriedKey(text);
  if (key === '') return undefined;
  return carriedNames(channels).find((t) => key.includes(carriedKey(t.name)));
}
