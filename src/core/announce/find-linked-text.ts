import { twitterText } from '../twitter-text.ts';

/** Something in a text that a platform would turn into a link: a URL (or bare domain), or an account. */
export interface LinkedText {
  kind: 'url' | 'handle';
  /** As written (a handle with its `@`; `@user@instance` for a full Mastodon account). */
  text: string;
  /** Where it starts in the text (UTF-16 units). */
  start: number;
}

/** Any `scheme://…`: Mastodon links URLs with a scheme whatever their TLD, X does not; both count. */
const SCHEME_URL = /(?<![\p{L}\p{N}_])[a-z][a-z0-9+.-]*:\/\/[^\s<>"]+/giu;
/**
 * Mastodon's mention pattern (`Account::MENTION_RE`): `@name` (the account of that name on the
 * instance) or `@name@instance`. X's own rule comes from twitter-text.
 */
const MASTODON_MENTION = /(?<![/\p{L}\p{N}_])[@＠]([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:[@＠]([\p{L}\p{N}_.-]*[\p{L}\p{N}_]))?/giu;

/**
 * Everything in `text` that X or Mastodon would link, found the way they find it: twitter-text's
 * URL extraction (which also links bare domains such as `getsession-airdrop.com`, like X; Mastodon
 * links less, never more), any `scheme://` URL, twitter-text's mentions and Mastodon's
 * `@user@instance`. A superset on purpose: whatever either platform would link is here.
 */
export function findLinkedText(text: string): LinkedText[] {
  const found: LinkedText[] = [];
  for (const { url, indices } of twitterText.extractUrlsWithIndices(text)) found.push({ kind: 'url', text: url, start: indices[0] });
  for (const match of text.matchAll(SCHEME_URL)) found.push({ kind: 'url', text: match[0], start: match.index });
  for (const { screenName, indices } of twitterText.extractMentionsWithIndices(text)) {
    found.push({ kind: 'handle', text: `@${screenName}`, start: indices[0] });
  }
  for (const match of text.matchAll(MASTODON_MENTION)) {
    const instance = match[2];
    found.push({ kind: 'handle', text: instance === undefined ? `@${match[1]}` : `@${match[1]}@${instance}`, start: match.index });
  }
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.start - b.start)
    .filter((link) => {
      const key = `${link.kind}:${link.start}:${link.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
