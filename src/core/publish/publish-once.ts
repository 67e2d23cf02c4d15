import type { Logger } from 'pino';
import type { OfficialChannels } from '../../../config/official-channels.ts';
import { type LedgerEntry, markFailed, markPosted, notTaken, startAttempt } from '../../domain/ledger-entry.ts';
import { HardStopError, RateLimitedError, TransientError } from '../../domain/platform-errors.ts';
import type { PostLimits } from '../../domain/post-limits.ts';
import type { Clock } from '../../ports/clock.ts';
import type { PostLedger } from '../../ports/post-ledger.ts';
import type { PublishRequest, Publisher, RemotePost } from '../../ports/publisher.ts';
import { UnsafeTextError } from '../../domain/unsafe-text-error.ts';
import { findUnsafeText, type PostExpectation } from './find-unsafe-text.ts';

/** One post to make on one platform: an announcement, a repost or a reply. */
export interface PublishTask {
  /** The ledger entry that guards this post (item id, repost id, `reply-<mention id>`). */
  ledgerKey: string;
  idempotencyKey: string;
  /** The link the post carries, to recognise it on the timeline when an outcome is unknown. */
  link?: string;
  /** Look for the link on the timeline before the first attempt too (a backfilled item). */
  lookFirst?: boolean;
  inReplyToId?: string;
  visibility?: PublishRequest['visibility'];
  /** What the text must look like to go out: checked right before the platform call. */
  expected: PostExpectation;
  compose(limits: PostLimits): string;
}

export type PublishOutcome =
  | { kind: 'already-posted'; entry: LedgerEntry }
  | { kind: 'posted'; entry: LedgerEntry; pauseUntil?: number };

export interface PublishDeps {
  ledger: PostLedger;
  publisher: Publisher;
  log: Logger;
  clock: Clock;
  /** The registry: what may be linked from the official accounts. */
  channels: OfficialChannels;
}

/** How far back a timeline post still counts as "ours" for an unknown outcome (clock skew). */
const SKEW_MS = 60_000;
/** How far back X's "duplicate content" may refer to. */
const DAY_MS = 86_400_000;

/**
 * Makes one post exactly once. The ledger is read first: `posted` means done, without a
 * call. Before a request that may reach the platform the ledger records `pending` with the
 * attempt time; after an attempt whose outcome is unknown (timeout, dropped connection,
 * 5xx), the next try first looks for the post on the timeline. A hard stop marks the entry
 * `failed` with the reason; rate limits and transient faults leave it `pending` for a retry.
 * Text that fails the last check (`findUnsafeText`) is never sent: `failed`, `unsafe-text: …`.
 */
export async function publishOnce(task: PublishTask, deps: PublishDeps): Promise<PublishOutcome> {
  const { ledger, publisher } = deps;
  const previous = await ledger.get(task.ledgerKey, publisher.platform);
  if (previous?.state === 'posted') return { kind: 'already-posted', entry: previous };
  const found = await findEarlierAttempt(task, previous, deps);
  if (found) return { kind: 'posted', entry: found };

  const text = task.compose(await publisher.limits());
  const unsafe = findUnsafeText(text, task.expected, deps.channels, publisher.platform);
  if (unsafe !== undefined) {
    await ledger.set(task.ledgerKey, publisher.platform, markFailed(text, unsafe, deps.clock.now()));
    throw new UnsafeTextError(unsafe);
  }
  const attemptedAt = deps.clock.now();
  await ledger.set(task.ledgerKey, publisher.platform, startAttempt(text, attemptedAt));
  try {
    const result = await publisher.publish({ text, idempotencyKey: task.idempotencyKey, inReplyToId: task.inReplyToId, visibility: task.visibility });
    const post = result.kind === 'posted' ? result.post : await findDuplicate(task, attemptedAt, deps);
    const entry = markPosted(text, { remoteId: post?.id, url: post?.url, dryRun: publisher.dryRun }, deps.clock.now());
    await ledger.set(task.ledgerKey, publisher.platform, entry);
    return { kind: 'posted', entry, pauseUntil: result.pauseUntil };
  } catch (error) {
    await recordFailedAttempt(task, text, error, deps);
    throw error;
  }
}

/**
 * After an unknown outcome: the post an earlier attempt made after all, recorded as posted. A
 * backfilled item (`lookFirst`) is looked for before its first attempt too, on the whole recent
 * timeline: after a Redis data loss the first poll backfills what may have gone out days ago, and
 * Mastodon's idempotency keys last an hour only.
 */
async function findEarlierAttempt(task: PublishTask, previous: LedgerEntry | undefined, deps: PublishDeps): Promise<LedgerEntry | undefined> {
  const { publisher } = deps;
  const lookFirst = task.lookFirst === true && task.link !== undefined;
  if ((previous?.attemptedAt === undefined && !lookFirst) || publisher.dryRun) return undefined;
  const since = lookFirst || previous?.attemptedAt === undefined ? 0 : previous.attemptedAt - SKEW_MS;
  const existing = await publisher.findExisting({ link: task.link, inReplyToId: task.inReplyToId, since });
  if (!existing) return undefined;
  const entry = markPosted(previous?.text, { remoteId: existing.id, url: existing.url }, deps.clock.now());
  await deps.ledger.set(task.ledgerKey, publisher.platform, entry);
  const why = previous?.attemptedAt === undefined ? 'already on the timeline (announced before Herald lost its records)' : 'an earlier attempt had posted it after all';
  deps.log.info({ remoteId: existing.id }, `${why}: recorded, not posted again`);
  return entry;
}

/** X's 403 "duplicate content": the post is there already; its id if it can be found. */
async function findDuplicate(task: PublishTask, attemptedAt: number, deps: PublishDeps): Promise<RemotePost | undefined> {
  deps.log.info('X says this text is already posted (403 duplicate content): counted as posted');
  const post = await deps.publisher
    .findExisting({ link: task.link, inReplyToId: task.inReplyToId, since: attemptedAt - DAY_MS })
    .catch(() => undefined);
  if (!post && task.inReplyToId !== undefined) {
    // A reply X calls a duplicate of some other post is not this reply: it never went out.
    throw new HardStopError('X refused the reply as duplicate content (the same text was posted recently); it was not sent.', 403);
  }
  return post;
}

async function recordFailedAttempt(task: PublishTask, text: string, error: unknown, deps: PublishDeps): Promise<void> {
  const platform = deps.publisher.platform;
  if (error instanceof HardStopError) {
    await deps.ledger.set(task.ledgerKey, platform, markFailed(text, error.message, deps.clock.now()));
  } else if (error instanceof RateLimitedError || (error instanceof TransientError && !error.ambiguous)) {
    // The platform did not take the post: nothing to look for before the next try.
    await deps.ledger.set(task.ledgerKey, platform, notTaken(text, deps.clock.now()));
  }
}
