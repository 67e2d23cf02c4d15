import { ApiPartialResponseError, ApiRequestError, ApiResponseError, TwitterApi } from 'twitter-api-v2';
import type { XCredentials } from '../../config/load-config.ts';
import { sameLink } from './same-link.ts';
import type { PostLimits } from '../announce/compose-post.ts';
import {
  HardStopError,
  type ExistingPostQuery,
  type PublishRequest,
  type PublishResult,
  type Publisher,
  RateLimitedError,
  type RemotePost,
  TransientError,
  wasNeverSent,
} from './publisher.ts';
import { xExhaustedUntil, xResetAfter429 } from './read-rate-limit.ts';
import { xBaseUrlPlugin } from './x-base-url-plugin.ts';

export function createXClient(credentials: XCredentials, baseUrl: string, timeoutMs: number, stopSignal?: AbortSignal): TwitterApi {
  return new TwitterApi(
    {
      appKey: credentials.appKey,
      appSecret: credentials.appSecret,
      accessToken: credentials.accessToken,
      accessSecret: credentials.accessSecret,
    },
    { plugins: [xBaseUrlPlugin(baseUrl, timeoutMs, stopSignal)] },
  );
}

interface XProblem {
  title?: string;
  detail?: string;
  type?: string;
}

function problemOf(error: ApiResponseError): XProblem {
  return typeof error.data === 'object' && error.data !== null ? (error.data as XProblem) : {};
}

const CREDENTIALS_HINT =
  'Check that X_APP_KEY, X_APP_SECRET, X_ACCESS_TOKEN and X_ACCESS_SECRET are current and belong to @SessionTechFND';

/** Turns what X answered into the outcome or error the announce path acts on. */
export function classifyXError(error: unknown, action: string): Error {
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

function isDuplicate(error: unknown): boolean {
  return (
    error instanceof ApiResponseError &&
    error.code === 403 &&
    /duplicate content/i.test(`${problemOf(error).detail ?? ''} ${JSON.stringify(error.data ?? '')}`)
  );
}

interface TimelineTweet {
  id: string;
  created_at?: string;
  entities?: { urls?: Array<{ expanded_url?: string; unwound_url?: string }> };
  referenced_tweets?: Array<{ type: string; id: string }>;
}

/** Posts to X (API v2, OAuth 1.0a user context) through twitter-api-v2. */
export class XPublisher implements Publisher {
  readonly platform = 'x' as const;
  readonly dryRun = false;
  readonly client: TwitterApi;
  #userId: string | undefined;

  constructor(client: TwitterApi) {
    this.client = client;
  }

  async limits(): Promise<PostLimits> {
    return { platform: 'x' };
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const body: Record<string, unknown> = { text: request.text };
    if (request.inReplyToId) body.reply = { in_reply_to_tweet_id: request.inReplyToId };
    try {
      const response = await this.client.v2.post<{ data: { id: string } }>('tweets', body, {
        fullResponse: true,
      });
      const id = response.data.data.id;
      return {
        kind: 'posted',
        post: { id, url: `https://x.com/i/status/${id}` },
        pauseUntil: xExhaustedUntil(response.headers),
      };
    } catch (error) {
      if (isDuplicate(error)) {
        const headers = (error as ApiResponseError).headers;
        return { kind: 'duplicate', pauseUntil: xExhaustedUntil(headers) };
      }
      throw classifyXError(error, 'posting');
    }
  }

  /** The account's own id, from `GET /2/users/me` (asked once). */
  async userId(): Promise<string> {
    if (this.#userId === undefined) {
      try {
        const me = await this.client.v2.me();
        this.#userId = me.data.id;
      } catch (error) {
        throw classifyXError(error, 'reading the account (GET /2/users/me)');
      }
    }
    return this.#userId;
  }

  async findExisting(query: ExistingPostQuery): Promise<RemotePost | undefined> {
    const userId = await this.userId();
    let tweets: TimelineTweet[];
    try {
      const response = await this.client.v2.get<{ data?: TimelineTweet[] }>(`users/${userId}/tweets`, {
        max_results: 20,
        'tweet.fields': 'created_at,entities,referenced_tweets',
      });
      tweets = response.data ?? [];
    } catch (error) {
      throw classifyXError(error, 'reading recent posts (GET /2/users/:id/tweets)');
    }
    const wanted = query.link;
    const found = tweets.find((tweet) => {
      const created = tweet.created_at ? Date.parse(tweet.created_at) : Number.NaN;
      if (!Number.isNaN(created) && created < query.since) return false;
      if (query.inReplyToId !== undefined) {
        const replyTo = tweet.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
        if (replyTo !== query.inReplyToId) return false;
      }
      if (wanted === undefined) return query.inReplyToId !== undefined;
      return (tweet.entities?.urls ?? []).some((u) => sameLink(u.unwound_url ?? u.expanded_url, wanted));
    });
    return found ? { id: found.id, url: `https://x.com/i/status/${found.id}` } : undefined;
  }
}
