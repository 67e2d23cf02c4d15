import type { ApiResponseError, TwitterApi } from 'twitter-api-v2';
import type { XCredentials } from '../../../config/load-config.ts';
import { sameLink } from '../../core/publish/same-link.ts';
import type { CredentialReport, RemovalResult } from '../../domain/credential-report.ts';
import { HardStopError } from '../../domain/platform-errors.ts';
import type { PostLimits } from '../../domain/post-limits.ts';
import type { ExistingPostQuery, PublishRequest, PublishResult, Publisher, RemotePost } from '../../ports/publisher.ts';
import type { RecordSpend } from '../../ports/spend-meter.ts';
import { loadTwitterApiV2 } from '../load-package.ts';
import { xExhaustedUntil } from '../read-rate-limit.ts';
import { classifyXError, problemOf } from './classify-x-error.ts';
import { checkXCredentials } from './check-x-credentials.ts';
import { xBaseUrlPlugin } from './x-base-url-plugin.ts';

export function createXClient(credentials: XCredentials, baseUrl: string, timeoutMs: number, stopSignal?: AbortSignal): TwitterApi {
  const { TwitterApi } = loadTwitterApiV2();
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
    error instanceof loadTwitterApiV2().ApiResponseError &&
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

const noSpend: RecordSpend = async () => undefined;

/**
 * Posts to X (API v2, OAuth 1.0a user context) through twitter-api-v2. Every call X bills is
 * reported to `recordSpend` where it is made (posts and replies when X took them, reads by the
 * posts returned; the account lookup returns a user, not a post).
 */
export class XPublisher implements Publisher {
  readonly platform = 'x' as const;
  readonly dryRun = false;
  readonly client: TwitterApi;
  readonly recordSpend: RecordSpend;
  #me: { id: string; handle: string } | undefined;

  constructor(client: TwitterApi, recordSpend: RecordSpend = noSpend) {
    this.client = client;
    this.recordSpend = recordSpend;
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
      await this.recordSpend({ kind: 'post', text: request.text, inReplyTo: request.inReplyToId !== undefined });
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

  /** The account the credentials act for, from `GET /2/users/me` (asked once). */
  async me(): Promise<{ id: string; handle: string }> {
    if (this.#me === undefined) {
      try {
        const me = await this.client.v2.me();
        this.#me = { id: me.data.id, handle: me.data.username };
      } catch (error) {
        throw classifyXError(error, 'reading the account (GET /2/users/me)');
      }
    }
    return this.#me;
  }

  /** The account's own id. */
  async userId(): Promise<string> {
    return (await this.me()).id;
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
      await this.recordSpend({ kind: 'read', resources: tweets.length, purpose: 'own' });
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

  /**
   * `DELETE /2/tweets/:id`. X answers a post that no longer exists with an error (404, or 403
   * "not allowed"), so before reporting a failure Herald looks the post up: gone is gone.
   */
  async remove(remoteId: string): Promise<RemovalResult> {
    try {
      const response = await this.client.v2.delete<{ data?: { deleted?: boolean } }>(`tweets/${remoteId}`);
      if (response.data?.deleted === false) throw new HardStopError(`X did not delete post ${remoteId} (it answered deleted: false).`);
      return 'removed';
    } catch (error) {
      if (error instanceof loadTwitterApiV2().ApiResponseError && (error.code === 404 || error.code === 403) && !(await this.#exists(remoteId))) return 'already-gone';
      if (error instanceof HardStopError) throw error;
      throw classifyXError(error, `deleting post ${remoteId} (DELETE /2/tweets/:id)`);
    }
  }

  /** Whether the post can still be read; when the lookup itself fails, assume it exists. */
  async #exists(id: string): Promise<boolean> {
    try {
      const response = await this.client.v2.get<{ data?: unknown }>(`tweets/${id}`);
      await this.recordSpend({ kind: 'read', resources: response.data === undefined ? 0 : 1, purpose: 'own' });
      return response.data !== undefined;
    } catch {
      return true;
    }
  }

  async checkCredentials(): Promise<CredentialReport> {
    return checkXCredentials(this.client);
  }
}
