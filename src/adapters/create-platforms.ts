import type { Logger } from 'pino';
import type { Config } from '../../config/load-config.ts';
import type { Platform } from '../domain/platform.ts';
import { MastodonMentionSource } from './mastodon/mastodon-mention-source.ts';
import { XMentionSource } from './x/x-mention-source.ts';
import type { MentionSource } from '../ports/mention-source.ts';
import type { Publisher } from '../ports/publisher.ts';
import { DryRunPublisher } from './dry-run-publisher.ts';
import { createMastodonClient, MastodonPublisher } from './mastodon/mastodon-publisher.ts';
import { createXClient, XPublisher } from './x/x-publisher.ts';

export interface Platforms {
  publishers: Record<Platform, Publisher>;
  /** Mentions are read only where the platform is live (a dry run has no credentials to read with). */
  mentionSources: Partial<Record<Platform, MentionSource>>;
}

/**
 * A real publisher per platform with credentials, a dry run otherwise (or with DRY_RUN=true),
 * and a mention source for each live one. `stopSignal` aborts calls in flight when the service
 * stops (their jobs then retry later).
 */
export function createPlatforms(config: Config, log: Logger, stopSignal?: AbortSignal): Platforms {
  const x =
    config.x.dryRun || config.x.credentials === undefined
      ? new DryRunPublisher('x', log)
      : new XPublisher(createXClient(config.x.credentials, config.x.baseUrl, config.httpTimeoutMs, stopSignal));
  const mastodon =
    config.mastodon.dryRun || config.mastodon.url === undefined || config.mastodon.accessToken === undefined
      ? new DryRunPublisher('mastodon', log)
      : new MastodonPublisher(createMastodonClient(config.mastodon.url, config.mastodon.accessToken, config.httpTimeoutMs, stopSignal));
  const mentionSources: Platforms['mentionSources'] = {};
  if (x instanceof XPublisher) mentionSources.x = new XMentionSource(x);
  if (mastodon instanceof MastodonPublisher) mentionSources.mastodon = new MastodonMentionSource(mastodon);
  return { publishers: { x, mastodon }, mentionSources };
}
