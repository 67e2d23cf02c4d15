import type { Logger } from 'pino';
import type { PostLimits } from './compose-post.ts';
import {
  HardStopError,
  type PublishRequest,
  type Publisher,
  RateLimitedError,
  TransientError,
} from '../publish/publisher.ts';
import type { LedgerEntry, RedisStore } from '../store/redis-store.ts';

/** One post to make on one platform: an announcement, a repost or a reply. */
export interface PublishTask {
  /** The ledger entry that guards this post (item id, repost id, `reply-<mention id>`). */
  ledgerKey: string;
  idempotencyKey: string;
  /** The link the post carries, to recognise it on the timeline when an outcome is unknown. */
  link?: string;
  inReplyToId?: string;
  visibility?: PublishRequest['visibility'];
  compose(limits: PostLimits): string;
}

export type PublishOutcome =
  | { kind: 'already-posted'; entry: LedgerEntry }
  | { kind: 'posted'; entry: LedgerEntry; pauseUntil?: number };

export interface PublishDeps {
  store: RedisStore;
  publisher: Publisher;
  log: Logger;
  now: () => number;
}

/** How far back a timeline post still counts as "ours" for an unknown outcome (clock skew). */
const SKEW_MS = 60_000;

/**
 * Makes one post exactly once. The ledger is read first: `posted` means done, without a
 * call. Before a request that may reach the platform the ledger records `pending` with the
 * attempt time; after an attempt whose outcome is unknown (timeout, dropped connection,
 * 5xx), the next try first looks for the post on the timeline. A hard stop marks the entry
 * `failed` with the reason; rate limits and transient faults leave it `pending` for a retry.
 */
export async function publishOnce(task: PublishTask, deps: PublishDeps): Promise<PublishOutcome> {
  const { store, publisher, log } = deps;
  const platform = publisher.platform;
  const previous = await store.getLedger(task.ledgerKey, platform);
  if (previous?.state === 'posted') return { kind: 'already-posted', entry: previous };

  if (previous?.attemptedAt !== undefined && !publisher.dryRun) {
    const existing = await publisher.findExisting({
      link: task.link,
      inReplyToId: task.inReplyToId,
      since: previous.attemptedAt - SKEW_MS,
    });
    if (existing) {
      const entry: LedgerEntry = {
        state: 'posted',
        text: previous.text,
        remoteId: existing.id,
        url: existing.url,
        updatedAt: deps.now(),
      };
      await store.setLedger(task.ledgerKey, platform, entry);
      log.info({ remoteId: existing.id }, 'an earlier attempt had posted it after all: recorded, not posted again');
      return { kind: 'posted', entry };
    }
  }

  const text = task.compose(await publisher.limits());
  const attemptedAt = deps.now();
  await store.setLedger(task.ledgerKey, platform, { state: 'pending', text, attemptedAt, updatedAt: attemptedAt });
  try {
    const result = await publisher.publish({
      text,
      idempotencyKey: task.idempotencyKey,
      inReplyToId: task.inReplyToId,
      visibility: task.visibility,
    });
    let post = result.kind === 'posted' ? result.post : undefined;
    if (result.kind === 'duplicate') {
      log.info('X says this text is already posted (403 duplicate content): counted as posted');
      post = await publisher
        .findExisting({ link: task.link, inReplyToId: task.inReplyToId, since: attemptedAt - 86_400_000 })
        .catch(() => undefined);
      if (!post && task.inReplyToId !== undefined) {
        // A reply X calls a duplicate of some other post is not this reply: it never went out.
        throw new HardStopError('X refused the reply as duplicate content (the same text was posted recently); it was not sent.', 403);
      }
    }
    const entry: LedgerEntry = {
      state: 'posted',
      text,
      remoteId: post?.id,
      url: post?.url,
      dryRun: publisher.dryRun || undefined,
      updatedAt: deps.now(),
    };
    await store.setLedger(task.ledgerKey, platform, entry);
    return { kind: 'posted', entry, pauseUntil: result.pauseUntil };
  } catch (error) {
    if (error instanceof HardStopError) {
      await store.setLedger(task.ledgerKey, platform, {
        state: 'failed',
        text,
        reason: error.message,
        updatedAt: deps.now(),
      });
    } else if (error instanceof RateLimitedError || (error instanceof TransientError && !error.ambiguous)) {
      // The platform did not take the post: nothing to look for before the next try.
      await store.setLedger(task.ledgerKey, platform, { state: 'pending', text, updatedAt: deps.now() });
    }
    throw error;
  }
}
