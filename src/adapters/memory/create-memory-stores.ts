import type { Clock } from '../../ports/clock.ts';
import type { Stores } from '../../ports/stores.ts';
import { MemoryAuditLog } from './memory-audit-log.ts';
import { MemoryConfigFingerprints } from './memory-config-fingerprints.ts';
import { MemoryFeedStates } from './memory-feed-states.ts';
import { MemoryItemStore } from './memory-item-store.ts';
import { MemoryMentionCursor } from './memory-mention-cursor.ts';
import { MemoryPlatformState } from './memory-platform-state.ts';
import { MemoryPostLedger } from './memory-post-ledger.ts';
import { MemoryRateLimiter } from './memory-rate-limiter.ts';
import { MemoryReplyGuard } from './memory-reply-guard.ts';
import { MemoryRepostGuard } from './memory-repost-guard.ts';
import { MemorySpendMeter } from './memory-spend-meter.ts';
import { MemorySessionStore } from './memory-session-store.ts';

/** Every store in memory, timed by `clock`: what the unit tests of the core run on. */
export function createMemoryStores(clock: Clock): Stores {
  return {
    items: new MemoryItemStore(),
    ledger: new MemoryPostLedger(),
    feeds: new MemoryFeedStates(clock),
    platforms: new MemoryPlatformState(clock),
    mentions: new MemoryMentionCursor(clock),
    replies: new MemoryReplyGuard(clock),
    reposts: new MemoryRepostGuard(clock),
    rateLimits: new MemoryRateLimiter(clock),
    spend: new MemorySpendMeter(),
    audit: new MemoryAuditLog(),
    sessions: new MemorySessionStore(),
    fingerprints: new MemoryConfigFingerprints(clock),
  };
}
