import { createRequire } from 'node:module';
import type * as Masto from 'masto';
import type * as TwitterApiV2 from 'twitter-api-v2';

/**
 * The platform libraries, loaded at their first use rather than at start: a dry run (or a
 * configuration without X or Mastodon) never loads them. Synchronous (twitter-api-v2 is
 * CommonJS; masto is ESM without top-level await, which Node 24's require() loads), so the
 * publishers and their callers stay synchronous. test/e2e/lazy-load.test.ts holds it.
 */
const require = createRequire(import.meta.url);

function once<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

export const loadTwitterApiV2 = once(() => require('twitter-api-v2') as typeof TwitterApiV2);
export const loadMasto = once(() => require('masto') as typeof Masto);
