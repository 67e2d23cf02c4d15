import type { Platform } from '../domain/platform.ts';
import type { PlatformPause } from '../domain/platform-pause.ts';

/** What holds a platform back: an operator's kill switch, and the platform's own rate limit. */
export interface PlatformState {
  /** The kill switch, if an operator has paused the platform (survives restarts). */
  pauseOf(platform: Platform): Promise<PlatformPause | undefined>;
  /** Sets the kill switch, or lifts it with `undefined`. */
  setPause(platform: Platform, pause: PlatformPause | undefined): Promise<void>;
  /** Until when (epoch ms) the platform's rate limit holds Herald back, for status; forgotten once past. */
  rateLimitedUntil(platform: Platform): Promise<number | undefined>;
  setRateLimitedUntil(platform: Platform, until: number): Promise<void>;
}
