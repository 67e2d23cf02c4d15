import type { Platform } from '../../domain/platform.ts';
import type { Clock } from '../../ports/clock.ts';
import type { RepostGuard } from '../../ports/repost-guard.ts';
import { ExpiringMap } from './expiring-map.ts';

export class MemoryRepostGuard implements RepostGuard {
  readonly #marks: ExpiringMap<true>;

  constructor(clock: Clock) {
    this.#marks = new ExpiringMap(clock);
  }

  async claim(platform: Platform, itemId: string, windowMs: number, force: boolean): Promise<boolean> {
    const key = `${platform} ${itemId}`;
    const claimed = !this.#marks.has(key);
    if (claimed || force) this.#marks.set(key, true, windowMs);
    return claimed;
  }
}
