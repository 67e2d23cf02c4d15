import type { Agent } from '@atproto/api';
import type { MentionPost, Reference } from '../../domain/mention.ts';
import { RateLimitedError } from '../../domain/platform-errors.ts';
import type { FetchedMention, MentionSource } from '../../ports/mention-source.ts';
import type { BlueskyConnection } from './bluesky-connection.ts';
import { parsePostUri, replyIdOf } from './post-ref.ts';

const REASONS = ['mention', 'reply', 'quote'];
const MAX_PAGES = 10;
const PAGE = 50;

/** The parts of an `app.bsky.feed.post` record Herald reads (strangers write them: all optional). */
interface PostRecord {
  text?: unknown;
  facets?: Array<{ features?: Array<{ $type?: string; uri?: unknown; did?: unknown }> }>;
  reply?: { root?: { uri?: unknown; cid?: unknown }; parent?: { uri?: unknown } };
  embed?: { $type?: string; external?: { uri?: unknown }; record?: { uri?: unknown; record?: { uri?: unknown } } };
}

interface Seen {
  uri: string;
  cid?: string;
  author: { did: string; handle: string };
  record: PostRecord;
}

/** The cursor: the newest notification answered, `<indexedAt>|<uri>`. */
function cursorOf(at: string, uri: string): string {
  return `${at}|${uri}`;
}

function isNewer(at: string, uri: string, cursor: string): boolean {
  const bar = cursor.indexOf('|');
  const since = Date.parse(cursor.slice(0, bar));
  const time = Date.parse(at);
  return time > since || (time === since && uri !== cursor.slice(bar + 1));
}

const text = (record: PostRecord) => (typeof record.text === 'string' ? record.text.slice(0, 5000) : '');

/** Every link a post carries: its link facets and its card. */
function linksOf(record: PostRecord): string[] {
  const links = (record.facets ?? []).flatMap((f) => (f.features ?? []).filter((x) => x.$type === 'app.bsky.richtext.facet#link').map((x) => String(x.uri)));
  const card = record.embed?.external?.uri;
  return typeof card === 'string' ? [...links, card] : links;
}

/** The DIDs its mention facets point to (whatever text they show). */
function mentionedDids(record: PostRecord): string[] {
  return (record.facets ?? []).flatMap((f) => (f.features ?? []).filter((x) => x.$type === 'app.bsky.richtext.facet#mention').map((x) => String(x.did)));
}

/** The post quoted: a record embed, or the record of a record-with-media embed. */
function quotedUri(record: PostRecord): string | undefined {
  const embed = record.embed;
  const uri = embed?.$type === 'app.bsky.embed.recordWithMedia' ? embed.record?.record?.uri : embed?.$type === 'app.bsky.embed.record' ? embed.record?.uri : undefined;
  return typeof uri === 'string' ? uri : undefined;
}

/**
 * Mentions on Bluesky: `app.bsky.notification.listNotifications` with reasons `mention`, `reply`
 * and `quote`, read newest first down to the cursor kept in Redis (the API has no "since").
 * Every account a mention facet points to is resolved to its handle (`getProfiles`): the facet's
 * text may show one handle and point at another, and the account pointed at is what is checked.
 * The post replied to and the post quoted are fetched (`getPosts`); one that is not served is a
 * missing post, which Herald cannot vouch for.
 */
export class BlueskyMentionSource implements MentionSource {
  readonly platform = 'bluesky' as const;
  readonly #connection: BlueskyConnection;

  constructor(connection: BlueskyConnection) {
    this.#connection = connection;
  }

