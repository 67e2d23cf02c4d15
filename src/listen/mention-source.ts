/**
 * Where src/listen/x-mention-source.ts and mastodon-mention-source.ts find the mention-source
 * port until they move to src/adapters/ (they are being rewritten elsewhere); delete this
 * file once their imports name src/ports/mention-source.ts.
 */
export type { FetchedMention, MentionSource } from '../ports/mention-source.ts';
