import type { Logger } from 'pino';
import type { Config } from '../../config/load-config.ts';
import type { ReplyJobData } from '../../jobs/queues.ts';
import { publishJobOptions, type Queues } from '../../jobs/queues.ts';
import { decideReply } from '../mentions/decide-reply.ts';
import type { Metrics } from '../metrics/create-metrics.ts';
import { HardStopError, RateLimitedError } from '../publish/publisher.ts';
import type { RedisStore } from '../store/redis-store.ts';
import type { MentionSource } from './mention-source.ts';

export interface AnswerDeps {
  config: Pick<Config, 'mentions' | 'officialChannels' | 'replyTemplates'>;
  store: RedisStore;
  queues: Queues;
  attempts: number;
  metrics: Metrics;
  log: Logger;
  now: () => number;
}

export interface AnswerResult {
  platform: string;
  fetched: number;
  replies: number;
  skipped: Record<string, number>;
  note?: string;
}

/**
 * Claims the right to reply, atomically across replicas: no reply to an author still in the
 * cooldown, and at most `max` replies in any hour (all platforms together).
 */
const CLAIM_REPLY = `
if redis.call('exists', KEYS[1]) == 1 then return 'cooldown' end
redis.call('zremrangebyscore', KEYS[2], '-inf', tonumber(ARGV[1]) - 3600000)
if redis.call('zcard', KEYS[2]) >= tonumber(ARGV[3]) then return 'hourly-cap' end
redis.call('zadd', KEYS[2], ARGV[1], ARGV[4])
redis.call('set', KEYS[1], '1', 'PX', ARGV[2])
return 'ok'`;

/**
 * One check of a platform's mentions: fetch what is new since the cursor, decide, claim
 * (cooldown, hourly cap) and put one reply job per mention on the platform's publish queue
 * (job id from the mention id: a second check never makes a second reply), then move the
 * cursor. Replies go through the same rate-limit and kill-switch machinery as posts.
 */
export async function answerMentions(source: MentionSource, deps: AnswerDeps): Promise<AnswerResult> {
  const { store, config, log } = deps;
  const platform = source.platform;
  const result: AnswerResult = { platform, fetched: 0, replies: 0, skipped: {} };
  const skip = (why: string) => {
    result.skipped[why] = (result.skipped[why] ?? 0) + 1;
  };
  if (await store.getPause(platform)) return { ...result, note: 'platform paused' };
  const readUntil = Number((await store.redis.get(store.key('mentions-read-until', platform))) ?? 0);
  if (readUntil > deps.now()) return { ...result, note: 'mention reads rate-limited' };

  const cursorKey = store.key('mentions-cursor', platform);
  const cursor = (await store.redis.get(cursorKey)) ?? undefined;
  let fetched: Awaited<ReturnType<MentionSource['fetchSince']>>;
  try {
    fetched = await source.fetchSince(cursor);
  } catch (error) {
    if (error instanceof RateLimitedError) {
      const until = error.resumeAt ?? deps.now() + 15 * 60_000;
      await store.redis.set(store.key('mentions-read-until', platform), String(until), 'PX', Math.max(1000, until - deps.now()));
      log.warn({ platform, until: new Date(until).toISOString() }, 'mention reads rate-limited: next check after the reset');
      return { ...result, note: 'rate-limited' };
    }
    if (error instanceof HardStopError) {
      log.error({ platform }, `cannot read mentions: ${error.message}`);
      return { ...result, note: error.message };
    }
    throw error;
  }
  if (cursor === undefined) {
    await store.redis.set(cursorKey, fetched.cursor);
    log.info({ platform }, 'first mention check: cursor set to now, older mentions are not answered');
    return { ...result, note: 'cursor initialised' };
  }

  const self = await source.self();
  result.fetched = fetched.mentions.length;
  for (const mention of fetched.mentions) {
    const ledgerKey = `reply-${mention.replyToId}`;
    const jobId = ledgerKey;
    const queue = deps.queues.publish[platform];
    if ((await store.getLedger(ledgerKey, platform)) || (await queue.getJob(jobId))) {
      skip('already-answered');
      continue;
    }
    const decision = decideReply(mention, { self, channels: config.officialChannels, templates: config.replyTemplates });
    if (!decision.reply) {
      skip(decision.why);
      deps.metrics.mentionsSkippedTotal.inc({ platform, reason: decision.why });
      if (decision.why === 'lookalike-author') {
        // Never answer an impersonator: any reply under its post would lend it the official account's voice.
        log.warn({ platform, mentionId: mention.replyToId, authorId: mention.author.id }, 'mention from a lookalike of an official account: not answered');
      }
      continue;
    }
    const claim = (await store.redis.eval(
      CLAIM_REPLY,
      2,
      store.key('reply-cooldown', platform, mention.author.id),
      store.key('replies-last-hour'),
      String(deps.now()),
      String(Math.round(config.mentions.replyCooldownMs)),
      String(config.mentions.maxRepliesPerHour),
      `${platform}-${mention.replyToId}`,
    )) as string;
    if (claim !== 'ok') {
      skip(claim);
      log.info({ platform, mentionId: mention.replyToId, why: claim }, 'mention not answered');
      continue;
    }
    const data: ReplyJobData = {
      kind: 'reply',
      ledgerKey,
      mentionId: mention.replyToId,
      text: decision.text,
      inReplyToId: mention.replyToId,
      visibility: decision.visibility,
      verdict: decision.verdict.verdict,
    };
    await queue.add('reply', data, publishJobOptions(jobId, deps.attempts));
    deps.metrics.mentionRepliesTotal.inc({ platform, verdict: decision.verdict.verdict });
    log.info({ platform, mentionId: mention.replyToId, verdict: decision.verdict.verdict, language: decision.language }, 'answering a mention');
    result.replies += 1;
  }
  await store.redis.set(cursorKey, fetched.cursor);
  return result;
}
