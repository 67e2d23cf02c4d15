import type { mastodon } from 'masto';
import type { CredentialReport } from '../../domain/credential-report.ts';
import { classifyMastodonError } from './classify-mastodon-error.ts';

/** What Herald does on Mastodon: post and reply; read its mentions, the posts they point at, its own posts and account. */
export const MASTODON_SCOPES = ['write:statuses', 'read:notifications', 'read:statuses', 'read:accounts'] as const;

export interface MastodonAccess {
  url: string;
  accessToken: string;
  timeoutMs: number;
}

const SCOPES_FIX = `Create the Mastodon app (Preferences → Development → New application) with the scopes ${MASTODON_SCOPES.join(' ')}, copy its access token into MASTODON_ACCESS_TOKEN, then run "herald doctor" again.`;

/** A scope is granted by itself or by its parent (`write` grants `write:statuses`). */
function missingScopes(granted: string[]): string[] {
  return MASTODON_SCOPES.filter((scope) => !granted.includes(scope) && !granted.includes(scope.split(':')[0]!));
}

/** `GET /api/v1/apps/verify_credentials`: the app's scopes (Mastodon ≥ 4.3) and the server's clock. */
async function readApp(access: MastodonAccess): Promise<{ status: number; scopes?: string[]; clock?: { server: number; local: number } }> {
  const response = await fetch(`${access.url}/api/v1/apps/verify_credentials`, {
    headers: { authorization: `Bearer ${access.accessToken}`, accept: 'application/json' },
    signal: AbortSignal.timeout(access.timeoutMs),
  });
  const local = Date.now();
  const server = Date.parse(response.headers.get('date') ?? '');
  const clock = Number.isNaN(server) ? undefined : { server, local };
  const body = (await response.json().catch(() => ({}))) as { scopes?: unknown };
  const scopes = Array.isArray(body.scopes) ? body.scopes.map(String) : undefined;
  return { status: response.status, scopes, clock };
}

/**
 * `verify_credentials` (who the token acts for) and the app's scopes against what Herald needs.
 * Never throws: a failure is a report with the fix in words.
 */
export async function checkMastodonCredentials(client: mastodon.rest.Client, access: MastodonAccess): Promise<CredentialReport> {
  let account: string;
  try {
    account = `@${(await client.v1.accounts.verifyCredentials()).acct}@${new URL(access.url).host}`;
  } catch (error) {
    const detail = classifyMastodonError(error, 'checking the token (verify_credentials)').message;
    const unauthorised = /\b401\b/.test(detail);
    const fix = unauthorised
      ? `Copy the access token of the Foundation's Mastodon app (Preferences → Development → the app) into MASTODON_ACCESS_TOKEN; it must be a token of the instance at MASTODON_URL (${access.url}).`
      : `Check MASTODON_URL (${access.url}) and this machine's network, then run "herald doctor" again.`;
    return { platform: 'mastodon', state: 'failed', detail, fix };
  }
  try {
    const app = await readApp(access);
    if (app.scopes === undefined) {
      return { platform: 'mastodon', state: 'ok', account, clock: app.clock, detail: `${account} (this Mastodon does not report the app's scopes: HTTP ${app.status})` };
    }
    const missing = missingScopes(app.scopes);
    const scopes = app.scopes;
    const canWrite = !missing.includes('write:statuses');
    if (missing.length > 0) {
      return { platform: 'mastodon', state: 'failed', account, canWrite, scopes, clock: app.clock, detail: `${account}: the app lacks ${missing.join(', ')} (it has ${scopes.join(' ') || 'no scopes'})`, fix: SCOPES_FIX };
    }
    return { platform: 'mastodon', state: 'ok', account, canWrite, scopes, clock: app.clock, detail: `${account}, scopes ${scopes.join(' ')}` };
  } catch (error) {
    return { platform: 'mastodon', state: 'failed', account, detail: `could not read the app's scopes (${(error as Error).message})`, fix: `Check MASTODON_URL (${access.url}) and this machine's network.` };
  }
}
