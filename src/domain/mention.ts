import type { Platform } from './platform.ts';

/**
 * The mention types the platform adapters hand to the core. `src/mentions/` declares the same
 * shapes for its own use; TypeScript checks they stay compatible where the two meet.
 */
export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

/** A post as the platform gives it (ids and handles as the platform writes them). */
export interface MentionPost {
  id: string;
  text: string;
  /** On Mastodon `handle` is the acct: `user@instance`, or `user` for the bot's own instance. */
  author: { id: string; handle: string };
  /** Links in the post, already expanded (no t.co). */
  urls: string[];
  /** Handles mentioned in the post, with or without the leading `@`. */
  mentionedHandles: string[];
}

/** A post that mentions the bot, with the post it replies to or quotes, if any. */
export interface Mention extends MentionPost {
  platform: Platform;
  referenced?: MentionPost;
}

/** A reply Herald decided to make, as it is queued for the platform. */
export interface Reply {
  /** `reply-<mention id>`: the ledger entry and the job id, so a mention is answered once. */
  ledgerKey: string;
  mentionId: string;
  text: string;
  inReplyToId: string;
  visibility?: Visibility;
  verdict: string;
}
