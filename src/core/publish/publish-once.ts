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
  threadRef?: string;
  visibility?: PublishRequest['visibility'];
  /** What the text must look like to go out: checked right before the platform call. */
  expected: PostExpectation;
  card?: PublishRequest['card'];
  compose(limits: PostLimits): string;
}

export type PublishOutcome =
  | { kind: 'already-posted'; entry: LedgerEntry }
  | { kind: 'posted'; entry: LedgerEntry; pauseUntil?: number }
  /** An operator retracted it (before, or while it was being sent): nothing stays posted. */
  | { kind: 'retracted'; entry: LedgerEntry };

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
 * A `retracted` entry is final: never posted, and every write here leaves it alone, so a post
 * that was in flight when an operator retracted it is deleted as soon as it lands.
 */
export async function publishOnce(task: PublishTask, deps: PublishDeps): Promise<PublishOutcome> {
  const { ledger, publisher } = deps;
  const platform = publisher.platform;
  const previous = await ledger.get(task.ledgerKey, platform);
  if (previous?.state === 'posted') return { kind: 'already-posted', entry: previous };
  if (previous?.state === 'retracted') return { kind: 'retracted', entry: previous };
  const found = await findEarlierAttempt(task, previous, deps);
  if (found) return found;

  const text = task.compose(await publisher.limits());
  const unsafe = findUnsafeText(text, task.expected, deps.channels, publisher.platform);
  if (unsafe !== undefined) {
    await ledger.setUnlessRetracted(task.ledgerKey, platform, markFailed(text, unsafe, deps.clock.now()));
    throw new UnsafeTextError(unsafe);
  }
  const attemptedAt = deps.clock.now();
  if (!(await ledger.setUnlessRetracted(task.ledgerKey, platform, startAttempt(text, attemptedAt)))) return await retracted(task, undefined, deps);
  try {
    const { idempotencyKey, inReplyToId, threadRef, visibility, link, card } = task;
    const result = await publisher.publish({ text, idempotencyKey, inReplyToId, threadRef, visibility, link, card });
    const post = result.kind === 'posted' ? result.post : await findDuplicate(task, attemptedAt, deps);
    const entry = markPosted(text, { remoteId: post?.id, url: post?.url, dryRun: publisher.dryRun }, deps.clock.now());
    if (!(await ledger.setUnlessRetracted(task.ledgerKey, platform, entry))) return await retracted(task, publisher.dryRun ? undefined : post?.id, deps);
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
async function findEarlierAttempt(task: PublishTask, previous: LedgerEntry | undefined, deps: PublishDeps): Promise<PublishOutcome | undefined> {
  const { publisher } = deps;
  const lookFirst = task.lookFirst === true && task.link !== undefined;
  if ((previous?.attemptedAt === undefined && !lookFirst) || publisher.dryRun) return undefined;
  const since = lookFirst || previous?.attemptedAt === undefined ? 0 : previous.attemptedAt - SKEW_MS;
  const existing = await publisher.findExisting({ link: task.link, inReplyToId: task.inReplyToId, since, idempotencyKey: task.idempotencyKey });
  if (!existing) return undefined;
  const entry = markPosted(previous?.text, { remoteId: existing.id, url: existing.url }, deps.clock.now());
  if (!(await deps.ledger.setUnlessRetracted(task.ledgerKey, publisher.platform, entry))) return await retracted(task, existing.id, deps);
  const why = previous?.attemptedAt === undefined ? 'already on the timeline (announced before Herald lost its records)' : 'an earlier attempt had posted it after all';
  deps.log.info({ remoteId: existing.id }, `${why}: recorded, not posted again`);
  return { kind: 'posted', entry };
}

/**
 * Retracted while this publish was under way: the post it made (if any) is deleted at once;
 * the retraction stays as the operator wrote it.
 */
async function retracted(task: PublishTask, madeId: string | undefined, deps: PublishDeps): Promise<PublishOutcome> {
  const { publisher, log } = deps;
  if (madeId !== undefined) {
    try {
      await publisher.remove(madeId);
      log.warn({ remoteId: madeId }, 'retracted while it was being posted: the post was deleted at once');
    } catch (error) {
      log.error({ remoteId: madeId, error: (error as Error).message }, `retracted while it was being posted, and deleting it failed: run "herald retract ${task.ledgerKey}" again`);
    }
  }
  const entry = (await deps.ledger.get(task.ledgerKey, publisher.platform))!;
  return { kind: 'retracted', entry };
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
    await deps.ledger.setUnlessRetracted(task.ledgerKey, platform, markFailed(text, error.message, deps.clock.now()));
  } else if (error instanceof RateLimitedError || (error instanceof TransientError && !error.ambiguous)) {
    // The platform did not take the post: nothing to look for before the next try.
    await deps.ledger.setUnlessRetracted(task.ledgerKey, platform, notTaken(text, deps.clock.now()));
  }
}
