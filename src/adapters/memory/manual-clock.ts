import type { Clock } from '../../ports/clock.ts';

/**
 * A clock that moves only when told: `advance(ms)`, or a `sleep(ms)` by the code under test
 * (which returns at once, the time moved on). For unit tests of anything that waits or expires.
 */
export class ManualClock implements Clock {
  #now: number;

  constructor(start = Date.parse('2026-03-02T10:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  async sleep(ms: number): Promise<void> {
    this.advance(ms);
  }

  advance(ms: number): void {
    this.#now += ms;
  }
}
