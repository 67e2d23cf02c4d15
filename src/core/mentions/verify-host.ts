import { domainToUnicode } from 'node:url';
import type { OfficialChannels } from '../../../config/official-channels.ts';
import { lookalikeVerdict, REASON, UNREADABLE } from './verdict-reasons.ts';
import type { Verdict } from './verdict.ts';
import { domainTargets, withNames } from './lookalike-targets.ts';
import { nearestTarget } from './match-lookalike.ts';
import { asciiHost } from './parse-subject.ts';

const IP_ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/iu;

/** Is `host` one of `domains` or a subdomain of one (lower-case ASCII on both sides)? */
export function isUnder(host: string, domains: readonly string[]): boolean {
  return domains.some((d) => host === d.toLowerCase() || host.endsWith(`.${d.toLowerCase()}`));
}

/**
 * A host name's verdict: an official domain or a subdomain of one; a former domain; a
 * lookalike (an official name in any label, the whole name without dots, confusables, an
 * internationalised name); otherwise unofficial.
 */
export function verifyHost(rawHost: string, channels: OfficialChannels): Verdict {
  const host = asciiHost(rawHost);
  if (host === undefined) return IP_ADDRESS.test(String(rawHost)) ? { verdict: 'unofficial', reason: REASON.unofficial } : UNREADABLE;
  for (const domain of channels.domains.map((d) => d.toLowerCase())) {
    if (host === domain) return { verdict: 'official', reason: REASON.officialDomain };
    if (host.endsWith(`.${domain}`)) return { verdict: 'official', reason: REASON.officialSubdomain };
  }
  if (channels.fdroidRepos.includes(host)) return { verdict: 'official', reason: REASON.officialApp };
  if (isUnder(host, channels.former.domains)) return { verdict: 'former', reason: REASON.former };
  return hostLookalike(host, channels) ?? { verdict: 'unofficial', reason: REASON.unofficial };
}

function hostLookalike(host: string, channels: OfficialChannels): Verdict | undefined {
  const targets = withNames(domainTargets(channels), channels.names);
  const unicode = domainToUnicode(host) || host;
  const labels = unicode.split('.');
  const candidates = [...labels.slice(0, -1), labels.slice(0, -1).join(''), labels.join('')];
  for (const label of candidates) {
    const hit = lookalikeVerdict(label, targets);
    if (hit !== undefined) return hit;
  }
  const isIdn = host.split('.').some((l) => l.startsWith('xn--')) || /[^\x00-\x7f]/u.test(unicode);
  if (!isIdn) return undefined;
  const of = nearestTarget(labels.slice(0, -1).join('.') || unicode, domainTargets(channels))?.of;
  return of === undefined ? { verdict: 'lookalike', reason: REASON.punycode } : { verdict: 'lookalike', reason: REASON.punycode, of };
}
