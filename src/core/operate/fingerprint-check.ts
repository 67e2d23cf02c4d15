import type { ConfigFingerprint } from '../../domain/config-fingerprint.ts';
import type { ConfigFingerprints } from '../../ports/config-fingerprints.ts';
import { describeDifferences } from './config-fingerprint.ts';
import type { CheckResult } from './run-doctor.ts';

const NAME = 'config fingerprint';

/**
 * `herald doctor`'s fingerprint line: whether this configuration could start on the prefix
 * now — it matches the live instances, or none is live (it would be recorded), or it differs
 * from live ones (✗, with the settings and the fix).
 */
export async function checkFingerprint(fingerprints: Pick<ConfigFingerprints, 'inspect'>, ours: ConfigFingerprint, prefix: string): Promise<CheckResult> {
  let found: Awaited<ReturnType<ConfigFingerprints['inspect']>>;
  try {
    found = await fingerprints.inspect();
  } catch (error) {
    return { name: NAME, ok: true, skipped: true, detail: `not checked: Redis does not answer (${(error as Error).message})` };
  }
  const { recorded, live } = found;
  const differing = live.filter((l) => l.hash !== ours.hash);
  if (differing.length > 0) {
    const theirs = recorded !== undefined && recorded.hash !== ours.hash ? recorded : { hash: differing[0]!.hash, settings: {} };
    return {
      name: NAME,
      ok: false,
      detail: `${ours.hash} differs from the ${differing.length} live instance(s) on prefix ${prefix} (this configuration's vs theirs): ${describeDifferences(ours, theirs).join(', ')}`,
      fix: `Herald refuses to start with this configuration while they run: make the settings named agree, stop the live instances first (then this configuration takes over), or use another HERALD_PREFIX.`,
    };
  }
  if (live.length > 0) return { name: NAME, ok: true, detail: `${ours.hash} matches the ${live.length} live instance(s) on prefix ${prefix}` };
  if (recorded === undefined || recorded.hash === ours.hash) return { name: NAME, ok: true, detail: `no instance live on prefix ${prefix}; will record ${ours.hash}` };
  const changed = describeDifferences(recorded, ours).join(', ');
  return { name: NAME, ok: true, detail: `no instance live on prefix ${prefix}; will record ${ours.hash}, replacing ${recorded.hash} (changed: ${changed})` };
}
