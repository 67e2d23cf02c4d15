import type { Platform } from './platform.ts';

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

/** A post as the platform adapters hand it over (ids and handles as the platform gives them). */
export interface MentionPost {
  id: string;
  text: string;
  /**
   * On Mastodon `handle` is the full acct (`user@instance`): the adapter completes local accounts
   * with the instance's domain. An empty handle is an author the platform did not return.
   */
  author: { id: string; handle: string };
  /** Links in the post, expanded where the platform allows (never a t.co when it gives the target). */
  urls: string[];
  /** Handles mentioned in the post, with or without the leading `@` (full accts on Mastodon). */
  mentionedHandles: string[];
}

/**
 * A post the mention replies to or quotes. `post` is undefined when the platform did not give it
 * (deleted, withheld, a failed fetch): a subject Herald cannot verify.
 */
export interface Reference {
  relation: 'replied_to' | 'quoted';
  post?: MentionPost;
}

/** A post that mentions the bot, with every post it replies to or quotes. */
export interface Mention extends MentionPost {
  platform: Platform;
  references?: Reference[];
}

/** A reply Herald decided to make, as it is queued for the platform. */
export interface Reply {
  /** `reply-<mention id>`: the ledger entry and the job id, so a mention is answered once. */
  ledgerKey: string;
  mentionId: string;
  text: string;
  inReplyToId: string;
  /**
   * What the platform needs beyond the id to place the reply, as its adapter wrote it (Bluesky:
   * the thread's root and the parent, each `{uri, cid}`). Opaque to the core.
   */
  threadRef?: string;
  visibility?: Visibility;
  verdict: string;
}
