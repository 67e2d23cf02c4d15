import type { ConfigFingerprint, LiveInstance } from '../../domain/config-fingerprint.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ConfigFingerprints, FingerprintClaim, FingerprintHeartbeat } from '../../ports/config-fingerprints.ts';
import { copyValue } from './copy-value.ts';

export class MemoryConfigFingerprints implements ConfigFingerprints {
  readonly #clock: Clock;
  #recorded: ConfigFingerprint | undefined;
  readonly #live = new Map<string, { fingerprint: ConfigFingerprint; expiresAt: number }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  #purge(): void {
    const now = this.#clock.now();
    for (const [instance, entry] of this.#live) if (entry.expiresAt <= now) this.#live.delete(instance);
  }

  #hold(instance: string, fingerprint: ConfigFingerprint, ttlMs: number): void {
    this.#live.set(instance, { fingerprint: copyValue(fingerprint), expiresAt: this.#clock.now() + ttlMs });
  }

  async claim(instance: string, fingerprint: ConfigFingerprint, ttlMs: number): Promise<FingerprintClaim> {
    this.#purge();
    const others = [...this.#live].filter(([id]) => id !== instance).map(([, e]) => e.fingerprint);
    const differing = others.filter((f) => f.hash !== fingerprint.hash);
    if (differing.length > 0) return { kind: 'refused', differing: differing.length, theirs: copyValue(differing[0]!) };
    const previous = this.#recorded;
    this.#hold(instance, fingerprint, ttlMs);
    this.#recorded = copyValue(fingerprint);
    if (previous?.hash === fingerprint.hash) return { kind: 'joined', live: others.length };
    return previous === undefined ? { kind: 'took-over', live: others.length } : { kind: 'took-over', live: others.length, previous };
  }

  async heartbeat(instance: string, fingerprint: ConfigFingerprint, ttlMs: number): Promise<FingerprintHeartbeat> {
    this.#purge();
    if (this.#recorded !== undefined && this.#recorded.hash !== fingerprint.hash) {
      this.#live.delete(instance);
      return { kind: 'replaced', current: copyValue(this.#recorded) };
    }
    this.#recorded ??= copyValue(fingerprint);
    this.#hold(instance, fingerprint, ttlMs);
    return { kind: 'ok' };
  }

  async leave(instance: string): Promise<void> {
    this.#live.delete(instance);
  }

  async inspect(): Promise<{ recorded?: ConfigFingerprint; live: LiveInstance[] }> {
    const now = this.#clock.now();
    const live = [...this.#live].filter(([, e]) => e.expiresAt > now).map(([instance, e]) => ({ instance, hash: e.fingerprint.hash }));
    return this.#recorded === undefined ? { live } : { recorded: copyValue(this.#recorded), live };
  }
}
