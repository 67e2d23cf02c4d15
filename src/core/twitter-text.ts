import { createRequire } from 'node:module';
import type TwitterText from 'twitter-text';

/**
 * twitter-text, loaded at its first use rather than at start: it brings core-js 2 polyfills and
 * @babel/runtime, some 8 MB of resident memory that an idle service (and every CLI command that
 * composes nothing) need not hold. A synchronous require (twitter-text is CommonJS), so its
 * callers stay synchronous. test/e2e/lazy-load.test.ts holds the laziness.
 */
let loaded: typeof TwitterText | undefined;
const load = (): typeof TwitterText => {
  loaded ??= createRequire(import.meta.url)('twitter-text') as typeof TwitterText;
  return loaded;
};

export const twitterText = {
  parseTweet: (text: string) => load().parseTweet(text),
  extractUrls: (text: string) => load().extractUrls(text),
  extractUrlsWithIndices: (text: string) => load().extractUrlsWithIndices(text),
  extractMentionsWithIndices: (text: string) => load().extractMentionsWithIndices(text),
};
