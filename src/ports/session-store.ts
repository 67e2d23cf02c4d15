import type { Platform } from '../domain/platform.ts';

/**
 * A platform's login session (Bluesky: the access and refresh tokens), kept between runs and
 * shared by every replica, so a restart or a second replica refreshes it instead of logging in
 * again (Bluesky allows 30 logins per 5 minutes and 300 a day per account). The value is opaque
 * to the store and a secret: it is never logged or shown.
 */
export interface SessionStore {
  /** The session last saved for this account, if any. */
  get(platform: Platform, account: string): Promise<string | undefined>;
  set(platform: Platform, account: string, session: string): Promise<void>;
}
