import type { Logger } from 'pino';
import type { Config } from '../../../config/load-config.ts';
import type { Platform } from '../../domain/platform.ts';
import { HardStopError, RateLimitedError } from '../../domain/platform-errors.ts';
import { decideReply } from '../mentions/decide-reply.ts';
import { type BudgetDeps, mentionReadsAllowed } from '../spend/check-budget.ts';
import type { Clock } from '../../ports/clock.ts';
import type { MentionCursor } from '../../ports/mention-cursor.ts';
import type { FetchedMention, MentionSource } from '../../ports/mention-source.ts';
import type { Metrics } from '../../ports/metrics.ts';
import type { PlatformState } from '../../ports/platform-state.ts';
import type { PostLedger } from '../../ports/post-ledger.ts';
import type { PublishQueue } from '../../ports/publish-queue.ts';
import type { ReplyGuard } from '../../ports/reply-guard.ts';

export interface AnswerDeps {
  config: Pick<Config, 'mentions' | 'officialChannels' | 'replyTemplates'> & { publicPage?: Pick<Config['publicPage'], 'replyCheckUrl'> };
  platforms: Pick<PlatformState, 'pauseOf'>;
  mentions: MentionCursor;
  replies: ReplyGuard;
  ledger: Pick<PostLedger, 'get'>;
  queue: Pick<PublishQueue, 'reply' | 'has'>;
  metrics: Metrics;
  log: Logger;
  clock: Clock;
  /** X's spend meter and budgets: mentions are not read once the day's replies could not be paid for. */
  budget?: BudgetDeps;
}

export interface AnswerResult {
  platform: string;
  fetched: number;
  replies: number;
  skipped: Record<string, number>;
  note?: string;
}

/** Without a reset announced, mention reads wait this long after a rate limit. */
const READ_BACKOFF_MS = 15 * 60_000;

/**
 * One check of a platform's mentions: fetch what is new since the cursor, decide, claim
 * (cooldown, hourly cap) and put one reply job per mention on the platform's publish queue
 * (job id from the mention id: a second check never makes a second reply), then move the
 * cursor. Replies go through the same rate-limit and kill-switch machinery as posts.
 */
export async function answerMentions(source: MentionSource, deps: AnswerDeps): Promise<AnswerResult> {
  const platform = source.platform;
  const result: AnswerResult = { platform, fetched: 0, replies: 0, skipped: {} };
  if (await deps.platforms.pauseOf(platform)) return { ...result, note: 'platform paused' };
  if ((await deps.mentions.readsBlockedUntil(platform)) > deps.clock.now()) return { ...result, note: 'mention reads rate-limited' };
  if (platform === 'x' && deps.budget && !(await mentionReadsAllowed(deps.clock.now(), deps.budget))) {
    return { ...result, note: 'reply budget spent for today: mentions are read again after 00:00 UTC' };
  }

  const cursor = await deps.mentions.get(platform);
  const fetched = await fetchMentions(source, cursor, deps);
  if (fetched.kind === 'stopped') return { ...result, note: fetched.note };
  if (cursor === undefined) {
    await deps.mentions.set(platform, fetched.cursor);
    deps.log.info({ platform }, 'first mention check: cursor set to now, older mentions are not answered');
    return { ...result, note: 'cursor initialised' };
  }
  const self = await source.self();
  result.fetched = fetched.mentions.length;
  for (const mention of fetched.mentions) {
    const outcome = await answerOne(mention, platform, self, deps);
    if (outcome === 'replied') result.replies += 1;
    else result.skipped[outcome] = (result.skipped[outcome] ?? 0) + 1;
  }
  await deps.mentions.set(platform, fetched.cursor);
  return result;
}

type Fetched = { kind: 'fetched'; mentions: FetchedMention[]; cursor: string } | { kind: 'stopped'; note: string };

async function fetchMentions(source: MentionSource, cursor: string | undefined, deps: AnswerDeps): Promise<Fetched> {
  const platform = source.platform;
  try {
    return { kind: 'fetched', ...(await source.fetchSince(cursor)) };
  } catch (error) {
    if (error instanceof RateLimitedError) {
      const until = error.resumeAt ?? deps.clock.now() + READ_BACKOFF_MS;
      await deps.mentions.blockReadsUntil(platform, until);
      deps.log.warn({ platform, until: new Date(until).toISOString() }, 'mention reads rate-limited: next check after the reset');
      return { kind: 'stopped', note: 'rate-limited' };
    }
    if (error instanceof HardStopError) {
      deps.log.error({ platform }, `cannot read mentions: ${error.message}`);
      return { kind: 'stopped', note: error.message };
    }
    throw error;
  }
}

/** Decides, claims and queues the reply to one mention; returns 'replied' or why not. */
async function answerOne(mention: FetchedMention, platform: Platform, self: { id: string; handle: string }, deps: AnswerDeps): Promise<string> {
  const { config, log } = deps;
  const ledgerKey = `reply-${mention.replyToId}`;
  if ((await deps.ledger.get(ledgerKey, platform)) || (await deps.queue.has(platform, ledgerKey))) return 'already-answered';
  const decision = decideReply(mention, {
    self,
    channels: config.officialChannels,
    templates: config.replyTemplates,
    checkUrl: config.publicPage?.replyCheckUrl,
  });
  if (!decision.reply) {
    deps.metrics.mentionsSkippedTotal.inc({ platform, reason: decision.why });
    if (decision.why === 'lookalike-author') {
      // Never answer an impersonator: a reply under its post would lend it the official account's voice.
      log.warn({ platform, mentionId: mention.replyToId, authorId: mention.author.id }, 'mention from a lookalike of an official account: not answered');
    }
    return decision.why;
  }
  const limits = { now: deps.clock.now(), cooldownMs: config.mentions.replyCooldownMs, maxPerHour: config.mentions.maxRepliesPerHour };
  const claim = await deps.replies.claim(platform, mention.author.id, `${platform}-${mention.replyToId}`, limits);
  if (claim !== 'ok') {
    log.info({ platform, mentionId: mention.replyToId, why: claim }, 'mention not answered');
    return claim;
  }
  const verdict = decision.verdict.verdict;
  await deps.queue.reply(platform, {
    ledgerKey,
    mentionId: mention.replyToId,
    text: decision.text,
    inReplyToId: mention.replyToId,
    ...(mention.threadRef === undefined ? {} : { threadRef: mention.threadRef }),
    visibility: decision.visibility,
    verdict,
  });
  deps.metrics.mentionRepliesTotal.inc({ platform, verdict });
  log.info({ platform, mentionId: mention.replyToId, verdict, language: decision.language }, 'answering a mention');
  return 'replied';
}
