import type { OfficialChannels } from '../../../config/official-channels.ts';
import type { Subject } from './parse-subject.ts';
import { REASON, UNREADABLE } from './verdict-reasons.ts';
import type { Verdict } from './verdict.ts';
import { verifyApp, verifyBluesky, verifyMastodon, verifyX } from './verify-account.ts';
import { verifyHost } from './verify-host.ts';
import { verifyUrl } from './verify-url.ts';

export type { Verdict } from './verdict.ts';

const UNVERIFIABLE: Record<string, Verdict> = {
  'missing-post': { verdict: 'unsure', reason: REASON.missingPost },
  'unresolved-link': { verdict: 'unsure', reason: REASON.unresolvedLink },
  unreadable: UNREADABLE,
};

/**
 * Decide whether a subject is one of the official channels, a former one, imitates one, cannot be
 * verified, or is simply not official. Pure and total: any input, however malformed, yields a
 * verdict (never a throw, and never "official" for what could not be read), because subjects come
 * from strangers' posts.
 */
export function verifySubject(subject: Subject, channels: OfficialChannels): Verdict {
  try {
    switch (subject.kind) {
      case 'x-account':
        // An account found in a link is judged with the rest of the link (its query, userinfo…).
        return subject.url !== undefined && subject.id === undefined ? verifyUrl(subject.url, channels) : verifyX(subject.handle, subject.id, channels);
      case 'mastodon-account':
        return subject.url !== undefined ? verifyUrl(subject.url, channels) : verifyMastodon(subject.acct, channels);
      case 'bluesky-account':
        return subject.url !== undefined ? verifyUrl(subject.url, channels) : verifyBluesky(subject.handle, subject.did, channels);
      case 'url':
        return verifyUrl(subject.url, channels);
      case 'domain':
        return verifyHost(subject.domain, channels);
      case 'app':
        return verifyApp(subject.store, subject.id, channels);
      case 'unverifiable':
        return UNVERIFIABLE[subject.why] ?? UNREADABLE;
      default:
        return UNREADABLE;
    }
  } catch {
    return UNREADABLE;
  }
}
