import type { TwitterApi } from 'twitter-api-v2';
import type { CredentialReport } from '../../domain/credential-report.ts';
import { HardStopError, RateLimitedError } from '../../domain/platform-errors.ts';
import { classifyXError } from './classify-x-error.ts';

type Headers = Record<string, string | string[] | number | undefined>;

const header = (headers: Headers, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value === undefined ? undefined : String(value);
};

const FIXES: Record<number, string> = {
  401: 'Copy the keys again from the X developer console (your app → Keys and tokens): X_APP_KEY and X_APP_SECRET are the app\'s API Key and Secret, X_ACCESS_TOKEN and X_ACCESS_SECRET the Access Token and Secret generated for @SessionTechFND; all four must come from the same app. A machine clock off by minutes also gives 401.',
  402: 'Buy credits for the app in the X developer console (the X API is pay-per-use), then run "herald doctor" again.',
  403: 'The app or the account is restricted: check the app\'s status and the account in the X developer console.',
  429: 'X is rate-limiting this app: run "herald doctor" again after the reset.',
};

const READ_ONLY_FIX =
  'In the X developer console set the app\'s User authentication settings → App permissions to "Read and write", then regenerate the Access Token and Secret (a token keeps the permissions it was made with) and set X_ACCESS_TOKEN and X_ACCESS_SECRET.';

/**
 * `GET /2/users/me` with the configured OAuth 1.0a user tokens: who they act for, whether they
 * may post (X's `x-access-level` header: `read`, `read-write`, `read-write-directmessages`) and
 * X's clock (`Date`). Never throws: a failure is a report with the fix in words.
 */
export async function checkXCredentials(client: TwitterApi): Promise<CredentialReport> {
  try {
    const response = await client.v2.get<{ data: { id: string; username: string } }>('users/me', undefined, { fullResponse: true });
    const local = Date.now();
    const headers = response.headers as Headers;
    const server = Date.parse(header(headers, 'date') ?? '');
    const clock = Number.isNaN(server) ? undefined : { server, local };
    const account = `@${response.data.data.username}`;
    const level = header(headers, 'x-access-level');
    if (level === undefined) {
      return { platform: 'x', state: 'ok', account, clock, detail: `${account} (X did not say whether the token may post: no x-access-level header)` };
    }
    const canWrite = level.includes('write');
    if (!canWrite) {
      return { platform: 'x', state: 'failed', account, canWrite, clock, detail: `${account}: the token is ${level}-only, it cannot post`, fix: READ_ONLY_FIX };
    }
    return { platform: 'x', state: 'ok', account, canWrite, clock, detail: `${account}, access level ${level}` };
  } catch (error) {
    const classified = classifyXError(error, 'checking the credentials (GET /2/users/me)');
    const status = classified instanceof HardStopError ? classified.status : classified instanceof RateLimitedError ? 429 : undefined;
    const fix = (status !== undefined && FIXES[status]) || 'X could not be reached: check X_API_BASE_URL and this machine\'s network (a proxy or firewall), then run "herald doctor" again.';
    return { platform: 'x', state: 'failed', detail: classified.message, fix };
  }
}
