import type { Agent } from '@atproto/api';
import type { Logger } from 'pino';
import type { OfficialChannels } from '../../../config/official-channels.ts';
import { sameLink } from '../../core/publish/same-link.ts';
import { HardStopError, RateLimitedError } from '../../domain/platform-errors.ts';
import type { CredentialReport, RemovalResult } from '../../domain/credential-report.ts';
import type { PostLimits } from '../../domain/post-limits.ts';
import type { ExistingPostQuery, PublishRequest, PublishResult, Publisher, RemotePost } from '../../ports/publisher.ts';
import { blueskyExhaustedUntil } from '../read-rate-limit.ts';
import { type BlueskyConnection, loadAtproto } from './bluesky-connection.ts';
import { buildPostRecord, type StrongRef } from './build-post-record.ts';
import { isXrpcFailure } from './classify-bluesky-error.ts';
import { deterministicTid } from './deterministic-tid.ts';
import { fetchThumbnail, type ThumbnailPolicy } from './fetch-thumbnail.ts';
import { POST_COLLECTION, parsePostUri, postUri, postUrl, uriOfReplyId } from './post-ref.ts';

/** A post costs 3 of the account's hourly write points: fewer left means the next one gets a 429. */
const CREATE_COST = 3;

export interface BlueskyPublisherOptions {
  channels: OfficialChannels;
  /** BLUESKY_FOOTER: the links it names are always links. */
  footer: string;
  thumbnails: ThumbnailPolicy;
  log?: Logger;
}

/**
 * Posts to Bluesky through `@atproto/api`: one `app.bsky.feed.post` record per publish, under a
 * record key derived from the publish's idempotency key (see deterministic-tid.ts), with link
 * facets, the link card and, for replies, the thread (`reply.root` and `reply.parent`).
 */
export class BlueskyPublisher implements Publisher {
  readonly platform = 'bluesky' as const;
  readonly dryRun = false;
  readonly connection: BlueskyConnection;
  readonly #options: BlueskyPublisherOptions;

  constructor(connection: BlueskyConnection, options: BlueskyPublisherOptions) {
    this.connection = connection;
    this.#options = options;
  }

