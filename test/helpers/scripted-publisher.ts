import type { CredentialReport, RemovalResult } from '../../src/domain/credential-report.ts';
import type { Platform } from '../../src/domain/platform.ts';
import type { PostLimits } from '../../src/domain/post-limits.ts';
import type { ExistingPostQuery, PublishRequest, PublishResult, Publisher, RemotePost } from '../../src/ports/publisher.ts';

/**
 * An in-memory publisher: keeps what it posts, and fails the next calls with the errors it is
 * given (a fault no fake server can produce exactly, such as a 429 with no reset at all).
 */
export class ScriptedPublisher implements Publisher {
  readonly platform: Platform;
  readonly dryRun = false;
  readonly posts: Array<PublishRequest & { id: string }> = [];
  readonly #failures: Error[] = [];

  constructor(platform: Platform) {
    this.platform = platform;
  }

  failNext(...errors: Error[]): void {
    this.#failures.push(...errors);
  }

  async limits(): Promise<PostLimits> {
    return this.platform === 'x' ? { platform: 'x' } : { platform: 'mastodon', maxCharacters: 500, charactersReservedPerUrl: 23 };
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const failure = this.#failures.shift();
    if (failure) throw failure;
    const id = String(this.posts.length + 1);
    this.posts.push({ ...request, id });
    return { kind: 'posted', post: { id } };
  }

  async findExisting(query: ExistingPostQuery): Promise<RemotePost | undefined> {
    const found = this.posts.find((p) => (query.inReplyToId !== undefined ? p.inReplyToId === query.inReplyToId : query.link !== undefined && p.text.includes(query.link)));
    return found && { id: found.id };
  }

  async remove(remoteId: string): Promise<RemovalResult> {
    const failure = this.#failures.shift();
    if (failure) throw failure;
    const at = this.posts.findIndex((p) => p.id === remoteId);
    if (at < 0) return 'already-gone';
    this.posts.splice(at, 1);
    return 'removed';
  }

  async checkCredentials(): Promise<CredentialReport> {
    return { platform: this.platform, state: 'ok', detail: 'scripted' };
  }
}
