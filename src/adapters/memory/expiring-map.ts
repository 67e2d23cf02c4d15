import type { Clock } from '../../ports/clock.ts';

/** Values that expire on the given clock, like Redis keys with a time to live. */
export class ExpiringMap<V> {
  readonly #clock: Clock;
  readonly #values = new Map<string, { value: V; expiresAt: number }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get(key: string): V | undefined {
    const found = this.#values.get(key);
    if (found === undefined) return undefined;
    if (found.expiresAt <= this.#clock.now()) {
      this.#values.delete(key);
      return undefined;
    }
    return found.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V, ttlMs = Number.POSITIVE_INFINITY): void {
    this.#values.set(key, { value, expiresAt: this.#clock.now() + ttlMs });
  }

  delete(key: string): void {
    this.#values.delete(key);
  }
}
