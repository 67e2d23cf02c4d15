import type { Logger } from 'pino';
import type { Config } from '../../config/load-config.ts';
import { DryRunPublisher } from '../publish/dry-run-publisher.ts';
import { createMastodonClient, MastodonPublisher } from '../publish/mastodon-publisher.ts';
import type { Publisher } from '../publish/publisher.ts';
import { createXClient, XPublisher } from '../publish/x-publisher.ts';
import type { Platform } from '../store/redis-store.ts';

/** A real publisher per platform with credentials, a dry run otherwise (or with DRY_RUN=true). */
/** `stopSignal` aborts calls in flight when the service stops (their jobs then retry later). */
export function createPublishers(config: Config, log: Logger, stopSignal?: AbortSignal): Record<Platform, Publisher> {
  const x =
    config.x.dryRun || config.x.credentials === undefined
      ? new DryRunPublisher('x', log)
      : new XPublisher(createXClient(config.x.credentials, config.x.baseUrl, config.httpTimeoutMs, stopSignal));
  const mastodon =
    config.mastodon.dryRun || config.mastodon.url === undefined || config.mastodon.accessToken === undefined
      ? new DryRunPublisher('mastodon', log)
      : new MastodonPublisher(
          createMastodonClient(config.mastodon.url, config.mastodon.accessToken, config.httpTimeoutMs, stopSignal),
        );
  return { x, mastodon };
}
