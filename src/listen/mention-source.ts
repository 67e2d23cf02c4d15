import type { Mention } from '../mentions/find-subjects.ts';
import type { Visibility } from '../mentions/decide-reply.ts';

/** A mention as fetched, with what answering it needs. */
export interface FetchedMention extends Mention {
  /** The id to reply to (X: the tweet; Mastodon: the status, not the notification). */
  replyToId: string;
  visibility?: Visibility;
}

/**
 * Where mentions come from: X's mentions timeline or Mastodon's notifications. `cursor` is
 * opaque, kept in Redis; `undefined` means first run, which answers nothing and returns the
 * cursor of "now" so old mentions are never answered.
 */
export interface MentionSource {
  readonly platform: 'x' | 'mastodon';
  self(): Promise<{ id: string; handle: string }>;
  fetchSince(cursor: string | undefined): Promise<{ mentions: FetchedMention[]; cursor: string }>;
}
