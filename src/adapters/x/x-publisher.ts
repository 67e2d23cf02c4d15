import { ApiResponseError, TwitterApi } from 'twitter-api-v2';
import type { XCredentials } from '../../../config/load-config.ts';
import type { PostLimits } from '../../domain/post-limits.ts';
import { sameLink } from '../../core/publish/same-link.ts';
import type { ExistingPostQuery, PublishRequest, PublishResult, Publisher, RemotePost } from '../../ports/publisher.ts';
import { xExhaustedUntil } from '../read-rate-limit.ts';
import { classifyXError, problemOf } from './classify-x-error.ts';
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
