import { HardStopError, RateLimitedError, TransientError } from '../../domain/platform-errors.ts';
import { blueskyReset } from '../read-rate-limit.ts';
import { wasNeverSent } from '../was-never-sent.ts';

/** What `@atproto/api` throws (an XRPCError), read by shape so the library loads only when used. */
export interface XrpcFailure {
  status: number;
  error?: string;
  message: string;
  headers?: Record<string, string>;
  cause?: unknown;
}

export function isXrpcFailure(error: unknown): error is XrpcFailure {
  return typeof error === 'object' && error !== null && typeof (error as XrpcFailure).status === 'number' && 'success' in error;
}

/** The session was refused (expired, revoked or unknown token): log in again, then retry once. */
export function isAuthFailure(error: unknown): boolean {
  if (!isXrpcFailure(error)) return false;
  return error.status === 401 || ['ExpiredToken', 'InvalidToken', 'AuthenticationRequired'].includes(error.error ?? '');
}

const PASSWORD_HINT =
  'Create an app password on bsky.app (Settings, Privacy and security, App passwords) and put it in BLUESKY_APP_PASSWORD (never the account password); check that BLUESKY_IDENTIFIER is the account\'s handle or DID and BLUESKY_SERVICE its server, then run "herald retry"';

/** Why a login was refused, with what to do: the credentials are wrong, or the account is closed. */
export function loginRefused(error: unknown): Error {
  if (!isXrpcFailure(error) || error.status === 429 || error.status >= 500 || error.status < 400) return classifyBlueskyError(error, 'logging in');
  if (error.error === 'AccountTakedown' || error.error === 'AccountDeactivated') {
    return new HardStopError(`Bluesky refused the login: the account is ${error.error === 'AccountTakedown' ? 'taken down' : 'deactivated'} (${error.status} ${error.error}). Resolve it on bsky.app, then run "herald retry".`, error.status);
  }
  return new HardStopError(`Bluesky refused the app password (${error.status} ${error.error ?? ''}: ${error.message}). ${PASSWORD_HINT}.`, error.status);
}

/** Turns what Bluesky answered into the outcome or error the publish and mention paths act on. */
export function classifyBlueskyError(error: unknown, action: string): Error {
  if (!isXrpcFailure(error)) {
    const message = (error as Error)?.message ?? String(error);
    return new TransientError(`Bluesky could not be reached while ${action} (${message})`, !wasNeverSent(error));
  }
  const said = `${error.status}${error.error ? ` ${error.error}` : ''}: ${error.message}`;
  if (error.status === 429) return new RateLimitedError(`Bluesky rate limit reached while ${action}`, blueskyReset(error.headers));
  if (error.status === 401 || error.status === 403 || isAuthFailure(error)) {
    return new HardStopError(`Bluesky refused the session while ${action} (${said}) and logging in again did not help. ${PASSWORD_HINT}.`, error.status);
  }
  if (error.status >= 500 || error.status < 100) {
    // A 500 to a create may be the PDS refusing a record key it already holds: the post may exist.
    const reason = error.status < 100 ? `could not be reached (${error.message})` : `answered ${said}`;
    return new TransientError(`Bluesky ${reason} while ${action}`, error.status < 100 ? !wasNeverSent(error.cause) : true);
  }
  return new HardStopError(`Bluesky rejected ${action} (${said}).`, error.status);
}
