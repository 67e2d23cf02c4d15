/** Query parameters that only track campaigns; they never change which post a link points to. */
const TRACKING_PARAM = /^utm_/i;

/**
 * Canonical form of a post URL, used as (part of) an item's identity.
 *
 * Why: the same post reached by `HTTPS://GetSession.org:443/blog/x/?utm_source=rss#top` and
 * `https://getsession.org/blog/x` must get the same identity, or it is posted twice. So: scheme
 * and host lower-cased (the URL parser does this, and IDNs become punycode), default port
 * dropped, fragment dropped, `utm_*` parameters dropped, trailing slashes removed from the path
 * except the root. Other query parameters are kept byte-for-byte and in order (`?p=123` is often
 * the only thing that tells two WordPress posts apart).
 *
 * Throws a TypeError if `url` is not an absolute URL; callers resolve relative links first.
 */
export function normaliseLink(url: string): string {
  const parsed = new URL(url.trim());
  parsed.hash = '';
  const kept = parsed.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !TRACKING_PARAM.test(decodeQueryName(pair)));
  parsed.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  if (parsed.pathname.length > 1) {
    const trimmed = parsed.pathname.replace(/\/+$/, '');
    parsed.pathname = trimmed === '' ? '/' : trimmed;
  }
  // An empty `?` or `#` survives assignment in some cases; strip it from the serialised form.
  return parsed.href.replace(/[?#]+$/, '');
}

function decodeQueryName(pair: string): string {
  const name = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}
