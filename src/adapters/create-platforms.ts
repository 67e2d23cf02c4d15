import type { Logger } from 'pino';
import type { Config } from '../../config/load-config.ts';
import type { Platform } from '../domain/platform.ts';
import { MastodonMentionSource } from './mastodon/mastodon-mention-source.ts';
import { XMentionSource } from './x/x-mention-source.ts';
import type { MentionSource } from '../ports/mention-source.ts';
import type { Publisher } from '../ports/publisher.ts';
import type { RecordSpend } from '../ports/spend-meter.ts';
import { DryRunPublisher } from './dry-run-publisher.ts';
import { createMastodonClient, MastodonPublisher } from './mastodon/mastodon-publisher.ts';
import { createXClient, XPublisher } from './x/x-publisher.ts';

export interface Platforms {
  publishers: Record<Platform, Publisher>;
  /** Mentions are read only where the platform is live (a dry run has no credentials to read with). */
  mentionSources: Partial<Record<Platform, MentionSource>>;
}

export interface PlatformOptions {
  /** Aborts calls in flight when the service stops (their jobs then retry later). */
  stopSignal?: AbortSignal;
  /** Where X's billable calls are counted (the spend meter). */
  recordSpend?: RecordSpend;
}

/**
 * A real publisher per platform with credentials, a dry run otherwise (or with DRY_RUN=true),
 * and a mention source for each live one.
 */
export function createPlatforms(config: Config, log: Logger, options: PlatformOptions = {}): Platforms {
  const { stopSignal, recordSpend } = options;
  const timeoutMs = config.httpTimeoutMs;
  const x =
    config.x.dryRun || config.x.credentials === undefined
      ? new DryRunPublisher('x', log)
      : new XPublisher(createXClient(config.x.credentials, config.x.baseUrl, timeoutMs, stopSignal), recordSpend);
  const { url, accessToken } = config.mastodon;
  const mastodon =
    config.mastodon.dryRun || url === undefined || accessToken === undefined
      ? new DryRunPublisher('mastodon', log)
      : new MastodonPublisher(createMastodonClient(url, accessToken, timeoutMs, stopSignal), { url, accessToken, timeoutMs });
  const mentionSources: Platforms['mentionSources'] = {};
  if (x instanceof XPublisher) mentionSources.x = new XMentionSource(x);
  if (mastodon instanceof MastodonPublisher) mentionSources.mastodon = new MastodonMentionSource(mastodon);
  return { publishers: { x, mastodon }, mentionSources };
}
