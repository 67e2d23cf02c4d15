import type { Platform } from '../domain/platform.ts';

/** Where each platform's mention reading stands. */
export interface MentionCursor {
  /** The source's opaque cursor; undefined before the first check. */
  get(platform: Platform): Promise<string | undefined>;
  set(platform: Platform, cursor: string): Promise<void>;
  /** Until when (epoch ms) reading mentions is rate-limited; 0 when it is not. */
  readsBlockedUntil(platform: Platform): Promise<number>;
  blockReadsUntil(platform: Platform, until: number): Promise<void>;
}
