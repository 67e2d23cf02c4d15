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

/**
 * The scam warning on Bluesky: the Mastodon footer's wording. An `@handle` on Bluesky is a link
 * only when the post carries a mention facet for it, and one that does not resolve is plain text,
 * so the X account is written as a URL (Herald makes it and `session.foundation` link facets).
 */
export const DEFAULT_BLUESKY_FOOTER = DEFAULT_MASTODON_FOOTER;

/** Where Bluesky accounts log in: the bsky.social entryway (it sends each account on to its PDS). */
export const DEFAULT_BLUESKY_SERVICE = 'https://bsky.social';

/**
 * How often each feed is polled, in seconds. A poll that finds nothing new is one conditional
 * GET answered 304 (no body, no parse), so 30 s costs the Foundation's server almost nothing
 * and brings a new post's wait for the next poll down to 15 s on average. A feed's own
 * `Cache-Control: max-age` and `Retry-After` still set a floor under it (see poll-feed.ts).
 */
export const DEFAULT_FEED_POLL_SECONDS = 30;

/** Put before a manual repost so X does not reject it as duplicate content. */
export const DEFAULT_REPOST_PREFIX = 'Reminder:';
