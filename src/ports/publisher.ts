import type { CredentialReport, RemovalResult } from '../domain/credential-report.ts';
import type { Platform } from '../domain/platform.ts';
import type { PostLimits } from '../domain/post-limits.ts';
import type { Visibility } from '../domain/mention.ts';

/** A link card (Bluesky's external embed), built from the item's own title and summary. */
export interface LinkCard {
  url: string;
  title: string;
  description?: string;
  /** The item's image: a platform shows it only when it comes from an official domain. */
  imageUrl?: string;
}

export interface PublishRequest {
  text: string;
  /**
   * Stable per (item or reply, platform): Mastodon dedupes on it for an hour; Bluesky derives
   * the post's record key from it, so a second create of the same post is refused.
   */
  idempotencyKey: string;
  inReplyToId?: string;
  /** The reply's place in its thread, as the platform's mention source wrote it (Reply.threadRef). */
  threadRef?: string;
  visibility?: Visibility;
  /** The announced link (always a link where the platform makes links itself). */
  link?: string;
  card?: LinkCard;
}

export interface ExistingPostQuery {
  link?: string;
  inReplyToId?: string;
  since: number;
  /** The idempotency key of the publish: where a platform derives the post's id from it, an exact lookup. */
  idempotencyKey?: string;
}

export interface RemotePost {
  id: string;
  url?: string;
}

/**
 * Expected outcomes of a publish. `duplicate` is X's 403 "duplicate content": the text is
 * already on the timeline, so it counts as posted. `pauseUntil` is set when the response
 * said no calls are left before a reset (epoch ms): Herald waits instead of provoking a 429.
 */
export type PublishResult =
  | { kind: 'posted'; post: RemotePost; pauseUntil?: number }
  | { kind: 'duplicate'; pauseUntil?: number };

/**
 * What the announce path needs of a platform; the X, Mastodon and dry-run publishers
 * implement it. Faults are thrown as the errors of src/domain/platform-errors.ts.
 */
export interface Publisher {
  readonly platform: Platform;
  readonly dryRun: boolean;
  /** How long a post may be on this platform (Mastodon: read from the instance). */
  limits(): Promise<PostLimits>;
  publish(request: PublishRequest): Promise<PublishResult>;
  /**
   * Looks for a post made at or after `since` (epoch ms) that carries `link` (an announcement)
   * or answers `inReplyToId` (a reply): the check made before retrying a publish whose outcome
   * is unknown (timeout, dropped connection, 5xx).
   */
  findExisting(query: ExistingPostQuery): Promise<RemotePost | undefined>;
  /**
   * Deletes one of the account's own posts (`herald retract`). A post that is already gone is
   * `already-gone`, so a retry after a lost answer is safe; faults are thrown like publish's.
   */
  remove(remoteId: string): Promise<RemovalResult>;
  /** Asks the platform who the credentials act for and whether they may post; never throws. */
  checkCredentials(): Promise<CredentialReport>;
}
