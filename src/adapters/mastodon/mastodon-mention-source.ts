import type { mastodon } from 'masto';
import { toPlainText } from '../../core/feed/plain-text.ts';
import type { MentionPost, Reference, Visibility } from '../../domain/mention.ts';
import type { FetchedMention, MentionSource } from '../../ports/mention-source.ts';
import { classifyMastodonError } from './classify-mastodon-error.ts';
import type { MastodonPublisher } from './mastodon-publisher.ts';

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

/** Local accounts come back without a domain: every acct is made full before anyone compares it. */
function fullAcct(acct: string, domain: string): string {
  return acct.includes('@') ? acct : `${acct}@${domain}`;
}

function toPost(status: mastodon.v1.Status, domain: string): MentionPost {
  return {
    id: status.id,
    text: toPlainText(status.content.replace(/<\/p>|<br\s*\/?>/g, ' '), 5000),
    author: { id: status.account.id, handle: fullAcct(status.account.acct, domain) },
    urls: linksOf(status),
    mentionedHandles: status.mentions.map((m) => fullAcct(m.acct, domain)),
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
  #self: { id: string; handle: string; domain: string } | undefined;

  constructor(publisher: MastodonPublisher) {
    this.#publisher = publisher;
  }

  get #client() {
    return this.#publisher.client;
  }

  /** The bot's account with its full acct (`user@domain`, the instance's account domain). */
  async self(): Promise<{ id: string; handle: string }> {
    const { id, handle } = await this.#account();
    return { id, handle };
  }

  async #account(): Promise<{ id: string; handle: string; domain: string }> {
    if (!this.#self) {
      try {
        const me = await this.#client.v1.accounts.verifyCredentials();
        const domain = await this.#domain();
        this.#self = { id: me.id, handle: fullAcct(me.acct, domain), domain };
      } catch (error) {
        throw classifyMastodonError(error, 'reading the account (verify_credentials)');
      }
    }
    return this.#self;
  }

  /** The instance's account domain (`domain` of /api/v2/instance; it may differ from the web host). */
  async #domain(): Promise<string> {
    const instance = await this.#client.v2.instance.fetch();
    const domain = String(instance.domain ?? '').toLowerCase();
    if (domain === '') throw new Error('the instance did not say its domain (/api/v2/instance)');
    return domain;
  }

  async fetchSince(cursor: string | undefined): Promise<{ mentions: FetchedMention[]; cursor: string }> {
    const { domain } = await this.#account();
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
        ...toPost(status, domain),
        platform: 'mastodon',
        replyToId: status.id,
        visibility: status.visibility as Visibility,
        references: await this.#references(status, domain),
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

  /**
   * The status replied to and the status quoted (Mastodon 4.5 quotes). One that cannot be loaded
   * (deleted, private, a failed fetch, a quote not accepted) is kept as missing: Herald then says
   * it cannot verify, never "yes".
   */
  async #references(status: mastodon.v1.Status, domain: string): Promise<Reference[]> {
    const references: Reference[] = [];
    if (status.inReplyToId) references.push({ relation: 'replied_to', post: await this.#fetchPost(status.inReplyToId, domain) });
    const quote = status.quote as { state?: string; quotedStatus?: mastodon.v1.Status | null; quotedStatusId?: string | null } | null | undefined;
    if (quote) {
      const post =
        quote.state !== 'accepted'
          ? undefined
          : quote.quotedStatus
            ? toPost(quote.quotedStatus, domain)
            : quote.quotedStatusId
              ? await this.#fetchPost(quote.quotedStatusId, domain)
              : undefined;
      references.push({ relation: 'quoted', post });
    }
    return references;
  }

  async #fetchPost(id: string, domain: string): Promise<MentionPost | undefined> {
    try {
      return toPost(await this.#client.v1.statuses.$select(id).fetch(), domain);
    } catch {
      return undefined;
    }
  }
}
