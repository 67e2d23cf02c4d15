import type { Redis } from 'ioredis';

export type Platform = 'x' | 'mastodon';
export const PLATFORMS: readonly Platform[] = ['x', 'mastodon'];

/** What Herald knows of one feed item. */
export interface ItemRecord {
  id: string;
  /** Identity: normalised guid, else normalised link. */
  identity: string;
  guid?: string;
  title: string;
  link: string;
  feedUrl: string;
  publishedAt?: string;
  firstSeenAt: string;
  status: 'announced' | 'baseline' | 'too-old' | 'held' | 'rejected' | 'duplicate';
  holdReason?: string;
}

/**
 * The ledger of one (item, platform): `pending` while Herald works on it (with
 * `attemptedAt` once a request may have reached the platform), then `posted` (remote id and
 * URL) or `failed` (reason). A publish whose ledger says `posted` never calls the platform.
 */
export interface LedgerEntry {
  state: 'pending' | 'posted' | 'failed';
  text?: string;
  attemptedAt?: number;
  remoteId?: string;
  url?: string;
  reason?: string;
  dryRun?: boolean;
  updatedAt: number;
}

export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** Set once the first non-empty poll recorded the feed's items as seen. */
  baselinedAt?: number;
  consecutiveFailures: number;
  nextAttemptAt?: number;
  lastError?: string;
  lastPolledAt?: number;
  lastSuccessAt?: number;
}

export interface PlatformPause {
  reason: string;
  since: number;
  by?: string;
}

/** Herald's own state in Redis (apart from BullMQ's queues), all keys under the prefix. */
export class RedisStore {
  readonly redis: Redis;
  readonly prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /**
   * What is already recorded: the identities seen, and for each normalised link the id of
   * the item that owns it.
   */
  async known(identities: string[], links: string[]): Promise<{ identities: Set<string>; linkOwners: Map<string, string> }> {
    const seen = new Set<string>();
    const linkOwners = new Map<string, string>();
    if (identities.length > 0) {
      const ids = await this.redis.hmget(this.key('identities'), ...identities);
      identities.forEach((identity, i) => {
        if (ids[i] !== null) seen.add(identity);
      });
    }
    if (links.length > 0) {
      const owners = await this.redis.hmget(this.key('links'), ...links);
      links.forEach((link, i) => {
        const owner = owners[i];
        if (owner !== null && owner !== undefined) linkOwners.set(link, owner);
      });
    }
    return { identities: seen, linkOwners };
  }

  /**
   * Claims each normalised link for an item id, atomically (HSETNX): when two feeds carry the
   * same post and are polled at once, only one of them announces it. Returns the ids whose
   * claim holds (newly made, or already theirs from an interrupted poll).
   */
  async claimLinks(claims: Array<{ link: string; id: string }>): Promise<Set<string>> {
    const won = new Set<string>();
    if (claims.length === 0) return won;
    const tx = this.redis.multi();
    for (const { link, id } of claims) tx.hsetnx(this.key('links'), link, id);
    await tx.exec();
    const owners = await this.redis.hmget(this.key('links'), ...claims.map((c) => c.link));
    claims.forEach(({ id }, i) => {
      if (owners[i] === id) won.add(id);
    });
    return won;
  }

  /** Records items as seen (in one transaction), with the normalised link of each. */
  async recordItems(records: Array<{ record: ItemRecord; normalisedLink: string }>): Promise<void> {
    if (records.length === 0) return;
    const tx = this.redis.multi();
    for (const { record, normalisedLink } of records) {
      tx.hset(this.key('items'), record.id, JSON.stringify(record));
      tx.hset(this.key('identities'), record.identity, record.id);
      tx.hsetnx(this.key('links'), normalisedLink, record.id);
      tx.zadd(this.key('recent'), Date.parse(record.firstSeenAt), record.id);
    }
    await tx.exec();
  }

  async getItem(id: string): Promise<ItemRecord | undefined> {
    const raw = await this.redis.hget(this.key('items'), id);
    return raw === null ? undefined : (JSON.parse(raw) as ItemRecord);
  }

  async updateItem(record: ItemRecord): Promise<void> {
    await this.redis.hset(this.key('items'), record.id, JSON.stringify(record));
  }

  /** The item with this id, identity (guid) or normalised link, if any. */
  async findItem(idOrIdentityOrLink: string[]): Promise<ItemRecord | undefined> {
    for (const candidate of idOrIdentityOrLink) {
      const direct = await this.getItem(candidate);
      if (direct) return direct;
      const id =
        (await this.redis.hget(this.key('identities'), candidate)) ??
        (await this.redis.hget(this.key('links'), candidate));
      if (id !== null) return this.getItem(id);
    }
    return undefined;
  }

  /** The most recently seen items, newest first. */
  async latestItems(count: number, filter?: (r: ItemRecord) => boolean): Promise<ItemRecord[]> {
    const ids = await this.redis.zrevrange(this.key('recent'), 0, filter ? 500 : count - 1);
    if (ids.length === 0) return [];
    const raws = await this.redis.hmget(this.key('items'), ...ids);
    const records = raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as ItemRecord);
    return (filter ? records.filter(filter) : records).slice(0, count);
  }

  async getLedger(ledgerKey: string, platform: Platform): Promise<LedgerEntry | undefined> {
    const raw = await this.redis.hget(this.key('ledger', platform), ledgerKey);
    return raw === null ? undefined : (JSON.parse(raw) as LedgerEntry);
  }

  async setLedger(ledgerKey: string, platform: Platform, entry: LedgerEntry): Promise<void> {
    await this.redis.hset(this.key('ledger', platform), ledgerKey, JSON.stringify(entry));
  }

  async getFeedState(feedId: string): Promise<FeedState> {
    const raw = await this.redis.get(this.key('feed', feedId));
    return raw === null ? { consecutiveFailures: 0 } : (JSON.parse(raw) as FeedState);
  }

  async setFeedState(feedId: string, state: FeedState): Promise<void> {
    await this.redis.set(this.key('feed', feedId), JSON.stringify(state));
  }

  /** A lock with a time to live; returns a release function, or undefined if held elsewhere. */
  async acquireLock(name: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
    const key = this.key('lock', name);
    const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
    const ok = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return undefined;
    return async () => {
      // Delete only if still ours (it may have expired and been taken by another replica).
      await this.redis.eval(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
        1,
        key,
        token,
      );
    };
  }

  /** The kill switch: set while an operator has paused the platform. */
  async getPause(platform: Platform): Promise<PlatformPause | undefined> {
    const raw = await this.redis.get(this.key('paused', platform));
    return raw === null ? undefined : (JSON.parse(raw) as PlatformPause);
  }

  async setPause(platform: Platform, pause: PlatformPause | undefined): Promise<void> {
    if (pause) await this.redis.set(this.key('paused', platform), JSON.stringify(pause));
    else await this.redis.del(this.key('paused', platform));
  }

  /** Until when the platform's own rate limit holds Herald back (epoch ms), for status. */
  async getRateLimitedUntil(platform: Platform): Promise<number | undefined> {
    const raw = await this.redis.get(this.key('rate-limited-until', platform));
    return raw === null ? undefined : Number(raw);
  }

  async setRateLimitedUntil(platform: Platform, until: number): Promise<void> {
    const ttl = Math.max(1, until - Date.now());
    await this.redis.set(this.key('rate-limited-until', platform), String(until), 'PX', ttl);
  }
}
