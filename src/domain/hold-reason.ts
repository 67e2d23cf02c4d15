/**
 * Why an item waits for a human (`herald approve` / `herald reject`) instead of going out:
 * - `offsite-link`: its link is not an official channel;
 * - `burst`: more new items at once than `BURST_LIMIT` (a re-keyed or hijacked feed);
 * - `text-link`: its title or summary carries something a platform would link (a URL, a bare
 *   domain, an account) that is not an official channel;
 * - `footer-like-text`: its title or summary imitates the scam warning ("Only trust updates from…").
 */
export type HoldReason = 'offsite-link' | 'burst' | 'text-link' | 'footer-like-text';
