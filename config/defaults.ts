/**
 * The Foundation's defaults. Every one of them can be overridden from the environment
 * (see `load-config.ts`); they live here so that a fresh `npm start` does the right thing.
 */

/** The Foundation's blog feed. */
export const DEFAULT_FEED_URLS = ['https://session.foundation/rss.xml'];

/**
 * The scam warning under every post on X. `@SessionTechFND` is safe here: on X a handle
 * always resolves to that one account.
 */
export const DEFAULT_X_FOOTER =
  '⚠️ Only trust updates from session.foundation or @SessionTechFND. Beware of impersonators.';

/**
 * The scam warning on Mastodon. An `@handle` there links to whichever account holds that
 * name on the instance (possibly an impersonator), so the X account is written as a URL.
 */
export const DEFAULT_MASTODON_FOOTER =
  '⚠️ Only trust updates from session.foundation or x.com/SessionTechFND. Beware of impersonators.';

/** Put before a manual repost so X does not reject it as duplicate content. */
export const DEFAULT_REPOST_PREFIX = 'Reminder:';
