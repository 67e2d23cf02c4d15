import type { Platform } from '../../domain/platform.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ReplyClaim, ReplyGuard, ReplyLimits } from '../../ports/reply-guard.ts';
import { ExpiringMap } from './expiring-map.ts';

const HOUR_MS = 3_600_000;

export class MemoryReplyGuard implements ReplyGuard {
  readonly #cooldowns: ExpiringMap<true>;
  /** Time of each reply claimed, by mention key (all platforms together). */
  readonly #lastHour = new Map<string, number>();

  constructor(clock: Clock) {
    this.#cooldowns = new ExpiringMap(clock);
  }

  async claim(platform: Platform, authorId: string, mentionKey: string, limits: ReplyLimits): Promise<ReplyClaim> {
    const author = `${platform} ${authorId}`;
    if (this.#cooldowns.has(author)) return 'cooldown';
    for (const [key, at] of this.#lastHour) if (at <= limits.now - HOUR_MS) this.#lastHour.delete(key);
    if (this.#lastHour.size >= limits.maxPerHour) return 'hourly-cap';
    this.#lastHour.set(mentionKey, limits.now);
    this.#cooldowns.set(author, true, Math.max(1, Math.round(limits.cooldownMs)));
    return 'ok';
  }
}
