import type { Redis } from 'ioredis';
import type { Platform } from '../../domain/platform.ts';
import type { ReplyClaim, ReplyGuard, ReplyLimits } from '../../ports/reply-guard.ts';
import { redisKey } from './redis-key.ts';

/**
 * One script, so the check and the count are atomic across replicas: the author's cooldown
 * (`reply-cooldown:<platform>:<author>`, expiring) and the replies of the last hour, all
 * platforms together (`replies-last-hour`, a sorted set by time).
 */
const CLAIM_REPLY = `
if redis.call('exists', KEYS[1]) == 1 then return 'cooldown' end
redis.call('zremrangebyscore', KEYS[2], '-inf', tonumber(ARGV[1]) - 3600000)
if redis.call('zcard', KEYS[2]) >= tonumber(ARGV[3]) then return 'hourly-cap' end
redis.call('zadd', KEYS[2], ARGV[1], ARGV[4])
redis.call('set', KEYS[1], '1', 'PX', ARGV[2])
return 'ok'`;

export class RedisReplyGuard implements ReplyGuard {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async claim(platform: Platform, authorId: string, mentionKey: string, limits: ReplyLimits): Promise<ReplyClaim> {
    return (await this.#redis.eval(
      CLAIM_REPLY,
      2,
      redisKey(this.#prefix, 'reply-cooldown', platform, authorId),
      redisKey(this.#prefix, 'replies-last-hour'),
      String(limits.now),
      String(Math.max(1, Math.round(limits.cooldownMs))),
      String(limits.maxPerHour),
      mentionKey,
    )) as ReplyClaim;
  }
}
