/**
 * Where src/listen/mastodon-mention-source.ts finds the Mastodon publisher until it moves to
 * src/adapters/ (it is being rewritten elsewhere); delete this file once its imports name
 * src/adapters/mastodon/.
 */
export { classifyMastodonError } from '../adapters/mastodon/classify-mastodon-error.ts';
export { MastodonPublisher } from '../adapters/mastodon/mastodon-publisher.ts';
