import type { Config } from '../../../config/load-config.ts';
import type { PlatformPause } from '../../domain/platform-pause.ts';
import { PLATFORMS } from '../../domain/platform.ts';
import { redactUrl, redactUrlsIn } from '../../domain/redact-url.ts';
import type { FeedStates } from '../../ports/feed-states.ts';
import type { PlatformState } from '../../ports/platform-state.ts';
import { feedId } from '../announce/feed-id.ts';
import type { CredentialState } from './check-credentials-at-start.ts';

export interface Readiness {
  ready: boolean;
  reason?: string;
  detail: Record<string, unknown>;
}

export interface ReadinessDeps {
  config: Pick<Config, 'feedUrls'>;
  platforms: Pick<PlatformState, 'pauseOf'>;
  feeds: Pick<FeedStates, 'get'>;
  /** False until the service has connected and started its workers. */
  started(): boolean;
  /** Why this instance stood down (another configuration replaced its own on the prefix), if it did. */
  conflict?: () => string | undefined;
  /** Whether the store answers (within a short deadline). */
  storeReachable(): Promise<boolean>;
  /** Names of the workers that are not running. */
  stoppedWorkers(): string[];
  /** Each platform's credential state from the start-up check. */
  credentials?: () => Record<string, CredentialState>;
}

/**
 * `/readyz`: ready once started, the store answers and every worker runs; the detail names
 * paused platforms, failing feeds and each platform's credential state (ready still: the
 * service is doing what it was told).
 */
export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const credentials = deps.credentials?.() ?? {};
  if (!deps.started()) return { ready: false, reason: 'starting (waiting for Redis)', detail: { credentials } };
  const conflict = deps.conflict?.();
  if (conflict !== undefined) return { ready: false, reason: conflict, detail: { credentials } };
  if (!(await deps.storeReachable())) return { ready: false, reason: 'redis unreachable', detail: { credentials } };
  const stopped = deps.stoppedWorkers();
  if (stopped.length > 0) return { ready: false, reason: `workers not running: ${stopped.join(', ')}`, detail: { credentials } };
  const paused: Record<string, PlatformPause> = {};
  for (const platform of PLATFORMS) {
    const pause = await deps.platforms.pauseOf(platform);
    if (pause) paused[platform] = pause;
  }
  const failingFeeds = [];
  for (const url of deps.config.feedUrls) {
    const state = await deps.feeds.get(feedId(url));
    if (state.consecutiveFailures > 0) {
      failingFeeds.push({ url: redactUrl(url), failures: state.consecutiveFailures, lastError: state.lastError && redactUrlsIn(state.lastError), nextAttemptAt: state.nextAttemptAt });
    }
  }
  return { ready: true, detail: { paused, failingFeeds, credentials } };
}