  async limits(): Promise<PostLimits> {
    return { platform: 'bluesky', maxGraphemes: 300 };
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const atproto = await loadAtproto();
    const did = await this.connection.did();
    const rkey = deterministicTid(request.idempotencyKey);
    const reply = request.inReplyToId === undefined ? undefined : (threadFrom(request.threadRef, request.inReplyToId) ?? (await this.#thread(request.inReplyToId)));
    const thumb = request.card === undefined ? undefined : await this.#thumbnail(request.card);
    const parts = { text: request.text, footer: this.#options.footer, link: request.link, reply, card: request.card, thumb };
    const record = buildPostRecord(atproto, parts, this.#options.channels, new Date());
    try {
      const response = await this.connection.call('posting', (agent) => agent.com.atproto.repo.createRecord({ repo: did, collection: POST_COLLECTION, rkey, record }));
      return { kind: 'posted', post: { id: response.data.uri, url: postUrl({ did, rkey }) }, pauseUntil: blueskyExhaustedUntil(response.headers, CREATE_COST) };
    } catch (error) {
      // Refused because the key is taken (the real PDS says 500), or no answer at all: the post
      // may be there, made by an earlier attempt. It is ours if it is at our key.
      if (error instanceof RateLimitedError || isCredentialStop(error)) throw error;
      const existing = await this.#lookup(did, rkey).catch(() => undefined);
      if (existing !== undefined) return { kind: 'posted', post: { id: existing, url: postUrl({ did, rkey }) } };
      throw error;
    }
  }

  /**
   * The post made for this publish, if any. With the idempotency key the post's address is known
   * (its record key derives from it): one exact read of the repository. Without it, the recent
   * posts of the account are searched for the link or the reply, as on X.
   */
  async findExisting(query: ExistingPostQuery): Promise<RemotePost | undefined> {
    const did = await this.connection.did();
    if (query.idempotencyKey !== undefined) {
      const rkey = deterministicTid(query.idempotencyKey);
      const found = await this.#lookup(did, rkey);
      return found ? { id: found, url: postUrl({ did, rkey }) } : undefined;
    }
    const feed = await this.connection.call('reading recent posts', (agent) => agent.app.bsky.feed.getAuthorFeed({ actor: did, limit: 30 }));
    const parentUri = query.inReplyToId === undefined ? undefined : uriOfReplyId(query.inReplyToId);
    const found = feed.data.feed.find(({ post }) => {
      const value = post.record as { createdAt?: string; reply?: { parent?: { uri?: string } }; facets?: Array<{ features?: Array<{ uri?: string }> }> };
      if (Date.parse(value.createdAt ?? '') < query.since) return false;
      if (parentUri !== undefined && value.reply?.parent?.uri !== parentUri) return false;
      if (query.link === undefined) return parentUri !== undefined;
      return (value.facets ?? []).some((f) => (f.features ?? []).some((feature) => sameLink(feature.uri, query.link!)));
    });
    const address = found === undefined ? undefined : parsePostUri(found.post.uri);
    return address === undefined ? undefined : { id: found!.post.uri, url: postUrl(address) };
  }

  /** Deletes a post by its remote id (its AT-URI): for `herald retract`. A post already gone is not an error. */
  async deletePost(remoteId: string): Promise<'deleted' | 'not-ours'> {
    const address = parsePostUri(remoteId);
    const did = await this.connection.did();
    if (address === undefined || address.did !== did) return 'not-ours';
    await this.connection.call('deleting a post', (agent) => agent.com.atproto.repo.deleteRecord({ repo: did, collection: POST_COLLECTION, rkey: address.rkey }));
    return 'deleted';
  }

  /** `herald retract`: deletes one of the account's own posts; a post already gone is not an error. */
  async remove(remoteId: string): Promise<RemovalResult> {
    if ((await this.deletePost(remoteId)) === 'not-ours') {
      throw new HardStopError(`Bluesky post ${remoteId} is not a post of this account (BLUESKY_IDENTIFIER): nothing was deleted.`);
    }
    return 'removed';
  }

  /** `herald doctor`, the start-up check and `/readyz`: the session's account, or what to fix. */
  async checkCredentials(): Promise<CredentialReport> {
    const probe = await this.probeSession();
    if (probe.ok) {
      return { platform: 'bluesky', state: 'ok', account: `@${probe.handle}`, canWrite: true, detail: `@${probe.handle} (${probe.did}) on ${probe.service}` };
    }
    return {
      platform: 'bluesky',
      state: 'failed',
      detail: probe.problem,
      fix: 'Check BLUESKY_IDENTIFIER (the handle or DID) and BLUESKY_APP_PASSWORD (an app password from bsky.app, Settings, App passwords), and BLUESKY_SERVICE.',
    };
  }

  /**
   * Whether the credentials work, and which account they are (`getSession`, after a login if no
   * session is saved). A failure is the actionable message of the hard stop.
   */
  async probeSession(): Promise<{ ok: true; handle: string; did: string; service: string } | { ok: false; problem: string }> {
    try {
      const session = await this.connection.call('checking the session (getSession)', (agent) => agent.com.atproto.server.getSession());
      return { ok: true, handle: session.data.handle, did: session.data.did, service: this.connection.account.service };
    } catch (error) {
      return { ok: false, problem: (error as Error).message };
    }
  }

  /**
   * The URI of our post at `rkey`, if there is one: the repository's own record
   * (`com.atproto.repo.getRecord`); from a server that does not offer it, the AppView's copy.
   */
  async #lookup(did: string, rkey: string): Promise<string | undefined> {
    try {
      return await this.connection.call('looking for the post of an earlier attempt', (agent) => readRecord(agent, did, rkey));
    } catch (error) {
      if (error instanceof RateLimitedError || isCredentialStop(error)) throw error;
      const uri = postUri({ did, rkey });
      const posts = await this.connection.call('looking for the post of an earlier attempt', (agent) => agent.app.bsky.feed.getPosts({ uris: [uri] }));
      return posts.data.posts.some((p) => p.uri === uri) ? uri : undefined;
    }
  }

  /** The thread of the post to answer: its own reference as the parent, its thread's first post as the root. */
  async #thread(replyId: string): Promise<{ root: StrongRef; parent: StrongRef }> {
    const uri = uriOfReplyId(replyId);
    if (uri === undefined) throw new HardStopError(`Not a Bluesky post to reply to: ${replyId.slice(0, 200)}`);
    const posts = await this.connection.call('reading the post to answer', (agent) => agent.app.bsky.feed.getPosts({ uris: [uri] }));
    const parent = posts.data.posts.find((p) => p.uri === uri);
    if (parent === undefined) throw new HardStopError('The Bluesky post to answer is gone (deleted, hidden or blocked): the reply was not sent.', 404);
    const root = (parent.record as { reply?: { root?: StrongRef } }).reply?.root;
    const parentRef = { uri: parent.uri, cid: parent.cid };
    return { root: root?.uri !== undefined && root.cid !== undefined ? { uri: root.uri, cid: root.cid } : parentRef, parent: parentRef };
  }

  /** The card's image as an uploaded blob, or none (never a reason not to post). */
  async #thumbnail(card: { url: string; imageUrl?: string }): Promise<unknown> {
    const image = await fetchThumbnail(card, this.#options.thumbnails);
    if (image === undefined) return undefined;
    try {
      const uploaded = await this.connection.call('uploading the card image', (agent) => agent.com.atproto.repo.uploadBlob(image.bytes, { encoding: image.mimeType }));
      return uploaded.data.blob;
    } catch (error) {
      this.#options.log?.warn({ platform: 'bluesky', error: (error as Error).message }, 'Bluesky: the card image could not be uploaded; posting the card without it');
      return undefined;
    }
  }
}

/** The thread the mention source noted (`threadRef`), when it is well formed and about this post. */
function threadFrom(threadRef: string | undefined, replyId: string): { root: StrongRef; parent: StrongRef } | undefined {
  if (threadRef === undefined) return undefined;
  try {
    const { root, parent } = JSON.parse(threadRef) as { root?: Partial<StrongRef>; parent?: Partial<StrongRef> };
    const valid = (ref: Partial<StrongRef> | undefined): ref is StrongRef => typeof ref?.cid === 'string' && /^b[a-z2-7]{8,}$/.test(ref.cid) && parsePostUri(String(ref.uri)) !== undefined;
    if (!valid(root) || !valid(parent) || parent.uri !== uriOfReplyId(replyId)) return undefined;
    return { root: { uri: root.uri, cid: root.cid }, parent: { uri: parent.uri, cid: parent.cid } };
  } catch {
    return undefined;
  }
}

/** A hard stop about the credentials: nothing else is worth trying with them. */
function isCredentialStop(error: unknown): boolean {
  return error instanceof HardStopError && (error.status === 401 || error.status === 403);
}

/** The AT-URI of the record at `rkey`, or undefined when the repository has none there. */
async function readRecord(agent: Agent, did: string, rkey: string): Promise<string | undefined> {
  try {
    return (await agent.com.atproto.repo.getRecord({ repo: did, collection: POST_COLLECTION, rkey })).data.uri;
  } catch (error) {
    if (isXrpcFailure(error) && error.status === 400 && error.error === 'RecordNotFound') return undefined;
    throw error;
  }
}
