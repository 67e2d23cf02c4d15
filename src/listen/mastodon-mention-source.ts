import type { mastodon } from 'masto';
import { toPlainText } from '../feed/plain-text.ts';
import type { Visibility } from '../mentions/decide-reply.ts';
import type { MentionPost } from '../mentions/find-subjects.ts';
import { classifyMastodonError, type MastodonPublisher } from '../publish/mastodon-publisher.ts';
import type { FetchedMention, MentionSource } from './mention-source.ts';

const MAX_PAGES = 10;
const byId = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

/** Links in a status's HTML, without the mention and hashtag links Mastodon adds itself. */
function linksOf(status: mastodon.v1.Status): string[] {
  const skip = new Set([...status.mentions.map((m) => m.url), ...status.tags.map((t) => t.url)]);
  const links: string[] = [];
  for (const match of status.content.matchAll(/<a\s[^>]*href="([^"]+)"[^>]*>/g)) {
    const tag = match[0];
    const href = match[1]!.replaceAll('&amp;', '&');
    if (/class="[^"]*\b(mention|hashtag)\b/.test(tag) || skip.has(href)) continue;
    links.push(href);
  }
  return links;
}

function toPost(status: mastodon.v1.Status): MentionPost {
  return {
    id: status.id,
    text: toPlainText(status.content.replace(/<\/p>|<br\s*\/?>/g, ' '), 5000),
    author: { id: status.account.id, handle: status.account.acct },
    urls: linksOf(status),
    mentionedHandles: status.mentions.map((m) => m.acct),
  };
}

/**
 * Mentions on Mastodon: `GET /api/v1/notifications?types[]=mention` with `min_id` kept in
 * Redis. `min_id` returns the page just after the cursor, so following it page by page never
 * skips a mention, however many arrived.
 */
export class MastodonMentionSource implements MentionSource {
  readonly platform = 'mastodon' as const;
  readonly #publisher: MastodonPublisher;
  #self: { id: string; handle: string } | undefined;

  constructor(publisher: MastodonPublisher) {
    this.#publisher = publisher;
  }

  get #client() {
    return this.#publisher.client;
  }

  async self(): Promise<{ id: string; handle: string }> {
    if (!this.#self) {
      try {
        const me = await this.#client.v1.accounts.verifyCredentials();
        this.#self = { id: me.id, handle: me.acct };
      } catch (error) {
        throw classifyMastodonError(error, 'reading the account (verify_credentials)');
      }
    }
    return this.#self;
  }

  async fetchSince(cursor: string | undefined): Promise<{ mentions: FetchedMention[]; cursor: string }> {
    await this.self();
    if (cursor === undefined) {
      const latest = await this.#list({ limit: 1 });
      return { mentions: [], cursor: latest[0]?.id ?? '0' };
    }
    const notifications: mastodon.v1.Notification[] = [];
    let minId = cursor;
    for (let page = 0; page < MAX_PAGES; page++) {
      const batch = await this.#list({ minId, limit: 40 });
      if (batch.length === 0) break;
      notifications.push(...batch);
      minId = batch.map((n) => n.id).sort(byId).at(-1)!;
    }
    notifications.sort((a, b) => byId(a.id, b.id));
    const mentions: FetchedMention[] = [];
    for (const notification of notifications) {
      const status = notification.status;
      if (notification.type !== 'mention' || !status) continue;
      mentions.push({
        ...toPost(status),
        platform: 'mastodon',
        replyToId: status.id,
        visibility: status.visibility as Visibility,
        referenced: await this.#referenced(status),
      });
    }
    return { mentions, cursor: minId };
  }

  async #list(params: { minId?: string; limit: number }): Promise<mastodon.v1.Notification[]> {
    try {
      return await this.#client.v1.notifications.list({ types: ['mention'], ...params });
    } catch (error) {
      throw classifyMastodonError(error, 'reading mentions (GET /api/v1/notifications)');
    }
  }

  async #referenced(status: mastodon.v1.Status): Promise<MentionPost | undefined> {
    if (!status.inReplyToId) return undefined;
    try {
      return toPost(await this.#client.v1.statuses.$select(status.inReplyToId).fetch());
    } catch {
      return undefined;
    }
  }
}
