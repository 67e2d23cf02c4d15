/**
 * The settings that every instance on one HERALD_PREFIX must agree on (feeds, live or dry run per
 * platform, the accounts, footers, the official channels), each by the name an operator fixes it
 * under, with a value safe to show (never a secret), and `hash`, the short digest of them all.
 */
export interface ConfigFingerprint {
  hash: string;
  settings: Record<string, string>;
}

/** An instance that holds a fingerprint on the prefix while it heartbeats. */
export interface LiveInstance {
  instance: string;
  hash: string;
}
