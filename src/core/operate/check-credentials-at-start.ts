import type { Logger } from 'pino';
import type { CredentialReport } from '../../domain/credential-report.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import type { Publisher } from '../../ports/publisher.ts';

/** Each platform's credential state as `/readyz` shows it (`checking` until its platform answered). */
export type CredentialState = Pick<CredentialReport, 'state' | 'account' | 'canWrite' | 'detail' | 'fix'> | { state: 'checking' };

export interface CredentialStates {
  snapshot(): Record<Platform, CredentialState>;
  /** Resolves once every platform answered (tests; the service does not wait for it). */
  done: Promise<void>;
}

/**
 * At start-up, asks every platform whether Herald's credentials work (in the background: the
 * service does not wait for the platforms). A failure is one error line per platform with the
 * fix in words, instead of "live" followed by hard stops at the first real post.
 */
export function checkCredentialsAtStart(publishers: Record<Platform, Pick<Publisher, 'checkCredentials'>>, log: Logger): CredentialStates {
  const states = Object.fromEntries(PLATFORMS.map((p) => [p, { state: 'checking' }])) as Record<Platform, CredentialState>;
  const checks = PLATFORMS.map(async (platform) => {
    const report = await publishers[platform].checkCredentials();
    const { state, account, canWrite, detail, fix } = report;
    states[platform] = { state, account, canWrite, detail, fix };
    if (state === 'failed') log.error({ platform, fix }, `${platform}: credentials do not work: ${detail}. Fix: ${fix}`);
    else if (state === 'ok') log.info({ platform, account, canWrite }, `${platform}: credentials OK (${detail})`);
  });
  return { snapshot: () => ({ ...states }), done: Promise.all(checks).then(() => undefined) };
}
