import type { MentionPost, Reference } from '../../domain/mention.ts';
import type { FetchedMention, MentionSource } from '../../ports/mention-source.ts';
import { classifyXError } from './classify-x-error.ts';
import type { XPublisher } from './x-publisher.ts';

interface XTweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  entities?: { urls?: Array<{ expanded_url?: string; unwound_url?: string; url?: string }>; mentions?: Array<{ username: string }> };
  referenced_tweets?: Array<{ type: string; id: string }>;
}
interface XMentionsPage {
  data?: XTweet[];
  includes?: { users?: Array<{ id: string; username: string }>; tweets?: XTweet[] };
  meta?: { newest_id?: string; next_token?: string; result_count?: number };
}

const MAX_PAGES = 5;

/**
 * Mentions on X: `GET /2/users/:id/mentions` with `since_id` (kept in Redis), expansions for
 * the author and the replied-to or quoted post and its author, and `entities` for links and
 * handles. X reads cost money (each one is reported to the publisher's spend meter), so its
 * poll interval is separate and long by default.
 */
export class XMentionSource implements MentionSource {
  readonly platform = 'x' as const;
  readonly #publisher: XPublisher;

  constructor(publisher: XPublisher) {
    this.#publisher = publisher;
  }

  async self(): Promise<{ id: string; handle: string }> {
    return this.#publisher.me();
  }

  async fetchSince(cursor: string | undefined): Promise<{ mentions: FetchedMention[]; cursor: string }> {
    const self = await this.self();
    if (cursor === undefined) {
      // Only the newest id is needed: the smallest page, no expansions (X bills every resource returned).
      const latest = await this.#page(self.id, { max_results: 5 }, false);
      return { mentions: [], cursor: latest.meta?.newest_id ?? `start:${new Date().toISOString()}` };
    }
    const since: Record<string, string> = cursor.startsWith('start:') ? { start_time: cursor.slice(6) } : { since_id: cursor };
    const mentions: FetchedMention[] = [];
    let newest: string | undefined;
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const params: Record<string, string | number> = { ...since, max_results: 100 };
      if (token) params.pagination_token = token;
      const result = await this.#page(self.id, params);
      newest ??= result.meta?.newest_id;
      mentions.push(...(result.data ?? []).map((tweet) => this.#toMention(tweet, result)));
      token = result.meta?.next_token;
      if (!token) break;
    }
    return { mentions: mentions.reverse(), cursor: newest ?? cursor };
  }

  /**
   * One page of mentions. X bills each resource returned (the mentions, and the posts and users
   * the expansions add), so only what answering uses is asked for: the author (is the asker a
   * lookalike?), the posts replied to and quoted and their authors (the subjects), and each
   * post's links and handles (`entities`). `id`, `text` and `username` come by default.
   */
  async #page(userId: string, params: Record<string, string | number>, expand = true): Promise<XMentionsPage> {
    const fields = expand ? { expansions: 'author_id,referenced_tweets.id,referenced_tweets.id.author_id', 'tweet.fields': 'author_id,entities,referenced_tweets' } : {};
    let page: XMentionsPage;
    try {
      page = await this.#publisher.client.v2.get<XMentionsPage>(`users/${userId}/mentions`, { ...params, ...fields });
    } catch (error) {
      throw classifyXError(error, 'reading mentions (GET /2/users/:id/mentions)');
    }
    // Billed per post read: the mentions and the posts they reply to or quote (users are not posts).
    const resources = (page.data?.length ?? 0) + (page.includes?.tweets?.length ?? 0);
    await this.#publisher.recordSpend({ kind: 'read', resources, purpose: 'mentions' });
    return page;
  }

  #post(tweet: XTweet, page: XMentionsPage): MentionPost {
    const author = page.includes?.users?.find((u) => u.id === tweet.author_id);
    return {
      id: tweet.id,
      text: tweet.text,
      author: { id: tweet.author_id ?? '', handle: author?.username ?? '' },
      // The expanded target, never the t.co: a link X did not expand stays a t.co, which Herald
      // cannot see through ("I can't verify that").
      urls: (tweet.entities?.urls ?? []).map((u) => u.unwound_url ?? u.expanded_url ?? u.url ?? '').filter(Boolean),
      mentionedHandles: (tweet.entities?.mentions ?? []).map((m) => m.username),
    };
  }

  /**
   * The mention with every post it replies to and quotes (both, when both exist). A referenced
   * post missing from `includes` (deleted, withheld, protected) stays as missing: Herald then says
   * it cannot verify, never "yes".
   */
  #toMention(tweet: XTweet, page: XMentionsPage): FetchedMention {
    const references: Reference[] = (tweet.referenced_tweets ?? [])
      .filter((r): r is { type: 'replied_to' | 'quoted'; id: string } => r.type === 'replied_to' || r.type === 'quoted')
      .map((r) => {
        const found = page.includes?.tweets?.find((t) => t.id === r.id);
        return { relation: r.type, post: found ? this.#post(found, page) : undefined };
      });
    return { ...this.#post(tweet, page), platform: 'x', replyToId: tweet.id, references };
  }
}
