import type { Config } from '../../../config/load-config.ts';
import type { FeedFetcher, FeedValidators, FetchedFeed } from '../../ports/feed-fetcher.ts';
import { FeedFetchError, fetchFeed } from './fetch-feed.ts';

/** Sent with every feed request, so site operators can identify and contact the bot. */
export const USER_AGENT = 'Herald/0.1 (+https://session.foundation; announcement bot)';

/** Feeds over HTTP with the configured deadline, byte cap, 5 redirects and https-only rule. */
export function createFeedFetcher(feed: Config['feed'], userAgent = USER_AGENT): FeedFetcher {
  const options = { timeoutMs: feed.timeoutMs, maxBytes: feed.maxBytes, maxRedirects: 5, allowInsecure: feed.allowInsecure, userAgent };
  return {
    async fetch(feedUrl: string, validators: FeedValidators): Promise<FetchedFeed> {
      try {
        const fetched = await fetchFeed(feedUrl, validators, options);
        return fetched.kind === 'fetched' ? { kind: 'fetched', body: fetched.body, validators: fetched.validators, pacing: fetched.pacing } : fetched;
      } catch (error) {
        if (error instanceof FeedFetchError) return { kind: 'failed', reason: error.reason, message: error.message, pacing: error.pacing };
        throw error;
      }
    },
  };
}
