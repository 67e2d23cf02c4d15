import type { AuditLog } from './audit-log.ts';
import type { ConfigFingerprints } from './config-fingerprints.ts';
import type { FeedStates } from './feed-states.ts';
import type { ItemCatalog } from './item-catalog.ts';
import type { MentionCursor } from './mention-cursor.ts';
import type { PlatformState } from './platform-state.ts';
import type { PostLedger } from './post-ledger.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { ReplyGuard } from './reply-guard.ts';
import type { RepostGuard } from './repost-guard.ts';
import type { SeenItems } from './seen-items.ts';
import type { SpendMeter } from './spend-meter.ts';
import type { SessionStore } from './session-store.ts';

/** Every storage port, as one adapter family (Redis, or memory) provides them. */
export interface Stores {
  items: SeenItems & ItemCatalog;
  ledger: PostLedger;
  feeds: FeedStates;
  platforms: PlatformState;
  mentions: MentionCursor;
  replies: ReplyGuard;
  reposts: RepostGuard;
  /** Per-client token buckets (the public check). */
  rateLimits: RateLimiter;
  spend: SpendMeter;
  audit: AuditLog;
  sessions: SessionStore;
  /** The prefix's configuration fingerprint and the live instances holding one. */
  fingerprints: ConfigFingerprints;
}
