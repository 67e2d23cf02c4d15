import type { OfficialChannels } from '../../../config/official-channels.ts';
import { verifyUrl } from '../../core/mentions/verify-url.ts';
import { sameLink } from '../../core/publish/same-link.ts';
import type { LinkCard } from '../../ports/publisher.ts';
import type { Atproto } from './bluesky-connection.ts';

export interface StrongRef {
  uri: string;
  cid: string;
}

export interface PostParts {
  text: string;
  /** The platform's footer (BLUESKY_FOOTER): everything it links is linked, wherever it points. */
  footer?: string;
  /** The announced link: always a link. */
  link?: string;
  reply?: { root: StrongRef; parent: StrongRef };
  card?: LinkCard;
  /** The card's image, uploaded already (a blob reference). */
  thumb?: unknown;
}

interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: Array<{ $type: string; uri?: string }>;
}

/** The UTF-8 byte range of the footer at the end of the post, if it is there. */
function footerRange(text: string, footer: string | undefined): { start: number; end: number } | undefined {
  if (footer === undefined || footer === '' || !text.endsWith(footer)) return undefined;
  const end = UTF8.encode(text).length;
  return { start: end - UTF8.encode(footer).length, end };
}

const UTF8 = new TextEncoder();

/**
 * Link facets (UTF-8 byte ranges, as Bluesky counts them: `RichText` of `@atproto/api` finds the
 * URLs and bare domains). A Bluesky post links nothing by itself, so Herald decides what does: the
 * announced link, what the footer names (the operator's own text: `session.foundation`,
 * `x.com/SessionTechFND`), and what the official channels registry verifies as official (a
 * reply's "Official: …" line). A domain that a title happens to name stays plain text, and so
 * does every `@handle` and `#tag`.
 */
export function linkFacets(atproto: Atproto, text: string, link: string | undefined, channels: OfficialChannels, footer?: string): Facet[] {
  const rich = new atproto.RichText({ text });
  rich.detectFacetsWithoutResolution();
  const inFooter = footerRange(text, footer);
  const facets: Facet[] = [];
  for (const facet of rich.facets ?? []) {
    const feature = facet.features.find((f) => f.$type === 'app.bsky.richtext.facet#link') as { uri?: string } | undefined;
    const uri = feature?.uri;
    if (uri === undefined) continue;
    const footerLink = inFooter !== undefined && facet.index.byteStart >= inFooter.start && facet.index.byteEnd <= inFooter.end;
    const wanted = footerLink || (link !== undefined && sameLink(uri, link)) || verifyUrl(uri, channels).verdict === 'official';
    if (wanted) facets.push({ index: { byteStart: facet.index.byteStart, byteEnd: facet.index.byteEnd }, features: [{ $type: 'app.bsky.richtext.facet#link', uri }] });
  }
  return facets;
}

/** The `app.bsky.feed.post` record: text, link facets, the reply's thread, the link card. */
export function buildPostRecord(atproto: Atproto, parts: PostParts, channels: OfficialChannels, now: Date): Record<string, unknown> {
  const record: Record<string, unknown> = { $type: 'app.bsky.feed.post', text: parts.text, createdAt: now.toISOString() };
  const facets = linkFacets(atproto, parts.text, parts.link, channels, parts.footer);
  if (facets.length > 0) record.facets = facets;
  if (parts.reply !== undefined) record.reply = parts.reply;
  if (parts.card !== undefined) {
    const external: Record<string, unknown> = { uri: parts.card.url, title: parts.card.title, description: parts.card.description ?? '' };
    if (parts.thumb !== undefined) external.thumb = parts.thumb;
    record.embed = { $type: 'app.bsky.embed.external', external };
  }
  return record;
}
