import type { OfficialChannels } from '../../../config/official-channels.ts';
import { parseSubject } from '../mentions/parse-subject.ts';
import { verifySubject } from '../mentions/verify-subject.ts';

/**
 * Whether a link leads to an official channel, by the rules of the "is this official?" verifier:
 * one notion of "official" for what Herald answers, announces and posts.
 */
export function isOfficialLink(link: string, channels: OfficialChannels): boolean {
  const subject = parseSubject(link);
  return subject !== undefined && verifySubject(subject, channels).verdict === 'official';
}
