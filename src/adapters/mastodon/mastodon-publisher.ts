import type { mastodon } from 'masto';
import { sameLink } from '../../core/publish/same-link.ts';
import type { CredentialReport, RemovalResult } from '../../domain/credential-report.ts';
import type { PostLimits } from '../../domain/post-limits.ts';
import type { ExistingPostQuery, PublishRequest, PublishResult, Publisher, RemotePost } from '../../ports/publisher.ts';
import { checkMastodonCredentials, type MastodonAccess } from './check-mastodon-credentials.ts';
import { classifyMastodonError } from './classify-mastodon-error.ts';
import { loadMasto } from '../load-package.ts';

export function createMastodonClient(url: string, accessToken: string, timeoutMs: number, stopSignal?: AbortSignal): mastodon.rest.Client {
  return loadMasto().createRestAPIClient({ url, accessToken, timeout: timeoutMs, log: 'error', requestInit: stopSignal ? { signal: stopSignal } : undefined });
}

/** Posts to Mastodon through masto; every status carries an `Idempotency-Key`. */
export class MastodonPublisher implements Publisher {
  readonly platform = 'mastodon' as const;
  readonly dryRun = false;
  readonly client: mastodon.rest.Client;
  readonly #access: MastodonAccess | undefined;
  #limits: PostLimits | undefined;
  #accountId: string | undefined;

  /** `access` (the instance, token and deadline) lets the credential check read the app's scopes. */
  constructor(client: mastodon.rest.Client, access?: MastodonAccess) {
    this.client = client;
    this.#access = access;
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

  /** `DELETE /api/v1/statuses/:id`; a 404 means it is gone already (a retry after a lost answer). */
  async remove(remoteId: string): Promise<RemovalResult> {
    try {
      await this.client.v1.statuses.$select(remoteId).remove();
      return 'removed';
    } catch (error) {
      if (error instanceof loadMasto().MastoHttpError && error.statusCode === 404) return 'already-gone';
      throw classifyMastodonError(error, `deleting status ${remoteId} (DELETE /api/v1/statuses/:id)`);
    }
  }

  async checkCredentials(): Promise<CredentialReport> {
    const access = this.#access;
    if (access === undefined) return { platform: 'mastodon', state: 'ok', detail: 'not checked (no instance URL given to the publisher)' };
    return checkMastodonCredentials(this.client, access);
  }
}
