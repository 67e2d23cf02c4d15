import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedId } from '../../src/core/announce/feed-id.ts';
import { pollFeed } from '../../src/core/announce/poll-feed.ts';
import { auditAction } from '../../src/core/operate/audit-action.ts';
import { checkReadiness } from '../../src/core/operate/check-readiness.ts';
import { getStatus } from '../../src/core/operate/get-status.ts';
import { OperatorError } from '../../src/core/operate/operator-error.ts';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { type CoreWorld, coreWorld } from '../helpers/core-world.ts';

describe('feed URLs with credentials, as the core shows them', () => {
  let feed: FakeFeed;
  let world: CoreWorld;
  let feedUrl: string;

  beforeEach(async () => {
    feed = await startFakeFeed();
    feedUrl = `${feed.feedUrl('/rss.xml')}?access_token=tok123&page=2`;
    world = coreWorld({ FEED_URLS: feedUrl });
  });
  afterEach(() => feed.close());

  it('a failing poll: the log, metrics, status and readiness show *** and the state stays under the same feed id', async () => {
    feed.setFeed('/rss.xml', '<html>maintenance</html>', { contentType: 'text/html' });
    const failed = await pollFeed(feedUrl, world.poll);
    expect(failed.result).toBe('failed');
    expect(failed.feedUrl).toContain('access_token=***&page=2');
    // The feed's state is kept under the id of the URL as configured (keys unchanged by redaction).
    expect((await world.stores.feeds.get(feedId(feedUrl))).consecutiveFailures).toBe(1);
    const shown = JSON.stringify({
      failed,
      logs: world.logs,
      status: await getStatus(world.ctx),
      ready: await checkReadiness({ ...world.stores, config: world.config, started: () => true, storeReachable: async () => true, stoppedWorkers: () => [] }),
      metric: await world.metric(`herald_feed_errors_total{feed="${feedUrl.replace('tok123', '***')}",reason="not-xml"}`),
    });
    expect(shown).not.toContain('tok123');
    expect(shown).toContain('access_token=***');
    expect(shown).toContain('"metric":1');
  });

  it('the audit log keeps URLs in arguments and outcomes redacted', async () => {
    const secretUrl = 'https://user:s3cr3t@session.foundation/blog/x?sig=abc123';
    await expect(
      auditAction(world.ctx, 'repost', { item: secretUrl }, async () => {
        throw new OperatorError(`no item ${secretUrl}`);
      }),
    ).rejects.toThrow(OperatorError);
    const [entry] = await world.stores.audit.list();
    expect(entry).toMatchObject({ action: 'repost', outcome: 'refused', args: { item: 'https://***@session.foundation/blog/x?sig=***' }, detail: 'no item https://***@session.foundation/blog/x?sig=***' });
  });
});
