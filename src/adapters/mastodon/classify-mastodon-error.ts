import { HardStopError, RateLimitedError, TransientError } from '../../domain/platform-errors.ts';
import { loadMasto } from '../load-package.ts';
import { mastodonReset } from '../read-rate-limit.ts';
import { wasNeverSent } from '../was-never-sent.ts';

const TOKEN_HINT =
  'Check MASTODON_ACCESS_TOKEN: it must belong to the Foundation account on MASTODON_URL and have the write:statuses and read scopes';

/** Turns what Mastodon answered into the outcome or error the announce path acts on. */
export function classifyMastodonError(error: unknown, action: string): Error {
  const { MastoHttpError, MastoTimeoutError, MastoUnexpectedError } = loadMasto();
  if (error instanceof MastoHttpError) {
    const status = error.statusCode;
    const said = error.message || `HTTP ${status}`;
    if (status === 429) {
      const response = error.cause instanceof Response ? error.cause : undefined;
      return new RateLimitedError(
        `Mastodon rate limit reached while ${action}`,
        response ? mastodonReset(response.headers) : undefined,
      );
    }
    if (status === 401) {
      return new HardStopError(`Mastodon rejected the token (401) while ${action}. ${TOKEN_HINT}.`, status);
    }
    if (status === 403) {
      return new HardStopError(`Mastodon refused ${action} (403: ${said}). ${TOKEN_HINT}.`, status);
    }
    if (status >= 500) return new TransientError(`Mastodon answered HTTP ${status} while ${action}`, true);
    return new HardStopError(`Mastodon rejected ${action} (HTTP ${status}: ${said}).`, status);
  }
  if (error instanceof MastoTimeoutError) {
    return new TransientError(`Mastodon did not answer in time while ${action}`, true);
  }
  if (error instanceof MastoUnexpectedError) {
    return new TransientError(`Mastodon gave an unexpected answer while ${action} (${error.message})`, true);
  }
  const message = (error as Error)?.message ?? String(error);
  return new TransientError(`Mastodon could not be reached while ${action} (${message})`, !wasNeverSent(error));
}
