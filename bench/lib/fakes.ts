import type http from 'node:http';
import { DEFAULT_MASTODON_FOOTER, DEFAULT_X_FOOTER } from '../../config/defaults.ts';
import { DEFAULT_MASTODON_TOKEN, type FakeMastodon, startFakeMastodon } from '../../test/fakes/fake-mastodon.ts';
import { type FakeX, startFakeX } from '../../test/fakes/fake-x.ts';
import { type Summary, summarize } from './stats.ts';

export type { FakeMastodon, FakeX };

const NO_LIMIT = 1_000_000_000;

/**
 * test/fakes/fake-server.ts sets `keepAliveTimeout = 1000` and so answers `Keep-Alive:
 * timeout=1`; Node's HTTP clients (undici's fetch, which masto uses, and http.Agent, which
 * twitter-api-v2 uses) subtract a safety margin of a second or more from that hint and never
 * reuse the connection: every request would open a new TCP connection. Real X and Mastodon
 * keep connections open for a minute or more, so the benchmarks give the fakes' server (a
 * private field of the shared base, reached here without changing test/) a 60 s keep-alive.
 */
export const FAKE_KEEP_ALIVE_MS = 60_000;

const connections = new WeakMap<FakeX | FakeMastodon, { count: number }>();

function keepConnections<T extends FakeX | FakeMastodon>(fake: T): T {
  const server = (fake as unknown as { server?: http.Server }).server;
  const counter = { count: 0 };
  connections.set(fake, counter);
  if (server) {
    server.keepAliveTimeout = FAKE_KEEP_ALIVE_MS;
    server.on('connection', () => {
      counter.count += 1;
    });
  }
  return fake;
}

/** TCP connections the fake has accepted so far. */
export function connectionsAccepted(fake: FakeX | FakeMastodon): number {
  return connections.get(fake)?.count ?? Number.NaN;
}

/**
 * The fake X, answering at once and never rate limiting: its 15-minute and 24-hour windows are
 * made large enough that no response reports "0 calls left" (Herald would pause X on that);
 * connections kept alive (see FAKE_KEEP_ALIVE_MS).
 */
export async function startFastX(): Promise<FakeX> {
  return keepConnections(await startFakeX({ enforceRateLimits: false, rateLimit: { limit: NO_LIMIT, userDayLimit: NO_LIMIT, appDayLimit: NO_LIMIT } }));
}

/** The fake Mastodon, answering at once and never rate limiting. */
export async function startFastMastodon(): Promise<FakeMastodon> {
  return keepConnections(await startFakeMastodon({ enforceRateLimits: false, rateLimit: { limit: NO_LIMIT, writeLimit: NO_LIMIT } }));
}

/** The environment that makes Herald post live to the two fakes. */
export function liveEnv(x: FakeX, mastodon: FakeMastodon): Record<string, string> {
  return {
    ALLOW_INSECURE_APIS: 'true',
    X_API_BASE_URL: x.url,
    X_APP_KEY: 'bench-app-key',
    X_APP_SECRET: 'bench-app-secret',
    X_ACCESS_TOKEN: 'bench-access-token',
    X_ACCESS_SECRET: 'bench-access-secret',
    MASTODON_URL: mastodon.url,
    MASTODON_ACCESS_TOKEN: DEFAULT_MASTODON_TOKEN,
  };
}

/** A post as Herald writes it (title, link, footer), so the fakes do the same work as for Herald's. */
export function postText(n: number, platform: 'x' | 'mastodon', tag: string): string {
  const footer = platform === 'x' ? DEFAULT_X_FOOTER : DEFAULT_MASTODON_FOOTER;
  return `Round-trip probe ${tag} ${n}\n\nhttps://session.foundation/blog/${tag}-${n}\n\n${footer}`;
}

/**
 * The fake's own round trip: `count` sequential POSTs straight to it with fetch (keep-alive),
 * with the headers it requires. The floor any client of the fake pays, Herald included.
 */
export async function directPostRoundTrips(fake: FakeX | FakeMastodon, platform: 'x' | 'mastodon', count: number, tag: string): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const text = postText(i, platform, tag);
    const start = performance.now();
    const response =
      platform === 'x'
        ? await fetch(`${fake.url}/2/tweets`, {
            method: 'POST',
            headers: {
              authorization: 'OAuth oauth_consumer_key="bench-app-key", oauth_token="bench-access-token", oauth_signature="probe"',
              'content-type': 'application/json',
            },
            body: JSON.stringify({ text }),
          })
        : await fetch(`${fake.url}/api/v1/statuses`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${DEFAULT_MASTODON_TOKEN}`,
              'content-type': 'application/json',
              'idempotency-key': `probe-${tag}-${i}`,
            },
            body: JSON.stringify({ status: text, visibility: 'public' }),
          });
    await response.arrayBuffer();
    samples.push(performance.now() - start);
    if (response.status >= 300) throw new Error(`direct POST to the fake ${platform} answered ${response.status}`);
  }
  return summarize(samples);
}
