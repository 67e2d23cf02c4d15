import type { OfficialChannels } from '../../../config/official-channels.ts';
import type { Platform } from '../../domain/platform.ts';
import { findTextHazards } from '../announce/find-text-hazards.ts';
import { isOfficialLink } from '../announce/is-official-link.ts';

/**
 * What a post is expected to be. An announcement (or repost) is `[prefix] title`, its link and
 * the platform's footer, each separated by a blank line; `approved` when a human released the
 * item (`herald approve`), so its link and the links in its title were reviewed. A reply is a
 * fixed template: only the links in it count (it addresses its asker by handle), and `allowed`
 * (the public page's check address, REPLY_CHECK_LINK) may appear as written.
 */
export type PostExpectation =
  | { kind: 'announcement'; footer: string; link: string; approved: boolean }
  | { kind: 'reply'; allowed?: readonly string[] };

/**
 * The last look at a post before the platform call, whatever path queued it: every link in it
 * official (the verifier's rules) or expected (the item's own link when a human approved it),
 * no imitation of the footer in the head, and the footer intact at the end. Returns the reason
 * (`unsafe-text: …`) to fail the job with, or undefined when the text may go out.
 */
export function findUnsafeText(text: string, expected: PostExpectation, channels: OfficialChannels, platform: Platform): string | undefined {
  if (expected.kind === 'reply') {
    // The operator's own addresses (the public page's check link) are expected in replies.
    const checked = (expected.allowed ?? []).reduce((rest, url) => rest.replaceAll(url, ' '), text);
    const [hazard] = findTextHazards(checked, 'reply', channels, { platform, urlsOnly: true, footerLike: false });
    return hazard === undefined ? undefined : `unsafe-text: ${hazard.detail}`;
  }
  const tail = `\n\n${expected.footer}`;
  if (!text.endsWith(tail)) return 'unsafe-text: the scam-warning footer is missing or altered';
  const body = text.slice(0, -tail.length);
  const head = body === expected.link ? '' : body.endsWith(`\n\n${expected.link}`) ? body.slice(0, -(expected.link.length + 2)) : undefined;
  if (head === undefined) return "unsafe-text: the item's link is not where the post puts it";
  if (expected.approved) return undefined;
  if (!isOfficialLink(expected.link, channels)) return 'unsafe-text: the link is not on an official channel and no one approved it';
  const [hazard] = findTextHazards(head, 'post', channels, { platform });
  return hazard === undefined ? undefined : `unsafe-text: ${hazard.detail}`;
}
