/**
 * What a platform lets a post weigh. X counts with twitter-text; Mastodon per instance; Bluesky
 * counts graphemes of the text as written (links in full: a link facet does not shorten them).
 */
export type PostLimits =
  | { platform: 'x' }
  | { platform: 'mastodon'; maxCharacters: number; charactersReservedPerUrl: number }
  | { platform: 'bluesky'; maxGraphemes: number };
