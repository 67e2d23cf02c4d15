import type { PostLimits } from '../announce/compose-post.ts';
import type { Platform } from '../store/redis-store.ts';

export interface PublishRequest {
  text: string;
  /** Stable per (item or reply, platform): Mastodon dedupes on it for an hour. */
  idempotencyKey: string;
  inReplyToId?: string;
  visibility?: 'public' | 'unlisted' | 'private' | 'direct';
}

export interface ExistingPostQuery {
  link?: string;
  inReplyToId?: string;
  since: number;
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

/** What the announce path needs of a platform; the X, Mastodon and dry-run publishers implement it. */
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
}

/** The platform said "not now": no request to it before `resumeAt` (epoch ms; unknown if undefined). */
export class RateLimitedError extends Error {
  readonly resumeAt: number | undefined;
  constructor(message: string, resumeAt: number | undefined) {
    super(message);
    this.name = 'RateLimitedError';
    this.resumeAt = resumeAt;
  }
}

/**
 * Final until a human acts (credentials, credits, permissions): not retried in a loop. The
 * message says what to check and which variable.
 */
export class HardStopError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.name = 'HardStopError';
    this.status = status;
  }
}

/**
 * Retry later with backoff. `ambiguous`: the request may have reached the platform (timeout,
 * dropped connection, 5xx), so the post may exist: look before posting again.
 */
export class TransientError extends Error {
  readonly ambiguous: boolean;
  constructor(message: string, ambiguous: boolean) {
    super(message);
    this.name = 'TransientError';
    this.ambiguous = ambiguous;
  }
}

/** Network errors that prove the request never left (so a retry cannot duplicate). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function wasNeverSent(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code);
}
