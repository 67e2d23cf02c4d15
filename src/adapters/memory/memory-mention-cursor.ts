import type { Platform } from '../../domain/platform.ts';
import type { Clock } from '../../ports/clock.ts';
import type { MentionCursor } from '../../ports/mention-cursor.ts';
import { ExpiringMap } from './expiring-map.ts';

export class MemoryMentionCursor implements MentionCursor {
  readonly #clock: Clock;
  readonly #cursors = new Map<Platform, string>();
  readonly #blocked: ExpiringMap<number>;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.#blocked = new ExpiringMap(clock);
  }

  async get(platform: Platform): Promise<string | undefined> {
    return this.#cursors.get(platform);
  }

  async set(platform: Platform, cursor: string): Promise<void> {
    this.#cursors.set(platform, cursor);
  }

  async readsBlockedUntil(platform: Platform): Promise<number> {
    return this.#blocked.get(platform) ?? 0;
  }

  async blockReadsUntil(platform: Platform, until: number): Promise<void> {
    this.#blocked.set(platform, until, Math.max(1000, until - this.#clock.now()));
  }
}
