import type { Logger } from 'pino';
import type { Config } from '../../config/load-config.ts';
import type { Platform } from '../domain/platform.ts';
import { MastodonMentionSource } from './mastodon/mastodon-mention-source.ts';
import { XMentionSource } from './x/x-mention-source.ts';
import type { MentionSource } from '../ports/mention-source.ts';
import type { Publisher } from '../ports/publisher.ts';
import type { SessionStore } from '../ports/session-store.ts';
import type { RecordSpend } from '../ports/spend-meter.ts';
import { BlueskyConnection } from './bluesky/bluesky-connection.ts';
import { BlueskyMentionSource } from './bluesky/bluesky-mention-source.ts';
import { BlueskyPublisher } from './bluesky/bluesky-publisher.ts';
import { DryRunPublisher } from './dry-run-publisher.ts';
import { MemorySessionStore } from './memory/memory-session-store.ts';
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
  /** Keeps Bluesky's login between runs (Redis in the service; in memory for a one-off command). */
  sessions?: SessionStore;
}

/** Bluesky with its identifier and app password (the library loads at its first call), else a dry run. */
function createBluesky(config: Config, log: Logger, sessions: SessionStore, stopSignal?: AbortSignal): Publisher {
  const { identifier, appPassword, service, dryRun } = config.bluesky;
  if (dryRun || identifier === undefined || appPassword === undefined) return new DryRunPublisher('bluesky', log);
  const connection = new BlueskyConnection({ service, identifier, appPassword }, { sessions, timeoutMs: config.httpTimeoutMs, stopSignal, log });
  return new BlueskyPublisher(connection, {
    channels: config.officialChannels,
    footer: config.bluesky.footer,
    thumbnails: { officialDomains: config.officialDomains, allowInsecure: config.feed.allowInsecure, timeoutMs: config.httpTimeoutMs },
    log,
  });
}

/**
 * A real publisher per platform with credentials, a dry run otherwise (or with DRY_RUN=true),
 * and a mention source for each live one.
 */
export function createPlatforms(config: Config, log: Logger, options: PlatformOptions = {}): Platforms {
  const { stopSignal, recordSpend, sessions = new MemorySessionStore() } = options;
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
  const bluesky = createBluesky(config, log, sessions, stopSignal);
  const mentionSources: Platforms['mentionSources'] = {};
  if (x instanceof XPublisher) mentionSources.x = new XMentionSource(x);
  if (mastodon instanceof MastodonPublisher) mentionSources.mastodon = new MastodonMentionSource(mastodon);
  if (bluesky instanceof BlueskyPublisher) mentionSources.bluesky = new BlueskyMentionSource(bluesky.connection);
  return { publishers: { x, mastodon, bluesky }, mentionSources };
}
