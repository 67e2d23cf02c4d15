type HeaderBag = Record<string, string | string[] | number | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  if (Array.isArray(value)) return value[0];
  return value === undefined ? undefined : String(value);
}

function epochSeconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value) * 1000;
}

/**
 * When X says no call is left before a reset, the epoch ms to wait for: the 15-minute window
 * (`x-rate-limit-*`), or the 24-hour user / app caps (`x-user-limit-24hour-*`,
 * `x-app-limit-24hour-*`) when those are at 0, whichever ends last. `undefined` when calls
 * remain, or no reset is given.
 */
export function xExhaustedUntil(headers: HeaderBag): number | undefined {
  const windows = [
    ['x-rate-limit-remaining', 'x-rate-limit-reset'],
    ['x-user-limit-24hour-remaining', 'x-user-limit-24hour-reset'],
    ['x-app-limit-24hour-remaining', 'x-app-limit-24hour-reset'],
  ] as const;
  let until: number | undefined;
  for (const [remaining, reset] of windows) {
    if (header(headers, remaining)?.trim() !== '0') continue;
    const at = epochSeconds(header(headers, reset));
    if (at !== undefined && (until === undefined || at > until)) until = at;
  }
  return until;
}

/** For an X 429: the reset to wait for (24-hour cap first), or undefined if none is given. */
export function xResetAfter429(headers: HeaderBag): number | undefined {
  return xExhaustedUntil(headers) ?? epochSeconds(header(headers, 'x-rate-limit-reset'));
}

/** Mastodon's reset (`X-RateLimit-Reset`, ISO 8601) as epoch ms, if present and valid. */
export function mastodonReset(headers: { get(name: string): string | null }): number | undefined {
  const raw = headers.get('x-ratelimit-reset');
  if (raw === null) return undefined;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : at;
}

/** Bluesky's reset (`ratelimit-reset`, epoch seconds) as epoch ms, if present and valid. */
export function blueskyReset(headers: HeaderBag | undefined): number | undefined {
  return headers === undefined ? undefined : epochSeconds(header(headers, 'ratelimit-reset'));
}

/**
 * When Bluesky says fewer points remain than the next call costs (a post costs 3 of the hourly
 * write points): the reset to wait for. `undefined` when enough remain, or nothing is said.
 */
export function blueskyExhaustedUntil(headers: HeaderBag | undefined, cost = 1): number | undefined {
  const remaining = headers === undefined ? undefined : header(headers, 'ratelimit-remaining');
  if (remaining === undefined || !/^\d+$/.test(remaining.trim()) || Number(remaining) >= cost) return undefined;
  return blueskyReset(headers);
}
