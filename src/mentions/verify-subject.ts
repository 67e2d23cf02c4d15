import { domainToASCII, domainToUnicode } from 'node:url';
import type { OfficialChannels } from '../../config/official-channels.ts';
import { type LookalikeRule, type LookalikeTarget, matchLookalike, nearestTarget } from './match-lookalike.ts';
import type { Subject } from './parse-subject.ts';

/**
 * Herald's answer about one subject. `lookalike` is kept apart from `unofficial` because an
 * impersonation deserves a warning naming the real channel (`of`), not just a "no".
 */
export interface Verdict {
  verdict: 'official' | 'unofficial' | 'lookalike';
  /** Short fixed English explanation; never contains the subject itself. */
  reason: string;
  /** The official channel imitated (lookalikes only), e.g. '@SessionTechFND' or 'getsession.org'. */
  of?: string;
}

const REASON = {
  officialDomain: 'official Session domain',
  officialSubdomain: 'subdomain of an official Session domain',
  officialX: 'official Session X account',
  officialXId: 'official Session X account (matched by account id)',
  officialMastodon: 'official Session Mastodon account',
  officialApp: 'official Session app store listing',
  idMismatch: 'official handle, but a different account id than the official account',
  punycode: 'internationalised (punycode) domain name imitating an official one',
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

const UNOFFICIAL: Verdict = { verdict: 'unofficial', reason: REASON.unofficial };

/**
 * Decide whether a subject is one of the official channels, imitates one, or is simply not
 * official. Pure and total: any input, however malformed, yields a verdict (never a throw),
 * because subjects come from strangers' posts.
 */
export function verifySubject(subject: Subject, channels: OfficialChannels): Verdict {
  try {
    switch (subject.kind) {
      case 'x-account':
        return verifyX(subject.handle, subject.id, channels);
      case 'mastodon-account':
        return verifyMastodon(subject.acct, channels);
      case 'url':
        return verifyHost(subject.host, channels);
      case 'domain':
        return verifyHost(subject.domain, channels);
      case 'app':
        return verifyApp(subject.store, subject.id, channels);
      default:
        return { verdict: 'unofficial', reason: REASON.unreadable };
    }
  } catch {
    return { verdict: 'unofficial', reason: REASON.unreadable };
  }
}

function verifyX(rawHandle: string, id: string | undefined, channels: OfficialChannels): Verdict {
  const handle = String(rawHandle).trim().replace(/^[@＠]/u, '');
  if (id !== undefined && channels.xAccounts.some((a) => a.id !== undefined && a.id === id)) {
    return { verdict: 'official', reason: REASON.officialXId };
  }
  const same = channels.xAccounts.find((a) => a.handle.toLowerCase() === handle.toLowerCase());
  if (same !== undefined) {
    if (same.id !== undefined && id !== undefined && same.id !== id) {
      return { verdict: 'lookalike', reason: REASON.idMismatch, of: `@${same.handle}` };
    }
    return { verdict: 'official', reason: REASON.officialX };
  }
  return lookalike(handle, withNames(xTargets(channels), channels.names)) ?? UNOFFICIAL;
}

function verifyMastodon(rawAcct: string, channels: OfficialChannels): Verdict {
  const acct = String(rawAcct).trim().replace(/^[@＠]/u, '').toLowerCase();
  if (channels.mastodonAccounts.some((a) => a.replace(/^@/u, '').toLowerCase() === acct)) {
    return { verdict: 'official', reason: REASON.officialMastodon };
  }
  const at = acct.indexOf('@');
  const user = at === -1 ? acct : acct.slice(0, at);
  const instance = at === -1 ? '' : acct.slice(at + 1);
  const accountTargets = [...mastodonTargets(channels), ...xTargets(channels)];
  const byUser = lookalike(user, withNames(accountTargets, channels.names));
  if (byUser !== undefined) return byUser;
  if (instance !== '') {
    const byInstance = verifyHost(instance, channels);
    if (byInstance.verdict === 'lookalike') return byInstance;
  }
  return UNOFFICIAL;
}

function verifyHost(rawHost: string, channels: OfficialChannels): Verdict {
  const host = asciiHost(rawHost);
  if (host === undefined) return { verdict: 'unofficial', reason: REASON.unreadable };
  for (const domain of channels.domains.map((d) => d.toLowerCase())) {
    if (host === domain) return { verdict: 'official', reason: REASON.officialDomain };
    if (host.endsWith(`.${domain}`)) return { verdict: 'official', reason: REASON.officialSubdomain };
  }
  const targets = withNames(domainTargets(channels), channels.names);
  const unicode = domainToUnicode(host) || host;
  const labels = unicode.split('.');
  const candidates = [...labels.slice(0, -1), labels.slice(0, -1).join('')];
  for (const label of candidates) {
    const hit = lookalike(label, targets);
    if (hit !== undefined) return hit;
  }
  const isIdn = host.split('.').some((l) => l.startsWith('xn--')) || /[^\x00-\x7f]/u.test(unicode);
  if (isIdn) {
    const of = nearestTarget(labels.slice(0, -1).join('.') || unicode, domainTargets(channels))?.of;
    return of === undefined ? { verdict: 'lookalike', reason: REASON.punycode } : { verdict: 'lookalike', reason: REASON.punycode, of };
  }
  return UNOFFICIAL;
}

function verifyApp(store: string, rawId: string, channels: OfficialChannels): Verdict {
  const id = String(rawId).trim();
  if (store === 'apple') {
    const digits = id.replace(/^id/iu, '');
    if (channels.appStoreIds.apple.some((a) => a.replace(/^id/iu, '') === digits)) {
      return { verdict: 'official', reason: REASON.officialApp };
    }
    return UNOFFICIAL;
  }
  if (store === 'google') {
    if (channels.appStoreIds.google.some((g) => g.toLowerCase() === id.toLowerCase())) {
      return { verdict: 'official', reason: REASON.officialApp };
    }
    const nameTargets = channels.names.map((name) => ({ name, of: '' }));
    for (const segment of id.split('.')) {
      const hit = matchLookalike(segment, nameTargets);
      if (hit !== undefined) return { verdict: 'lookalike', reason: LOOKALIKE_REASON[hit.rule] };
    }
    return UNOFFICIAL;
  }
  return { verdict: 'unofficial', reason: REASON.unreadable };
}

function lookalike(token: string, targets: readonly LookalikeTarget[]): Verdict | undefined {
  const hit = matchLookalike(token, targets);
  if (hit === undefined) return undefined;
  return { verdict: 'lookalike', reason: LOOKALIKE_REASON[hit.rule], of: hit.target.of };
}

function xTargets(channels: OfficialChannels): LookalikeTarget[] {
  return channels.xAccounts.map((a) => ({ name: a.handle, of: `@${a.handle}` }));
}

function mastodonTargets(channels: OfficialChannels): LookalikeTarget[] {
  return channels.mastodonAccounts.map((acct) => {
    const clean = acct.replace(/^@/u, '').toLowerCase();
    return { name: clean.split('@')[0] ?? clean, of: clean };
  });
}

/** Each official domain is imitated both by its main label and by its dot-less whole name. */
function domainTargets(channels: OfficialChannels): LookalikeTarget[] {
  return channels.domains.flatMap((domain) => {
    const labels = domain.toLowerCase().split('.');
    const main = labels.length > 1 ? labels.slice(0, -1).join('.') : domain;
    return [
      { name: main, of: domain },
      { name: labels.join(''), of: domain },
    ];
  });
}

/** Add the brand names, each pointing at the nearest channel of the kind being checked. */
function withNames(targets: LookalikeTarget[], names: readonly string[]): LookalikeTarget[] {
  const extra: LookalikeTarget[] = [];
  for (const name of names) {
    const near = nearestTarget(name, targets);
    if (near !== undefined) extra.push({ name, of: near.of });
  }
  return [...targets, ...extra];
}

/** Lower-case ASCII (punycode) host, or undefined when it is not a plausible host name. */
function asciiHost(raw: string): string | undefined {
  const trimmed = String(raw).normalize('NFKC').trim().toLowerCase().replace(/\.$/u, '');
  if (trimmed === '' || trimmed.length > 253 || /[\s/@?#]/u.test(trimmed)) return undefined;
  const ascii = domainToASCII(trimmed);
  if (ascii === '' || !ascii.includes('.')) return undefined;
  return ascii;
}
