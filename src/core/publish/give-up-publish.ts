import type { Logger } from 'pino';
import { giveUp, isSettled } from '../../domain/ledger-entry.ts';
import type { Platform } from '../../domain/platform.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Metrics } from '../../ports/metrics.ts';
import type { PostLedger } from '../../ports/post-ledger.ts';

export interface GiveUpDeps {
  ledger: PostLedger;
  metrics: Metrics;
  log: Logger;
  clock: Clock;
}

/**
 * A publish failed for good (retries ran out, or a final error): the ledger says `failed`
 * with the command that tries again, unless it already settled (posted, or failed with the
 * hard stop's own reason).
 */
export async function giveUpPublish(
  ledgerKey: string,
  platform: Platform,
  failure: { attemptsMade: number; message: string },
  deps: GiveUpDeps,
): Promise<void> {
  deps.log.error({ ledgerKey, platform, error: failure.message }, 'publish failed for good');
  const entry = await deps.ledger.get(ledgerKey, platform);
  if (isSettled(entry)) return;
  deps.metrics.postsTotal.inc({ platform, outcome: 'failed' });
  const reason = `gave up after ${failure.attemptsMade} attempts: ${failure.message}. Run "herald retry ${ledgerKey} --platform ${platform}" once the cause is fixed.`;
  await deps.ledger.setUnlessRetracted(ledgerKey, platform, giveUp(entry, reason, deps.clock.now()));
}
