import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import { withDeadline } from '../src/adapters/with-deadline.ts';
import { claimPrefix, heartbeatPrefix, type PrefixClaim, type PrefixDeps } from '../src/core/operate/claim-prefix.ts';
import { configFingerprint } from '../src/core/operate/config-fingerprint.ts';
import type { ConfigFingerprint } from '../src/domain/config-fingerprint.ts';
import type { Clock } from '../src/ports/clock.ts';
import type { Stores } from '../src/ports/stores.ts';

/** A live instance's entry lasts this many heartbeats: one late heartbeat does not drop it. */
const HEARTBEATS_PER_TTL = 3;

export interface PrefixHold {
  fingerprint: ConfigFingerprint;
  claim: PrefixClaim;
  /** Why this instance stood down (its fingerprint was replaced on the prefix), else undefined. */
  conflict(): string | undefined;
  /** Stops the heartbeat and leaves the live instances (a graceful stop). */
  release(): Promise<void>;
}

/**
 * Claims the prefix for this configuration (throws PrefixConflictError when another one is
 * live), then heartbeats every INSTANCE_HEARTBEAT_SECONDS. When a heartbeat finds the prefix's
 * fingerprint replaced, the instance stands down once: `onReplaced` (the wiring pauses the
 * workers), /readyz reports the conflict, and every later heartbeat logs the error again.
 */
export async function holdPrefix(config: Config, stores: Stores, clock: Clock, log: Logger, onReplaced: () => void): Promise<PrefixHold> {
  const fingerprint = configFingerprint(config);
  const deps: PrefixDeps = {
    fingerprints: stores.fingerprints,
    audit: stores.audit,
    clock,
    prefix: config.prefix,
    instance: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    ttlMs: config.instanceHeartbeatMs * HEARTBEATS_PER_TTL,
    actor: 'herald-service',
  };
  const claim = await claimPrefix(fingerprint, deps);
  log.info({ prefix: config.prefix, fingerprint: fingerprint.hash, live: claim.live, instance: deps.instance }, claim.kind === 'joined' ? `joined ${claim.live} live instance(s) on prefix ${config.prefix} with the same configuration` : `configuration ${fingerprint.hash} recorded on prefix ${config.prefix}`);
  let conflict: string | undefined;
  let beating = false;
  const beat = async () => {
    if (beating) return;
    beating = true;
    try {
      const reason = conflict ?? (await heartbeatPrefix(fingerprint, deps));
      if (reason === undefined) return;
      if (conflict === undefined) onReplaced();
      conflict = reason;
      log.error({ prefix: config.prefix, fingerprint: fingerprint.hash }, reason);
    } catch (error) {
      log.warn({ error: (error as Error).message }, 'could not renew the configuration fingerprint (Redis unreachable?); retrying at the next heartbeat');
    } finally {
      beating = false;
    }
  };
  const timer = setInterval(beat, config.instanceHeartbeatMs);
  timer.unref();
  return {
    fingerprint,
    claim,
    conflict: () => conflict,
    release: async () => {
      clearInterval(timer);
      if (conflict === undefined) await withDeadline(deps.fingerprints.leave(deps.instance).catch(() => undefined), 500);
    },
  };
}
