import type { FeedPacing } from '../../ports/feed-fetcher.ts';

/** Anything beyond this is nonsense from a header, not a wait (the poller caps far lower). */
const ABSURD_SECONDS = 10 * 365 * 24 * 3600;

const wholeSeconds = (text: string): number | undefined => (/^\d{1,12}$/.test(text) ? Math.min(Number(text), ABSURD_SECONDS) : undefined);

/**
 * `max-age` of a `Cache-Control` header (RFC 9111 5.2.2): how long the answer stays fresh,
 * less its `Age` when a cache served it. `no-store` and `no-cache` mean "always ask", so no
 * floor; `s-maxage` is for shared caches, not for us; a malformed or repeated max-age is
 * ignored rather than guessed at.
 */
export function readMaxAge(cacheControl: string | null, age: string | null): number | undefined {
  if (cacheControl === null) return undefined;
  const directives = cacheControl.split(',').map((d) => d.trim().toLowerCase());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache' || d.startsWith('no-cache='))) return undefined;
  const maxAges = directives.filter((d) => /^max-age\s*=/.test(d)).map((d) => wholeSeconds(d.replace(/^max-age\s*=\s*/, '').replace(/^"(.*)"$/, '$1')));
  if (maxAges.length !== 1 || maxAges[0] === undefined) return undefined;
  const aged = age === null ? 0 : (wholeSeconds(age.trim()) ?? 0);
  return Math.max(0, maxAges[0] - aged);
}

/**
 * `Retry-After` (RFC 9110 10.2.3): delay-seconds, or an HTTP-date. A date is measured against
 * the answer's own `Date` (so a skewed clock on either side does not stretch the wait), or
 * against `now` when the server sent none. A date in the past is no wait; garbage is ignored.
 */
export function readRetryAfter(retryAfter: string | null, date: string | null, now: number): number | undefined {
  if (retryAfter === null) return undefined;
  const text = retryAfter.trim();
  const seconds = wholeSeconds(text);
  if (seconds !== undefined) return seconds;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
  const served = date === null ? Number.NaN : Date.parse(date);
  const from = Number.isNaN(served) ? now : served;
  return Math.min(ABSURD_SECONDS, Math.max(0, Math.ceil((at - from) / 1000)));
}

/** The pacing headers of an answer; undefined when it sent none that count. */
export function readPacing(headers: Headers, now = Date.now()): FeedPacing | undefined {
  const pacing: FeedPacing = {};
  const maxAge = readMaxAge(headers.get('cache-control'), headers.get('age'));
  const retryAfter = readRetryAfter(headers.get('retry-after'), headers.get('date'), now);
  if (maxAge !== undefined) pacing.maxAgeSeconds = maxAge;
  if (retryAfter !== undefined) pacing.retryAfterSeconds = retryAfter;
  return Object.keys(pacing).length > 0 ? pacing : undefined;
}
