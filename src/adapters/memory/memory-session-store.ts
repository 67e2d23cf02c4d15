import type { Platform } from '../../domain/platform.ts';
import type { SessionStore } from '../../ports/session-store.ts';

export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, string>();

  async get(platform: Platform, account: string): Promise<string | undefined> {
    return this.#sessions.get(`${platform}:${account.toLowerCase()}`);
  }

  async set(platform: Platform, account: string, session: string): Promise<void> {
    this.#sessions.set(`${platform}:${account.toLowerCase()}`, session);
  }
}
