/** What a platform lets a post weigh. X counts with twitter-text; Mastodon per instance. */
export type PostLimits =
  | { platform: 'x' }
  | { platform: 'mastodon'; maxCharacters: number; charactersReservedPerUrl: number };
