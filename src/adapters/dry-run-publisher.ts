import type { Logger } from 'pino';
import type { CredentialReport, RemovalResult } from '../domain/credential-report.ts';
import { HardStopError } from '../domain/platform-errors.ts';
import { PLATFORM_NAMES, type Platform } from '../domain/platform.ts';
import type { PostLimits } from '../domain/post-limits.ts';
import type { PublishRequest, PublishResult, Publisher, RemotePost } from '../ports/publisher.ts';

/** What each platform allows when Herald cannot ask it (Mastodon's usual instance, Bluesky's 300 graphemes). */
const DRY_RUN_LIMITS: Record<Platform, PostLimits> = {
  x: { platform: 'x' },
  mastodon: { platform: 'mastodon', maxCharacters: 500, charactersReservedPerUrl: 23 },
  bluesky: { platform: 'bluesky', maxGraphemes: 300 },
};


/**
 * A platform without credentials (or with DRY_RUN=true): logs the exact post and reports it
 * posted under a `dry-run-…` id, so the ledger records what would have gone out.
 */
export class DryRunPublisher implements Publisher {
  readonly platform: Platform;
  readonly dryRun = true;
  readonly #limits: PostLimits;
  readonly #log: Logger;

  constructor(platform: Platform, log: Logger) {
    this.platform = platform;
    this.#log = log;
    this.#limits = DRY_RUN_LIMITS[platform];
  }

  async limits(): Promise<PostLimits> {
    return this.#limits;
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    this.#log.info(
      { platform: this.platform, dryRun: true, text: request.text, inReplyToId: request.inReplyToId },
      `dry run: would post to ${PLATFORM_NAMES[this.platform]}:\n${request.text}`,
    );
    return { kind: 'posted', post: { id: `dry-run-${request.idempotencyKey}` } };
  }

  async findExisting(): Promise<RemotePost | undefined> {
    return undefined;
  }

  /**
   * A dry run sends nothing, so the post asked for was made elsewhere (live, earlier): without
   * credentials it cannot be deleted from here, and saying it was would be a lie.
   */
  async remove(remoteId: string): Promise<RemovalResult> {
    const name = PLATFORM_NAMES[this.platform];
    throw new HardStopError(`${name} has no credentials here, so post ${remoteId} cannot be deleted from this process: set them and run the retract again (or delete it by hand).`);
  }

  async checkCredentials(): Promise<CredentialReport> {
    const name = PLATFORM_NAMES[this.platform];
    return { platform: this.platform, state: 'dry-run', detail: `dry run: no ${name} credentials are used (posts are logged, not sent)` };
  }
}
