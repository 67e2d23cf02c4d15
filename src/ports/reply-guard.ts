import type { Platform } from '../domain/platform.ts';

export interface ReplyLimits {
  /** Epoch ms of the claim. */
  now: number;
  /** No second reply to the same author within this. */
  cooldownMs: number;
  /** Replies in any hour, all platforms together. */
  maxPerHour: number;
}

export type ReplyClaim = 'ok' | 'cooldown' | 'hourly-cap';

/** Keeps Herald from being turned into a spam cannon through its replies. */
export interface ReplyGuard {
  /**
   * Claims the right to answer `mentionKey` by `authorId`, atomically across replicas: refused
   * while the author is in the cooldown, or when the hourly cap is reached; otherwise counted.
   */
  claim(platform: Platform, authorId: string, mentionKey: string, limits: ReplyLimits): Promise<ReplyClaim>;
}
