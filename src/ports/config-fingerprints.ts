import type { ConfigFingerprint, LiveInstance } from '../domain/config-fingerprint.ts';

/**
 * What a starting instance learns when it claims the prefix:
 * - `joined`: the prefix already had this fingerprint (`live`: the other live instances);
 * - `took-over`: no live instance holds another fingerprint; this one is now the prefix's
 *   (`previous`: the one it replaced, absent on a new prefix);
 * - `refused`: `differing` live instances hold another fingerprint (`theirs`, one of them).
 */
export type FingerprintClaim =
  | { kind: 'joined'; live: number }
  | { kind: 'took-over'; live: number; previous?: ConfigFingerprint }
  | { kind: 'refused'; differing: number; theirs: ConfigFingerprint };

/** A running instance's heartbeat: still the prefix's fingerprint, or replaced by `current`. */
export type FingerprintHeartbeat = { kind: 'ok' } | { kind: 'replaced'; current: ConfigFingerprint };

/**
 * The prefix's configuration fingerprint and the instances that hold one. Instances are live
 * until `ttlMs` after their last claim or heartbeat; the claim is atomic (two instances starting
 * together cannot both win with different fingerprints).
 */
export interface ConfigFingerprints {
  claim(instance: string, fingerprint: ConfigFingerprint, ttlMs: number): Promise<FingerprintClaim>;
  /** Renews the instance's entry while the prefix's fingerprint is still its own; otherwise drops it. */
  heartbeat(instance: string, fingerprint: ConfigFingerprint, ttlMs: number): Promise<FingerprintHeartbeat>;
  /** Drops the instance's entry (a graceful stop), so a changed configuration need not wait for it to expire. */
  leave(instance: string): Promise<void>;
  /** The prefix's recorded fingerprint and the live instances, changing nothing. */
  inspect(): Promise<{ recorded?: ConfigFingerprint; live: LiveInstance[] }>;
}
