import { type LookalikeRule, type LookalikeTarget, matchLookalike } from './match-lookalike.ts';
import type { Verdict } from './verdict.ts';

/** The fixed reasons a verdict may give: short English, never the subject itself. */
export const REASON = {
  officialDomain: 'official Session domain',
  officialSubdomain: 'subdomain of an official Session domain',
  officialX: 'official Session X account',
  officialXId: 'official Session X account (matched by account id)',
  officialMastodon: 'official Session Mastodon account',
  officialBluesky: 'official Session Bluesky account',
  officialBlueskyDomain: 'Bluesky handle under an official Session domain (only the domain’s owner can hold it)',
  officialGithub: 'official Session GitHub organisation',
  officialApp: 'official Session app listing',
  idMismatch: 'official handle, but a different account id than the official account',
  unresolvedDid: 'a Bluesky account whose handle could not be read',
  punycode: 'internationalised (punycode) domain name imitating an official one',
  carried: 'carries an official name in a part of the link that does not decide where it leads',
  foreignAccount: 'names an official account on a host that is not that account’s own instance',
  former: 'former Session channel, no longer used',
  shortener: 'shortened link: where it leads cannot be seen',
  missingPost: 'the post it refers to could not be loaded',
  unresolvedLink: 'a link that could not be expanded',
  unofficial: 'not one of the official Session channels',
  unreadable: 'could not be read as an account, link, domain or app',
} as const;

const LOOKALIKE_REASON: Record<LookalikeRule, string> = {
  'same-name': 'uses an official name, but is not the official channel',
  confusable: 'look-alike spelling of an official name',
  'near-miss': 'near-miss spelling of an official name',
  'bait-word': 'official name combined with a bait word (support, airdrop, token…)',
  embedded: 'embeds an official name',
};

export const UNREADABLE: Verdict = { verdict: 'unsure', reason: REASON.unreadable };

/** `token` (a handle, account name, label) as a lookalike of one of `targets`, or undefined. */
export function lookalikeVerdict(token: string, targets: readonly LookalikeTarget[]): Verdict | undefined {
  const hit = matchLookalike(token, targets);
  if (hit === undefined) return undefined;
  return hit.target.of === ''
    ? { verdict: 'lookalike', reason: LOOKALIKE_REASON[hit.rule] }
    : { verdict: 'lookalike', reason: LOOKALIKE_REASON[hit.rule], of: hit.target.of };
}
