import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { type FakeMastodon, type FakeMastodonOptions, startFakeMastodon } from '../fakes/fake-mastodon.ts';
import { type FakeX, type FakeXOptions, startFakeX } from '../fakes/fake-x.ts';
import { cleanupPrefix, testPrefix } from './redis-prefix.ts';
import { testEnvironment } from './test-environment.ts';

/** Credentials the fakes accept; tests that hunt for leaks use their own. */
export const TEST_X_CREDENTIALS = {
  X_APP_KEY: 'test-app-key',
  X_APP_SECRET: 'test-app-secret',
  X_ACCESS_TOKEN: 'test-access-token',
  X_ACCESS_SECRET: 'test-access-secret',
};

/** A fake feed, X and Mastodon on 127.0.0.1, and a Redis prefix of the test's own. */
export interface FakeWorld {
  feed: FakeFeed;
  x: FakeX;
  mastodon: FakeMastodon;
  prefix: string;
  /** Herald's environment pointed at the fakes (feed `/rss.xml`), with fast test settings. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Closes the fakes and deletes the prefix's keys. */
  close(): Promise<void>;
}

export async function startFakeWorld(options: { x?: FakeXOptions; mastodon?: FakeMastodonOptions } = {}): Promise<FakeWorld> {
  const prefix = testPrefix();
  const [feed, x, mastodon] = await Promise.all([startFakeFeed(), startFakeX(options.x), startFakeMastodon(options.mastodon)]);
  return {
    feed,
    x,
    mastodon,
    prefix,
    env: (extra = {}) =>
      testEnvironment(prefix, {
        FEED_URLS: feed.feedUrl('/rss.xml'),
        X_API_BASE_URL: x.url,
        ...TEST_X_CREDENTIALS,
        MASTODON_URL: mastodon.url,
        MASTODON_ACCESS_TOKEN: mastodon.accessToken,
        ...extra,
      }),
    close: async () => {
      await Promise.all([feed.close(), x.close(), mastodon.close()]);
      await cleanupPrefix(prefix);
    },
  };
}
