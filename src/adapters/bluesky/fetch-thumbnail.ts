import { isUnder } from '../../core/mentions/verify-host.ts';

/** Bluesky's limit for a link card's image (the lexicon's maxSize). */
export const MAX_THUMBNAIL_BYTES = 1_000_000;
/** However long HTTP_TIMEOUT_SECONDS is, a card image is not worth waiting longer for. */
const MAX_THUMBNAIL_MS = 5000;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

export interface ThumbnailPolicy {
  /** Images are fetched only from these domains (subdomains included): the registry's. */
  officialDomains: readonly string[];
  /** `http://` too (tests; follows ALLOW_INSECURE_FEEDS). */
  allowInsecure: boolean;
  timeoutMs: number;
}

export interface Thumbnail {
  bytes: Uint8Array;
  mimeType: string;
}

/** The URL, when it may be fetched: http(s) per policy, no credentials, on an official domain. */
function officialUrl(raw: string | undefined, policy: ThumbnailPolicy): URL | undefined {
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    const schemeOk = url.protocol === 'https:' || (policy.allowInsecure && url.protocol === 'http:');
    const host = url.hostname.toLowerCase().replace(/\.+$/, '');
    return schemeOk && url.username === '' && url.password === '' && isUnder(host, policy.officialDomains) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** One GET without redirects, within the deadline: the body (capped) if the type is wanted, else nothing. */
async function fetchCapped(url: URL, policy: ThumbnailPolicy, accept: (type: string) => boolean, max: number): Promise<{ bytes: Uint8Array; type: string } | undefined> {
  const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(Math.min(policy.timeoutMs, MAX_THUMBNAIL_MS)) });
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (response.status !== 200 || !accept(type) || declared > max || response.body === null) {
    await response.body?.cancel();
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  return { bytes: Buffer.concat(chunks), type };
}

/**
 * The image of an item's link card (the feed's image for the item), or undefined: only from an
 * official domain (a feed cannot make the Foundation's post show a stranger's picture), no
 * redirects, an image type, at most 1 MB and a few seconds. Never throws: a card without an image
 * is better than no post.
 */
export async function fetchThumbnail(card: { url: string; imageUrl?: string }, policy: ThumbnailPolicy): Promise<Thumbnail | undefined> {
  try {
    const url = officialUrl(card.imageUrl, policy);
    if (url === undefined) return undefined;
    const image = await fetchCapped(url, policy, (type) => IMAGE_TYPES.has(type), MAX_THUMBNAIL_BYTES);
    return image === undefined || image.bytes.length === 0 ? undefined : { bytes: image.bytes, mimeType: image.type };
  } catch {
    return undefined;
  }
}
