import type { ApiResponseError } from 'twitter-api-v2';
import { HardStopError, RateLimitedError, TransientError } from '../../domain/platform-errors.ts';
import { loadTwitterApiV2 } from '../load-package.ts';
import { xResetAfter429 } from '../read-rate-limit.ts';
import { wasNeverSent } from '../was-never-sent.ts';

interface XProblem {
  title?: string;
  detail?: string;
  type?: string;
}

export function problemOf(error: ApiResponseError): XProblem {
  return typeof error.data === 'object' && error.data !== null ? (error.data as XProblem) : {};
}

const CREDENTIALS_HINT =
  'Check that X_APP_KEY, X_APP_SECRET, X_ACCESS_TOKEN and X_ACCESS_SECRET are current and belong to @SessionTechFND';

/** Turns what X answered into the outcome or error the announce path acts on. */
export function classifyXError(error: unknown, action: string): Error {
  const { ApiPartialResponseError, ApiRequestError, ApiResponseError } = loadTwitterApiV2();
  if (error instanceof ApiResponseError) {
    const status = error.code;
    const problem = problemOf(error);
    const said = [problem.title, problem.detail].filter(Boolean).join(': ') || `HTTP ${status}`;
    const isUsageCap = /usage-?cap/i.test(`${problem.type ?? ''} ${problem.title ?? ''}`);
    if (status === 429 && !isUsageCap) {
      return new RateLimitedError(`X rate limit reached while ${action}`, xResetAfter429(error.headers));
    }
    if (status === 429) {
      return new HardStopError(
        `X usage cap reached while ${action} (${said}). Herald stops posting to X; raise the plan's cap on the X developer portal, then run "herald retry".`,
        status,
      );
    }
    if (status === 402) {
      return new HardStopError(
        `X API credits are depleted (402) while ${action}. Add credits to the app on the X developer portal, then run "herald retry".`,
        status,
      );
    }
    if (status === 401) {
      return new HardStopError(`X rejected the credentials (401) while ${action}. ${CREDENTIALS_HINT}.`, status);
    }
    if (status === 403) {
      return new HardStopError(
        `X refused ${action} (403: ${said}). Check that the X app has "Read and write" permission, regenerate X_ACCESS_TOKEN and X_ACCESS_SECRET after changing it, and that the account is not restricted.`,
        status,
      );
    }
    if (status >= 500 || typeof error.data === 'string') {
      return new TransientError(`X answered HTTP ${status} while ${action}`, true);
    }
    return new HardStopError(`X rejected ${action} (HTTP ${status}: ${said}).`, status);
  }
  if (error instanceof ApiPartialResponseError) {
    return new TransientError(`X's answer was cut off while ${action}`, true);
  }
  if (error instanceof ApiRequestError) {
    const neverSent = wasNeverSent(error.requestError);
    const reason = error.requestError?.message ?? error.message;
    return new TransientError(`X could not be reached while ${action} (${reason})`, !neverSent);
  }
  return new TransientError(`Unexpected failure while ${action}: ${(error as Error)?.message ?? String(error)}`, true);
}
