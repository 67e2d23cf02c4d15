import type { Platform } from './platform.ts';

/**
 * What a platform said about Herald's credentials (`herald doctor`, the start-up check and the
 * `/readyz` detail). `failed` always carries a `fix` in words, naming the variable to change.
 */
export interface CredentialReport {
  platform: Platform;
  state: 'ok' | 'failed' | 'dry-run';
  /** The account the credentials act for, as the platform names it (`@SessionTechFND`, `session@mastodon.social`). */
  account?: string;
  /** Whether the credentials may post (X: the `x-access-level` header; Mastodon: the app's scopes). */
  canWrite?: boolean;
  /** Mastodon: the app's scopes. */
  scopes?: string[];
  detail: string;
  fix?: string;
  /** The platform's `Date` header and this machine's clock when it arrived (epoch ms), for the clock check. */
  clock?: { server: number; local: number };
}

/** A deletion asked for: done now, or the post was already gone (a retry after a lost answer). */
export type RemovalResult = 'removed' | 'already-gone';
