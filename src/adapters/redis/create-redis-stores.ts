import type { Redis } from 'ioredis';
import type { Clock } from '../../ports/clock.ts';
import type { Stores } from '../../ports/stores.ts';
import { RedisAuditLog } from './redis-audit-log.ts';
import { RedisConfigFingerprints } from './redis-config-fingerprints.ts';
import { RedisFeedStates } from './redis-feed-states.ts';
import { RedisItemStore } from './redis-item-store.ts';
import { RedisMentionCursor } from './redis-mention-cursor.ts';
import { RedisPlatformState } from './redis-platform-state.ts';
import { RedisPostLedger } from './redis-post-ledger.ts';
import { RedisRateLimiter } from './redis-rate-limiter.ts';
import { RedisReplyGuard } from './redis-reply-guard.ts';
import { RedisRepostGuard } from './redis-repost-guard.ts';
import { RedisSpendMeter } from './redis-spend-meter.ts';
import { RedisSessionStore } from './redis-session-store.ts';

/** Herald's own state in Redis (apart from BullMQ's queues), every key under `prefix`. */
export function createRedisStores(redis: Redis, prefix: string, clock: Clock): Stores {
  return {
    items: new RedisItemStore(redis, prefix),
    ledger: new RedisPostLedger(redis, prefix),
    feeds: new RedisFeedStates(redis, prefix),
    platforms: new RedisPlatformState(redis, prefix, clock),
    mentions: new RedisMentionCursor(redis, prefix, clock),
    replies: new RedisReplyGuard(redis, prefix),
    reposts: new RedisRepostGuard(redis, prefix, clock),
    rateLimits: new RedisRateLimiter(redis, prefix, clock),
    spend: new RedisSpendMeter(redis, prefix),
    audit: new RedisAuditLog(redis, prefix),
    sessions: new RedisSessionStore(redis, prefix),
    fingerprints: new RedisConfigFingerprints(redis, prefix),
  };
}