  async self(): Promise<{ id: string; handle: string }> {
    return { id: await this.#connection.did(), handle: await this.#connection.handle() };
  }

  async fetchSince(cursor: string | undefined): Promise<{ mentions: FetchedMention[]; cursor: string }> {
    const self = await this.self();
    if (cursor === undefined) {
      const latest = (await this.#page(undefined, 1)).notifications[0];
      return { mentions: [], cursor: latest === undefined ? cursorOf(new Date().toISOString(), '') : cursorOf(latest.indexedAt, latest.uri) };
    }
    const fresh: Array<Seen & { indexedAt: string }> = [];
    let page: string | undefined;
    for (let n = 0; n < MAX_PAGES; n++) {
      const batch = await this.#page(page, PAGE);
      const newer = batch.notifications.filter((x) => isNewer(x.indexedAt, x.uri, cursor));
      fresh.push(...newer.filter((x) => REASONS.includes(x.reason)).map((x) => ({ uri: x.uri, cid: x.cid, indexedAt: x.indexedAt, author: { did: x.author.did, handle: x.author.handle }, record: x.record as PostRecord })));
      if (newer.length < batch.notifications.length || batch.cursor === undefined) break;
      page = batch.cursor;
    }
    // Oldest first, whatever order the server used; the newest becomes the cursor.
    const ordered = fresh.toSorted((a, b) => Date.parse(a.indexedAt) - Date.parse(b.indexedAt));
    const asked = ordered.filter((x) => x.author.did !== self.id && parsePostUri(x.uri) !== undefined);
    const mentions = await this.#toMentions(asked, self);
    const newest = ordered.at(-1);
    return { mentions, cursor: newest === undefined ? cursor : cursorOf(newest.indexedAt, newest.uri) };
  }

  #page(cursor: string | undefined, limit: number) {
    return this.#connection.call('reading mentions (app.bsky.notification.listNotifications)', async (agent) => (await agent.app.bsky.notification.listNotifications({ limit, cursor, reasons: REASONS })).data);
  }

  async #bestEffort<T>(action: string, keys: string[], read: (agent: Agent, keys: string[]) => Promise<Map<string, T>>): Promise<Map<string, T>> {
    if (keys.length === 0) return new Map();
    try {
      return await this.#connection.call(action, (agent) => read(agent, keys));
    } catch (error) {
      if (error instanceof RateLimitedError) throw error;
      return new Map();
    }
  }

  async #toMentions(asked: Seen[], self: { id: string; handle: string }): Promise<FetchedMention[]> {
    if (asked.length === 0) return [];
    const referenced = [...new Set(asked.flatMap((x) => [x.record.reply?.parent?.uri, quotedUri(x.record)]).filter((u): u is string => typeof u === 'string'))];
    // Best effort: a post that cannot be read is a missing post, an account whose handle cannot be
    // read stays a bare DID (neither is ever vouched for); only a rate limit stops the check.
    const posts = await this.#bestEffort('reading the posts mentions refer to (app.bsky.feed.getPosts)', referenced, fetchPosts);
    const dids = [...new Set([...asked, ...posts.values()].flatMap((p) => mentionedDids(p.record)))];
    const handles = await this.#bestEffort('reading the accounts mentions name (app.bsky.actor.getProfiles)', dids, fetchHandles);
    handles.set(self.id, self.handle);
    const toPost = (p: Seen): MentionPost => ({
      id: replyIdOf(p.uri),
      text: text(p.record),
      author: { id: p.author.did, handle: p.author.handle },
      urls: linksOf(p.record),
      mentionedHandles: mentionedDids(p.record).map((did) => handles.get(did) ?? did),
    });
    return asked.map((x) => {
      const references: Reference[] = [];
      const parent = x.record.reply?.parent?.uri;
      if (typeof parent === 'string') references.push({ relation: 'replied_to', post: posts.has(parent) ? toPost(posts.get(parent)!) : undefined });
      const quoted = quotedUri(x.record);
      if (quoted !== undefined) references.push({ relation: 'quoted', post: posts.has(quoted) ? toPost(posts.get(quoted)!) : undefined });
      return { ...toPost(x), platform: 'bluesky', replyToId: replyIdOf(x.uri), threadRef: threadOf(x), references };
    });
  }
}

/**
 * Where the reply to a post goes: the post itself as the parent, and its thread's first post as
 * the root (the post's own `reply.root`, or the post itself when it starts a thread).
 */
function threadOf(post: Seen): string | undefined {
  if (post.cid === undefined) return undefined;
  const parent = { uri: post.uri, cid: post.cid };
  const root = post.record.reply?.root;
  const rootRef = typeof root?.uri === 'string' && typeof root.cid === 'string' ? { uri: root.uri, cid: root.cid } : parent;
  return JSON.stringify({ root: rootRef, parent });
}

/** The posts at these URIs the AppView serves (25 per call); absent ones are missing. */
async function fetchPosts(agent: Agent, uris: string[]): Promise<Map<string, Seen>> {
  const found = new Map<string, Seen>();
  for (let i = 0; i < uris.length; i += 25) {
    const { data } = await agent.app.bsky.feed.getPosts({ uris: uris.slice(i, i + 25) });
    for (const p of data.posts) found.set(p.uri, { uri: p.uri, author: { did: p.author.did, handle: p.author.handle }, record: p.record as PostRecord });
  }
  return found;
}

/** The handles of these DIDs (25 per call); an account the AppView does not serve keeps its bare DID. */
async function fetchHandles(agent: Agent, dids: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < dids.length; i += 25) {
    const { data } = await agent.app.bsky.actor.getProfiles({ actors: dids.slice(i, i + 25) });
    for (const p of data.profiles) if (p.handle !== 'handle.invalid') found.set(p.did, p.handle);
  }
  return found;
}
