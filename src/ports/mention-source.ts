import type { Mention, Visibility } from '../domain/mention.ts';
import type { Platform } from '../domain/platform.ts';

/** A mention as fetched, with what answering it needs. */
export interface FetchedMention extends Mention {
  /** The id to reply to (X: the tweet; Mastodon: the status, not the notification). */
  replyToId: string;
  /** See Reply.threadRef: where a reply to it goes, when the id alone does not say. */
  threadRef?: string;
  visibility?: Visibility;
}

/**
 * Where mentions come from: X's mentions timeline or Mastodon's notifications. `cursor` is
 * opaque, kept by the mention cursor store; `undefined` means first run, which answers nothing
 * and returns the cursor of "now" so old mentions are never answered.
 */
export interface MentionSource {
  readonly platform: Platform;
  self(): Promise<{ id: string; handle: string }>;
  fetchSince(cursor: string | undefined): Promise<{ mentions: FetchedMention[]; cursor: string }>;
}
