import type { Platform } from '../../domain/platform.ts';
import type { PlatformPause } from '../../domain/platform-pause.ts';
import type { Clock } from '../../ports/clock.ts';
import type { PlatformState } from '../../ports/platform-state.ts';
import { copyValue } from './copy-value.ts';
import { ExpiringMap } from './expiring-map.ts';

export class MemoryPlatformState implements PlatformState {
  readonly #clock: Clock;
  readonly #pauses = new Map<Platform, PlatformPause>();
  readonly #limited: ExpiringMap<number>;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.#limited = new ExpiringMap(clock);
  }

  async pauseOf(platform: Platform): Promise<PlatformPause | undefined> {
    const pause = this.#pauses.get(platform);
    return pause && copyValue(pause);
  }

  async setPause(platform: Platform, pause: PlatformPause | undefined): Promise<void> {
    if (pause) this.#pauses.set(platform, copyValue(pause));
    else this.#pauses.delete(platform);
  }

  async rateLimitedUntil(platform: Platform): Promise<number | undefined> {
    return this.#limited.get(platform);
  }

  async setRateLimitedUntil(platform: Platform, until: number): Promise<void> {
    this.#limited.set(platform, until, Math.max(1, until - this.#clock.now()));
  }
}
