import type { OfficialChannels } from '../../../config/official-channels.ts';
import type { Platform } from '../../domain/platform.ts';
import { toPlainText } from '../feed/plain-text.ts';
import { parseSubject } from '../mentions/parse-subject.ts';
import { UNREADABLE } from '../mentions/verdict-reasons.ts';
import type { Verdict } from '../mentions/verdict.ts';
import { verifySubject } from '../mentions/verify-subject.ts';
import { findLinkedText, type LinkedText } from './find-linked-text.ts';
import { looksLikeFooter } from './looks-like-footer.ts';

/** Something in a text that must not go out under the official accounts without a human's word. */
export interface TextHazard {
  reason: 'text-link' | 'footer-like-text';
  /** Short words for status and logs: what was found where (never more than one line). */
  detail: string;
}

export interface HazardOptions {
  /**
   * Where the text is going. On Mastodon a bare `@name` links to whichever local account holds
   * the name, so it is never official; undefined (a feed's text) reads handles as X does.
   */
  platform?: Platform;
  /** Judge URLs only (a reply addresses its asker by handle). */
  urlsOnly?: boolean;
  /** Also look for imitations of the scam-warning footer (not in replies, which speak of impersonations). */
  footerLike?: boolean;
}

const BARE_MASTODON_HANDLE: Verdict = { verdict: 'unofficial', reason: 'a bare @name on Mastodon links to whichever local account holds the name' };

/**
 * One notion of "official": what the mention verifier says (`verifySubject(parseSubject(…))`),
 * so a link that Herald would answer "yes" about may be posted and nothing else.
 */
function verifyLinkedText(link: LinkedText, channels: OfficialChannels, platform: Platform | undefined): Verdict {
  if (link.kind === 'handle' && platform === 'mastodon' && !link.text.slice(1).includes('@')) return BARE_MASTODON_HANDLE;
  const subject = parseSubject(link.text);
  return subject === undefined ? UNREADABLE : verifySubject(subject, channels);
}

/** Ideographic full stops, which IDNA reads as dots: `evil。com` is evil.com to a browser. */
const IDEOGRAPHIC_DOTS = /[\u3002\uFF61]/gu;

/**
 * The links in the text as written and in its compatibility form (NFKC, ideographic dots as
 * dots): `ｇｅｔｓｅｓｓｉｏｎ-airdrop．com` reads as a domain and a browser takes it as one, even
 * where a platform's linkifier would not. Each link once.
 */
function linksIn(text: string): LinkedText[] {
  const folded = text.normalize('NFKC').replace(IDEOGRAPHIC_DOTS, '.');
  const links = folded === text ? findLinkedText(text) : [...findLinkedText(text), ...findLinkedText(folded)];
  const unique = new Map<string, LinkedText>();
  for (const link of links) if (!unique.has(`${link.kind}:${link.text}`)) unique.set(`${link.kind}:${link.text}`, link);
  return [...unique.values()];
}

/**
 * What in `text` would speak for the Foundation without being one of its channels: every link
 * or account a platform would make of it that the registry does not call official
 * (`text-link`), and imitations of the scam-warning footer (`footer-like-text`). `where` names
 * the text in the details ("title", "summary", "post"). Empty when the text is safe to post.
 */
export function findTextHazards(text: string, where: string, channels: OfficialChannels, options: HazardOptions = {}): TextHazard[] {
  const hazards: TextHazard[] = [];
  if (options.footerLike !== false && looksLikeFooter(text)) {
    hazards.push({ reason: 'footer-like-text', detail: `the ${where} imitates the scam-warning footer ("Only trust updates from…")` });
  }
  for (const link of linksIn(text)) {
    if (options.urlsOnly === true && link.kind !== 'url') continue;
    const verdict = verifyLinkedText(link, channels, options.platform);
    if (verdict.verdict === 'official') continue;
    const shown = toPlainText(link.text, 80);
    hazards.push({ reason: 'text-link', detail: `the ${where} links to ${shown}, which is not an official channel (${verdict.verdict}: ${verdict.reason})` });
  }
  return hazards;
}
