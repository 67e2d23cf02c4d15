import type { LedgerEntry } from '../../domain/ledger-entry.ts';
import type { Platform } from '../../domain/platform.ts';
import type { LedgerPost, PostLedger } from '../../ports/post-ledger.ts';
import { copyValue } from './copy-value.ts';
import { entriesAcrossPlatforms } from '../entries-across-platforms.ts';

export class MemoryPostLedger implements PostLedger {
  readonly #entries = new Map<string, LedgerEntry>();
  /** `<platform> <remote id>` → ledger key. */
  readonly #posts = new Map<string, string>();

  async get(key: string, platform: Platform): Promise<LedgerEntry | undefined> {
    const entry = this.#entries.get(`${platform} ${key}`);
    return entry && copyValue(entry);
  }

  async set(key: string, platform: Platform, entry: LedgerEntry): Promise<void> {
    this.#entries.set(`${platform} ${key}`, copyValue(entry));
    if (entry.remoteId !== undefined) this.#posts.set(`${platform} ${entry.remoteId}`, key);
  }

  async setUnlessRetracted(key: string, platform: Platform, entry: LedgerEntry): Promise<boolean> {
    if (this.#entries.get(`${platform} ${key}`)?.state === 'retracted') return false;
    await this.set(key, platform, entry);
    return true;
  }

  async keysStartingWith(platform: Platform, prefix: string): Promise<string[]> {
    const own = `${platform} ${prefix}`;
    return [...this.#entries.keys()].filter((k) => k.startsWith(own)).map((k) => k.slice(platform.length + 1));
  }

  entries(key: string): Promise<Partial<Record<Platform, LedgerEntry>>> {
    return entriesAcrossPlatforms(key, (k, platform) => this.get(k, platform));
  }

  async findPost(platform: Platform, remoteId: string): Promise<LedgerPost | undefined> {
    const key = this.#posts.get(`${platform} ${remoteId}`);
    const entry = key === undefined ? undefined : await this.get(key, platform);
    // The index may point at an entry since replaced by one for another post.
    return key !== undefined && entry?.remoteId === remoteId ? { key, entry } : undefined;
  }
}
