import type { ConfigFingerprint } from '../../domain/config-fingerprint.ts';
import type { AuditLog } from '../../ports/audit-log.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ConfigFingerprints } from '../../ports/config-fingerprints.ts';
import { describeDifferences } from './config-fingerprint.ts';

/** Start-up refused: another configuration is live on the prefix (exit code 2, like a configuration error). */
export class PrefixConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrefixConflictError';
  }
}

export interface PrefixDeps {
  fingerprints: ConfigFingerprints;
  audit: AuditLog;
  clock: Clock;
  prefix: string;
  /** This process's name among the prefix's live instances. */
  instance: string;
  /** How long an entry stays live without a heartbeat. */
  ttlMs: number;
  /** Who the audit log names for a change (the service: `herald-service`). */
  actor: string;
}

export interface PrefixClaim {
  /** `joined` the live instances, or `took-over` the prefix (a new one, or a changed configuration). */
  kind: 'joined' | 'took-over';
  /** The other live instances with this configuration. */
  live: number;
  /**
   * The fingerprints whose schedules this instance may remove: its own; after a takeover also
   * the one it replaced and schedules stamped by none (written before fingerprints existed).
   */
  removable: ReadonlySet<string | undefined>;
}

/**
 * Claims the prefix for `fingerprint` before anything is scheduled or worked on: joins live
 * instances that agree, takes over when none that differs is live (the change goes to the audit
 * log), and otherwise refuses with one line naming the prefix, the settings and what to do.
 */
export async function claimPrefix(fingerprint: ConfigFingerprint, deps: PrefixDeps): Promise<PrefixClaim> {
  const claim = await deps.fingerprints.claim(deps.instance, fingerprint, deps.ttlMs);
  if (claim.kind === 'refused') {
    const settings = describeDifferences(fingerprint, claim.theirs).join(', ');
    throw new PrefixConflictError(
      `HERALD_PREFIX=${deps.prefix} is in use by ${claim.differing} live instance(s) with another configuration (differs in, this instance's vs theirs: ${settings}); ` +
        'stop those instances first (a changed configuration takes over once none of them is live), or give this one another HERALD_PREFIX.',
    );
  }
  if (claim.kind === 'joined') return { kind: 'joined', live: claim.live, removable: new Set([fingerprint.hash]) };
  const previous = claim.previous;
  await deps.audit.append({
    at: deps.clock.now(),
    actor: deps.actor,
    action: 'config-fingerprint',
    args: { prefix: deps.prefix, from: previous?.hash ?? null, to: fingerprint.hash, changed: previous === undefined ? [] : describeDifferences(previous, fingerprint) },
    outcome: 'ok',
    detail: previous === undefined ? `first configuration recorded on ${deps.prefix}` : `configuration of ${deps.prefix} changed`,
  });
  return { kind: 'took-over', live: claim.live, removable: new Set([fingerprint.hash, previous?.hash, undefined]) };
}

/**
 * One heartbeat: undefined while the prefix's fingerprint is still this instance's; otherwise
 * why this instance stands down (for /readyz and the error log).
 */
export async function heartbeatPrefix(fingerprint: ConfigFingerprint, deps: PrefixDeps): Promise<string | undefined> {
  const beat = await deps.fingerprints.heartbeat(deps.instance, fingerprint, deps.ttlMs);
  if (beat.kind === 'ok') return undefined;
  const settings = describeDifferences(fingerprint, beat.current).join(', ');
  return (
    `the configuration of HERALD_PREFIX=${deps.prefix} was replaced by another (${beat.current.hash}; differs in, this instance's vs the prefix's: ${settings}): ` +
    'this instance stopped taking jobs; stop it, or restart it with the configuration now live on the prefix'
  );
}
