import {
  createRestAPIClient,
  MastoHttpError,
  MastoTimeoutError,
  MastoUnexpectedError,
  type mastodon,
} from 'masto';
import type { PostLimits } from '../announce/compose-post.ts';
import { sameLink } from './same-link.ts';
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
import { mastodonReset } from './read-rate-limit.ts';

export function createMastodonClient(url: string, accessToken: string, timeoutMs: number, stopSignal?: AbortSignal): mastodon.rest.Client {
  return createRestAPIClient({ url, accessToken, timeout: timeoutMs, log: 'error', requestInit: stopSignal ? { signal: stopSignal } : undefined });
}

const TOKEN_HINT =
  'Check MASTODON_ACCESS_TOKEN: it must belong to the Foundation account on MASTODON_URL and have the write:statuses and read scopes';

/** Turns what Mastodon answered into the outcome or error the announce path acts on. */
export function classifyMastodonError(error: unknown, action: string): Error {
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

/** Posts to Mastodon through masto; every status carries an `Idempotency-Key`. */
export class MastodonPublisher implements Publisher {
  readonly platform = 'mastodon' as const;
  readonly dryRun = false;
  readonly client: mastodon.rest.Client;
  #limits: PostLimits | undefined;
  #accountId: string | undefined;

  constructor(client: mastodon.rest.Client) {
    this.client = client;
  }

  /** The instance's own limits from `/api/v2/instance` (500 / 23 if it does not say), read once. */
  async limits(): Promise<PostLimits> {
    if (this.#limits === undefined) {
      let instance: mastodon.v2.Instance;
      try {
        instance = await this.client.v2.instance.fetch();
      } catch (error) {
        throw classifyMastodonError(error, 'reading the instance limits (GET /api/v2/instance)');
      }
      const statuses = instance.configuration?.statuses;
      const max = Number(statuses?.maxCharacters);
      const perUrl = Number(statuses?.charactersReservedPerUrl);
      this.#limits = {
        platform: 'mastodon',
        maxCharacters: Number.isInteger(max) && max > 0 ? max : 500,
        charactersReservedPerUrl: Number.isInteger(perUrl) && perUrl > 0 ? perUrl : 23,
      };
    }
    return this.#limits;
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    try {
      const status = await this.client.v1.statuses.create(
        {
          status: request.text,
          visibility: request.visibility ?? 'public',
          inReplyToId: request.inReplyToId,
        },
        { requestInit: { headers: { 'Idempotency-Key': request.idempotencyKey } } },
      );
      return { kind: 'posted', post: { id: status.id, url: status.url ?? status.uri } };
    } catch (error) {
      throw classifyMastodonError(error, 'posting');
    }
  }

  async accountId(): Promise<string> {
    if (this.#accountId === undefined) {
      try {
        this.#accountId = (await this.client.v1.accounts.verifyCredentials()).id;
      } catch (error) {
        throw classifyMastodonError(error, 'reading the account (verify_credentials)');
      }
    }
    return this.#accountId;
  }

  async findExisting(query: ExistingPostQuery): Promise<RemotePost | undefined> {
    const accountId = await this.accountId();
    let statuses: mastodon.v1.Status[];
    try {
      statuses = await this.client.v1.accounts.$select(accountId).statuses.list({ limit: 20 });
    } catch (error) {
      throw classifyMastodonError(error, 'reading recent statuses');
    }
    const wanted = query.link;
    const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    const found = statuses.find((status) => {
      if (Date.parse(status.createdAt) < query.since) return false;
      if (query.inReplyToId !== undefined && status.inReplyToId !== query.inReplyToId) return false;
      if (wanted === undefined) return query.inReplyToId !== undefined;
      return hrefs(status.content).some((href) => sameLink(href.replaceAll('&amp;', '&'), wanted));
    });
    return found ? { id: found.id, url: found.url ?? found.uri } : undefined;
  }
}
